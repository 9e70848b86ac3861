AUDITORS = {"auditor", "partnership_admin"}

# The trail of the user's own organisation; nothing of another's ever appears (see test_audit).
PAGES = {
    "audit:home": ("get", lambda w, s: "/audit/", AUDITORS, 200),
    "audit:export": ("get", lambda w, s: "/audit/export.csv", AUDITORS, 200),
}
