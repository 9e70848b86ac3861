from safecom.core.tests.tenancy_support import ALL

# The standards library is published material, the same for every signed-in user.
PAGES = {
    "standards:list": ("get", lambda w, s: "/standards/", ALL, 200),
    "standards:detail": ("get", lambda w, s: "/standards/dorset/", ALL, 200),
}
API_OPS = {
    ("get", "/api/frameworks"): (lambda w, s: "/api/frameworks", ALL, 200, None),
    ("get", "/api/frameworks/coverage"): (lambda w, s: "/api/frameworks/coverage", ALL, 200, None),
    ("get", "/api/frameworks/{slug}"): (lambda w, s: "/api/frameworks/nel", ALL, 200, None),
}
