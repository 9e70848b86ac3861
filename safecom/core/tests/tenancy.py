from safecom.core.tests.tenancy_support import ALL

PAGES = {
    "core:home": ("get", lambda w, s: "/", ALL, 200),
    "core:healthz": ("get", lambda w, s: "/healthz", ALL, 200),
}
