"""Every assurance page and API operation, as the tenancy matrix test needs them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from safecom.assurance.tests import factories as f
from safecom.core.tests.tenancy_support import ALL

RECORD = {"commissioner", "qa_officer"}
OVERSIGHT = {"partnership_admin", "commissioner", "qa_officer", "auditor"}
LOG = {"commissioner", "qa_officer", "provider_lead"}


def _c(w: Any, s: str) -> Any:
    return getattr(w, "contract_" + s)


def _x(w: Any, s: str) -> Any:
    """Assurance records of each kind on side `s`'s contract, made on first use."""
    key = "assurance_" + s
    if hasattr(w, key):
        return getattr(w, key)
    contract = _c(w, s)
    partnership = getattr(w, "partnership_" + s)
    provider = getattr(w, "provider_" + s)
    meeting = f.MeetingFactory(contract=contract)
    check = f.CheckFactory(contract=contract)
    review = f.ReviewFactory(contract=contract)
    template = f.TemplateFactory(commissioner=contract.commissioner)
    f.ReturnItemFactory(template=template)
    briefing = f.BriefingFactory(partnership=partnership)
    f.RecipientFactory(briefing=briefing, provider=provider)
    checklist = f.checklist_for(contract)
    made = SimpleNamespace(
        meeting=meeting,
        action=f.ActionFactory(meeting=meeting),
        metric=f.MetricFactory(contract=contract),
        check=check,
        allegation=f.AllegationFactory(contract=contract),
        review=review,
        recommendation=f.RecommendationFactory(review=review),
        template=template,
        ret=f.ReturnFactory(template=template, contract=contract),
        report=f.AnnualReportFactory(contract=contract),
        briefing=briefing,
        item=f.item_of(checklist),
    )
    setattr(w, key, made)
    return made


def _page(path: str, attr: str | None = None) -> Any:
    """A path builder: `path` formatted with the pk of the side's contract or record."""

    def build(w: Any, s: str) -> str:
        obj = _c(w, s) if attr is None else getattr(_x(w, s), attr)
        return path.format(obj.pk)

    return build


