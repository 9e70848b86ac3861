from safecom.core.tests.tenancy_support import ALL

# A person's own reminders only: the queryset starts from the signed-in user (test_reminders).
PAGES = {
    "notifications:home": ("get", lambda w, s: "/reminders/", ALL, 200),
    "notifications:choices": ("get", lambda w, s: "/reminders/choices/", ALL, 200),
}
API_OPS = {
    ("get", "/api/notifications"): (lambda w, s: "/api/notifications", ALL, 200, None),
}
