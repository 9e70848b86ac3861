import base64

from safecom.core.tests.tenancy_support import ALL

VIEWERS = {"partnership_admin", "commissioner", "qa_officer", "auditor"}


def _contract(w, s):  # type: ignore[no-untyped-def]
    return getattr(w, "contract_" + s)


def _check(w, s):  # type: ignore[no-untyped-def]
    from safecom.documents.tests.factories import make_check

    found = getattr(w, "doccheck_" + s, None)
    if found is None:
        found = make_check(contract=_contract(w, s))
        setattr(w, "doccheck_" + s, found)
    return found


def _audit(w, s):  # type: ignore[no-untyped-def]
    from safecom.documents.tests.factories import PortfolioAuditFactory

    found = getattr(w, "docaudit_" + s, None)
    if found is None:
        found = PortfolioAuditFactory(commissioner=getattr(w, "commissioner_" + s))
        setattr(w, "docaudit_" + s, found)
    return found


POLICY = base64.b64encode(
    b"Safeguarding policy. We are committed to complying with the Children Act 1989 and 2004."
).decode()

PAGES = {
    "documents:home": ("get", lambda w, s: "/documents/", ALL, 200),
    # Posted without a file: those who may upload are told what is missing (400).
    "documents:check_new": (
        "post",
        lambda w, s: f"/documents/contracts/{_contract(w, s).pk}/check/",
        {"commissioner", "provider_lead"},
        400,
    ),
    "documents:check_detail": (
        "get",
        lambda w, s: f"/documents/checks/{_check(w, s).pk}/",
        ALL,
        200,
    ),
    "documents:audit": ("get", lambda w, s: "/documents/audit/", VIEWERS, 200),
    "documents:audit_start": (
        "post",
        lambda w, s: f"/documents/audit/{getattr(w, 'commissioner_' + s).slug}/start/",
        {"commissioner", "qa_officer"},
        302,
    ),
    "documents:audit_detail": (
        "get",
        lambda w, s: f"/documents/audit/results/{_audit(w, s).pk}/",
        VIEWERS,
        200,
    ),
}
API_OPS = {
    ("get", "/api/documents/contracts/{pk}/checks"): (
        lambda w, s: f"/api/documents/contracts/{_contract(w, s).pk}/checks",
        ALL,
        200,
        None,
    ),
    ("post", "/api/documents/contracts/{pk}/checks"): (
        lambda w, s: f"/api/documents/contracts/{_contract(w, s).pk}/checks",
        {"commissioner", "provider_lead"},
        201,
        lambda w, s: {
            "name": "policy.txt",
            "content_base64": POLICY,
            "framework": "hips",
            "kind": "provider_policy",
        },
    ),
    ("get", "/api/documents/checks/{pk}"): (
        lambda w, s: f"/api/documents/checks/{_check(w, s).pk}",
        ALL,
        200,
        None,
    ),
    ("post", "/api/documents/audits"): (
        lambda w, s: "/api/documents/audits",
        {"commissioner", "qa_officer"},
        202,
        lambda w, s: {"commissioner": getattr(w, "commissioner_" + s).slug},
    ),
    ("get", "/api/documents/audits/{pk}"): (
        lambda w, s: f"/api/documents/audits/{_audit(w, s).pk}",
        VIEWERS,
        200,
        None,
    ),
}
