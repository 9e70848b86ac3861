from safecom.core.tests.tenancy_support import ALL


def _contract(w, s):  # type: ignore[no-untyped-def]
    return getattr(w, "contract_" + s)


PAGES = {
    "contracts:list": ("get", lambda w, s: "/contracts/", ALL, 200),
    "contracts:new": ("get", lambda w, s: "/contracts/new/", {"commissioner"}, 200),
    "contracts:detail": ("get", lambda w, s: f"/contracts/{_contract(w, s).pk}/", ALL, 200),
    "contracts:edit": (
        "get",
        lambda w, s: f"/contracts/{_contract(w, s).pk}/edit/",
        {"commissioner"},
        200,
    ),
    "contracts:stage": (
        "post",
        lambda w, s: f"/contracts/{_contract(w, s).pk}/stage/",
        {"commissioner"},
        302,
    ),
}
API_OPS = {
    ("get", "/api/contracts"): (lambda w, s: "/api/contracts", ALL, 200, None),
    ("get", "/api/contracts/{pk}"): (
        lambda w, s: f"/api/contracts/{_contract(w, s).pk}",
        ALL,
        200,
        None,
    ),
    ("post", "/api/contracts"): (
        lambda w, s: "/api/contracts",
        {"commissioner"},
        201,
        lambda w, s: {
            "commissioner": getattr(w, "commissioner_" + s).slug,
            "provider": w.provider_a.slug,
            "reference": f"NEW-{s}",
            "title": "New service",
            "client_group": "children",
        },
    ),
    ("get", "/api/contracts/{pk}/gate"): (
        lambda w, s: f"/api/contracts/{_contract(w, s).pk}/gate",
        ALL,
        200,
        None,
    ),
    ("post", "/api/contracts/{pk}/gate/settings"): (
        lambda w, s: f"/api/contracts/{_contract(w, s).pk}/gate/settings",
        {"commissioner"},
        200,
        lambda w, s: {"gate_at_award": True},
    ),
    ("post", "/api/contracts/{pk}/gate/clause-confirmation"): (
        lambda w, s: f"/api/contracts/{_contract(w, s).pk}/gate/clause-confirmation",
        {"commissioner"},
        201,
        lambda w, s: {"reason": "Read clause 14 of the signed contract: every element is there."},
    ),
    ("post", "/api/contracts/{pk}/stage"): (
        lambda w, s: f"/api/contracts/{_contract(w, s).pk}/stage",
        {"commissioner"},
        200,
        lambda w, s: {"to_stage": "tender"},
    ),
}
