from safecom.core.tests.tenancy_support import ALL

PAGES = {"accounts:account": ("get", lambda w, s: "/account/", ALL, 200)}
# Sign-in and sign-out are not tenant data; token revoke is tested in core/tests/test_tenancy.
# The second-factor pages are about the signed-in person only, tested in test_security.py.
NOT_TENANT_PAGES = {
    "accounts:login",
    "accounts:logout",
    "accounts:token_revoke",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:two_factor_remove",
}
API_OPS = {("get", "/api/me"): (lambda w, s: "/api/me", ALL, 200, None)}