PAGES = {
    "assurance:home": ("get", lambda w, s: "/assurance/", ALL, 200),
    "assurance:schedule": ("get", lambda w, s: "/assurance/schedule/", OVERSIGHT, 200),
    "assurance:risk_policy": ("get", lambda w, s: "/assurance/risk-policy/", RECORD, 200),
    "assurance:contract": ("get", _page("/assurance/contracts/{}/"), ALL, 200),
    "assurance:meeting_new": ("get", _page("/assurance/contracts/{}/meetings/new/"), RECORD, 200),
    "assurance:meeting": ("get", _page("/assurance/meetings/{}/", "meeting"), ALL, 200),
    "assurance:meeting_action_new": (
        "get",
        _page("/assurance/meetings/{}/actions/new/", "meeting"),
        RECORD,
        200,
    ),
    "assurance:action_done": ("post", _page("/assurance/actions/{}/done/", "action"), RECORD, 302),
    "assurance:metric_new": ("get", _page("/assurance/contracts/{}/metrics/new/"), RECORD, 200),
    "assurance:metric_value_new": (
        "get",
        _page("/assurance/metrics/{}/values/new/", "metric"),
        RECORD,
        200,
    ),
    "assurance:returns": ("get", lambda w, s: "/assurance/returns/", ALL, 200),
    "assurance:return": ("get", _page("/assurance/returns/{}/", "ret"), ALL, 200),
    "assurance:return_submit": (
        "get",
        _page("/assurance/returns/{}/submit/", "ret"),
        {"provider_lead"},
        200,
    ),
    "assurance:templates": ("get", lambda w, s: "/assurance/return-templates/", RECORD, 200),
    "assurance:template_new": ("get", lambda w, s: "/assurance/return-templates/new/", RECORD, 200),
    "assurance:returns_issue": (
        "get",
        _page("/assurance/return-templates/{}/issue/", "template"),
        RECORD,
        200,
    ),
    "assurance:annual_report_new": (
        "get",
        _page("/assurance/contracts/{}/annual-reports/new/"),
        RECORD,
        200,
    ),
    "assurance:annual_report_review": (
        "get",
        _page("/assurance/annual-reports/{}/review/", "report"),
        RECORD,
        200,
    ),
    "assurance:check_new": ("get", _page("/assurance/contracts/{}/checks/new/"), RECORD, 200),
    "assurance:check": ("get", _page("/assurance/checks/{}/", "check"), ALL, 200),
    "assurance:check_action_new": (
        "get",
        _page("/assurance/checks/{}/actions/new/", "check"),
        RECORD,
        200,
    ),
    "assurance:allegations": ("get", lambda w, s: "/assurance/allegations/", ALL, 200),
    "assurance:allegation_new": (
        "get",
        _page("/assurance/contracts/{}/allegations/new/"),
        LOG,
        200,
    ),
    "assurance:allegation": ("get", _page("/assurance/allegations/{}/", "allegation"), ALL, 200),
    "assurance:allegation_edit": (
        "get",
        _page("/assurance/allegations/{}/edit/", "allegation"),
        LOG,
        200,
    ),
    "assurance:reviews": ("get", lambda w, s: "/assurance/reviews/", ALL, 200),
    "assurance:review_new": ("get", _page("/assurance/contracts/{}/reviews/new/"), RECORD, 200),
    "assurance:review": ("get", _page("/assurance/reviews/{}/", "review"), ALL, 200),
    "assurance:review_edit": ("get", _page("/assurance/reviews/{}/edit/", "review"), RECORD, 200),
    "assurance:recommendation_new": (
        "get",
        _page("/assurance/reviews/{}/recommendations/new/", "review"),
        RECORD,
        200,
    ),
    "assurance:recommendation": (
        "get",
        _page("/assurance/recommendations/{}/", "recommendation"),
        LOG,
        200,
    ),
    "assurance:briefings": ("get", lambda w, s: "/assurance/briefings/", ALL, 200),
    "assurance:briefing_new": (
        "get",
        lambda w, s: "/assurance/briefings/new/",
        {"partnership_admin"},
        200,
    ),
    "assurance:briefing": ("get", _page("/assurance/briefings/{}/", "briefing"), ALL, 200),
    "assurance:briefing_acknowledge": (
        "get",
        _page("/assurance/briefings/{}/acknowledge/", "briefing"),
        {"provider_lead"},
        200,
    ),
    "assurance:decommissioning": (
        "get",
        lambda w, s: (_x(w, s), f"/assurance/contracts/{_c(w, s).pk}/decommissioning/")[1],
        ALL,
        200,
    ),
    "assurance:decommissioning_item": (
        "get",
        _page("/assurance/decommissioning-items/{}/", "item"),
        RECORD,
        200,
    ),
}


def _meeting_body(w: Any, s: str) -> dict[str, Any]:
    return {
        "held_on": str(f.days_ago(3)),
        "attendees": "Contract manager",
        "safeguarding_item": "Log",
    }


def _allegation_body(w: Any, s: str) -> dict[str, Any]:
    return {"made_on": str(f.days_ago(3)), "category": "physical", "subject_role": "employee"}


API_OPS = {
    ("get", "/api/assurance/schedule"): (
        lambda w, s: "/api/assurance/schedule",
        OVERSIGHT,
        200,
        None,
    ),
    ("get", "/api/assurance/allegations"): (
        lambda w, s: "/api/assurance/allegations",
        ALL,
        200,
        None,
    ),
    ("get", "/api/assurance/returns"): (lambda w, s: "/api/assurance/returns", ALL, 200, None),
    ("get", "/api/assurance/contracts/{pk}"): (
        lambda w, s: f"/api/assurance/contracts/{_c(w, s).pk}",
        ALL,
        200,
        None,
    ),
    ("post", "/api/assurance/contracts/{pk}/meetings"): (
        lambda w, s: f"/api/assurance/contracts/{_c(w, s).pk}/meetings",
        RECORD,
        201,
        _meeting_body,
    ),
    ("post", "/api/assurance/contracts/{pk}/allegations"): (
        lambda w, s: f"/api/assurance/contracts/{_c(w, s).pk}/allegations",
        LOG,
        201,
        _allegation_body,
    ),
}
