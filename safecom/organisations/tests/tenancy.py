from safecom.core.tests.tenancy_support import ALL

PAGES = {
    "organisations:list": ("get", lambda w, s: "/organisations/", ALL, 200),
    "organisations:detail": (
        "get",
        lambda w, s: f"/organisations/{getattr(w, 'provider_' + s).slug}/",
        ALL,
        200,
    ),
}
API_OPS = {
    ("get", "/api/organisations"): (lambda w, s: "/api/organisations", ALL, 200, None),
    ("get", "/api/organisations/{slug}"): (
        lambda w, s: f"/api/organisations/{getattr(w, 'provider_' + s).slug}",
        ALL,
        200,
        None,
    ),
}
