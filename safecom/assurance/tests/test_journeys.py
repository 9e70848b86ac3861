"""User journeys through the real assurance pages, as each role would take them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from safecom.assurance import integrations
from safecom.assurance.models import (
    Allegation,
    BriefingRecipient,
    DecommissioningItem,
    MonitoringMeeting,
    SafeguardingReturn,
)
from safecom.assurance.tests import factories as f
from safecom.standards.models import FrameworkVersion

pytestmark = pytest.mark.django_db


def _as(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _live(world: Any) -> Any:
    contract = world.contract_a
    contract.stage = "live"
    contract.start_date = dt.date(2024, 4, 1)
    contract.save()
    contract.frameworks.set(
        [FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)]
    )
    return contract


def test_a_meeting_without_a_safeguarding_item_is_flagged_on_the_contract(world: Any) -> None:
    contract = _live(world)
    client = _as(world, "commissioner")
    url = f"/assurance/contracts/{contract.pk}/meetings/new/"
    bad = client.post(url, {"held_on": "31/02/2026", "attendees": ""})
    page = _text(bad)
    assert bad.status_code == 200 and "There is a problem" in page
    assert "Enter the date of the meeting as day/month/year" in page
    assert "Enter who attended the meeting." in page
    assert not MonitoringMeeting.objects.exists()
    done = client.post(url, {"held_on": f.days_ago(2).strftime("%d/%m/%Y"), "attendees": "CM"})
    meeting = MonitoringMeeting.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/assurance/meetings/{meeting.pk}/"
    assert "This meeting had no safeguarding item" in _text(client.get(done["Location"]))
    overview = _text(client.get(f"/assurance/contracts/{contract.pk}/"))
    assert "No safeguarding item" in overview
    row = re.search(r"CHSCP 5</td>.*?</tr>", overview)
    assert row and "Not met" in row.group(0) and "had no safeguarding item" in row.group(0)


def test_actions_are_added_and_marked_done(world: Any) -> None:
    meeting = f.MeetingFactory(contract=_live(world))
    client = _as(world, "qa_officer")
    response = client.post(
        f"/assurance/meetings/{meeting.pk}/actions/new/",
        {"description": "Send matrix", "owner": "DSL", "due_on": "2020-01-01"},
    )
    assert response.status_code == 302
    page = _text(client.get(f"/assurance/meetings/{meeting.pk}/"))
    assert "Send matrix" in page and "Overdue" in page
    action = meeting.actions.get()
    client.post(f"/assurance/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_on is not None


def test_provider_fills_a_return_with_a_prefilled_figure_and_a_reason(
    world: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(integrations, "workforce_summary", lambda *, provider: {"staff": 18})
    contract = _live(world)
    commissioner = _as(world, "commissioner")
    response = commissioner.post(
        "/assurance/return-templates/new/",
        {
            "name": "Council return",
            "due_days": "30",
            "label_1": "Staff on the service",
            "kind_1": "count",
            "prefill_1": "staff",
            "label_2": "Concerns raised",
            "kind_2": "count",
            "prefill_2": "",
        },
    )
    assert response.status_code == 302
    template = contract.commissioner.return_templates.get()
    issue = commissioner.post(
        f"/assurance/return-templates/{template.pk}/issue/", {"period_day": "15/05/2026"}
    )
    assert issue.status_code == 302
    ret = SafeguardingReturn.objects.get(contract=contract)
    lead = _as(world, "provider_lead")
    form = _text(lead.get(f"/assurance/returns/{ret.pk}/submit/"))
    assert 'value="18"' in form and "The service holds 18" in form
    refused = lead.post(
        f"/assurance/returns/{ret.pk}/submit/",
        {"item_staff-on-the-service": "20", "item_concerns-raised": "3"},
    )
    assert "say why you changed the 18 the service holds" in _text(refused)
    ret.refresh_from_db()
    assert ret.submitted_on is None
    ok = lead.post(
        f"/assurance/returns/{ret.pk}/submit/",
        {
            "item_staff-on-the-service": "20",
            "reason_staff-on-the-service": "Two new starters",
            "item_concerns-raised": "3",
        },
    )
    assert ok.status_code == 302
    ret.refresh_from_db()
    assert ret.submitted_on is not None
    shown = _text(commissioner.get(f"/assurance/returns/{ret.pk}/"))
    assert "Two new starters" in shown and "Submitted late" in shown  # due 30/07/2026
    assert commissioner.get(f"/assurance/returns/{ret.pk}/submit/").status_code == 404


def test_allegation_over_a_bank_holiday_weekend_shows_as_late(world: Any) -> None:
    contract = _live(world)
    lead = _as(world, "provider_lead")
    response = lead.post(
        f"/assurance/contracts/{contract.pk}/allegations/new/",
        {
            "made_on": "22/05/2026",
            "lado_informed_on": "27/05/2026",
            "category": "physical",
            "subject_role": "employee",
            "notes": "Details kept encrypted",
        },
    )
    allegation = Allegation.objects.get()
    assert response["Location"] == f"/assurance/allegations/{allegation.pk}/"
    page = _text(lead.get(response["Location"]))
    assert "Late" in page and "Spring Bank Holiday (25 May)" in page
    assert "Tuesday 26 May 2026" in page and "Details kept encrypted" in page
    hr_view = _text(_as(world, "provider_hr").get(response["Location"]))
    assert "Late" in hr_view and "Details kept encrypted" not in hr_view
    listing = _text(_as(world, "commissioner").get("/assurance/allegations/?show=breaches"))
    assert "1 allegation" in listing


def test_briefing_is_published_acknowledged_and_the_waiting_list_shrinks(world: Any) -> None:
    _live(world)
    admin = _as(world, "partnership_admin")
    response = admin.post(
        "/assurance/briefings/new/",
        {"kind": "briefing", "title": "Things you should know", "summary": "Learning"},
    )
    assert response.status_code == 302
    page = _text(admin.get(response["Location"]))
    assert "Not yet acknowledged (1)" in page and world.provider_a.name in page
    lead = _as(world, "provider_lead")
    assert "Briefings to acknowledge" in _text(lead.get("/assurance/"))
    ack = lead.post(
        response["Location"] + "acknowledge/",
        {"staff_reached": "25", "cascade_note": "Team meetings"},
    )
    assert ack.status_code == 302
    assert BriefingRecipient.objects.get().staff_reached == 25
    page = _text(admin.get(response["Location"]))
    assert "Not yet acknowledged (0)" in page and "Team meetings" in page
    assert _as(world, "provider_hr").get(response["Location"] + "acknowledge/").status_code == 404


def test_decommissioning_checklist_appears_with_the_stage_and_items_need_reasons(
    world: Any,
) -> None:
    contract = _live(world)
    client = _as(world, "commissioner")
    assert client.get(f"/assurance/contracts/{contract.pk}/decommissioning/").status_code == 404
    moved = client.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "decommissioning"})
    assert moved.status_code == 302
    page = _text(client.get(f"/assurance/contracts/{contract.pk}/decommissioning/"))
    assert "Records transferred" in page and "4 still to do" in page
    item = DecommissioningItem.objects.get(code="subcontractor_exit")
    refused = client.post(f"/assurance/decommissioning-items/{item.pk}/", {"status": "waived"})
    assert "Say why &#x27;Sub-contractor exit&#x27; is waived." in _text(refused)
    client.post(
        f"/assurance/decommissioning-items/{item.pk}/",
        {"status": "waived", "note": "No sub-contractors"},
    )
    page = _text(client.get(f"/assurance/contracts/{contract.pk}/decommissioning/"))
    assert "Waived" in page and "No sub-contractors" in page and "3 still to do" in page


def test_schedule_shows_risk_with_reasons_and_hides_it_from_providers(world: Any) -> None:
    contract = _live(world)
    f.AllegationFactory(contract=contract, made_on=f.days_ago(30), lado_informed_on=f.days_ago(20))
    page = _text(_as(world, "qa_officer").get("/assurance/schedule/"))
    assert contract.title in page and "Overdue" in page
    assert "No thematic check recorded yet." in page
    assert "not reported to the LADO within the time allowed" in page
    assert _as(world, "provider_lead").get("/assurance/schedule/").status_code == 404
    provider_view = _text(_as(world, "provider_lead").get(f"/assurance/contracts/{contract.pk}/"))
    assert "Monitoring duties" in provider_view and "how it is made up" not in provider_view


def test_thematic_check_with_actions_and_the_policy_page(world: Any) -> None:
    contract = _live(world)
    client = _as(world, "commissioner")
    bad = client.post(
        f"/assurance/contracts/{contract.pk}/checks/new/",
        {"theme": "training", "method": "staff_records", "carried_out_on": "01/10/2026"},
    )
    text = _text(bad)
    assert "Enter how many staff records were sampled" in text or "Enter the findings." in text
    ok = client.post(
        f"/assurance/contracts/{contract.pk}/checks/new/",
        {
            "theme": "training",
            "method": "staff_records",
            "sample_size": "10",
            "carried_out_on": "01/10/2026",
            "findings": "All in date",
            "rag": "green",
        },
    )
    assert ok.status_code == 302
    assert "Sample of staff records, sample of 10" in _text(client.get(ok["Location"]))
    policy = client.post(
        "/assurance/risk-policy/",
        {
            "high_from": "40",
            "medium_from": "10",
            "high_months": "2",
            "medium_months": "4",
            "low_months": "8",
        },
    )
    assert policy.status_code == 302
    assert contract.commissioner.assurance_policy.high_months == 2


def test_review_with_an_overdue_recommendation_and_provider_progress(world: Any) -> None:
    contract = _live(world)
    client = _as(world, "commissioner")
    made = client.post(
        f"/assurance/contracts/{contract.pk}/reviews/new/",
        {"kind": "cspr", "reference": "CSPR-1", "notified_on": "01/01/2026"},
    )
    assert made.status_code == 302
    client.post(
        made["Location"] + "recommendations/new/",
        {"text": "Audit the child's voice", "owner": "DSL", "due_on": "30/09/2026"},
    )
    page = _text(client.get(made["Location"]))
    assert "Audit the child" in page and "Overdue" in page
    assert "1 overdue" in _text(client.get("/assurance/reviews/?show=overdue"))
    rec = contract.reviews.get().recommendations.get()
    lead = _as(world, "provider_lead")
    lead.post(f"/assurance/recommendations/{rec.pk}/", {"progress": "complete"})
    rec.refresh_from_db()
    assert rec.progress == "complete" and rec.completed_on is not None


def test_metrics_and_annual_reports_through_the_pages(world: Any) -> None:
    contract = _live(world)
    client = _as(world, "commissioner")
    client.post(
        f"/assurance/contracts/{contract.pk}/metrics/new/",
        {"metric": "staff_trained_pct", "target": "90", "amber_tolerance": "5"},
    )
    metric = contract.safeguarding_metrics.get()
    bad = client.post(f"/assurance/metrics/{metric.pk}/values/new/", {"period_day": "x"})
    assert "There is a problem" in _text(bad)
    client.post(
        f"/assurance/metrics/{metric.pk}/values/new/",
        {"period_day": "15/08/2026", "value": "70"},
    )
    page = _text(client.get(f"/assurance/contracts/{contract.pk}/"))
    row = re.search(r"Staff with up-to-date safeguarding training<br>.*?</tr>", page)
    assert row and all(x in row.group(0) for x in ("90%", "70%", "Red", "Q2 2026/27"))
    client.post(
        f"/assurance/contracts/{contract.pk}/annual-reports/new/",
        {"kind": "children", "year_label": "2025/26", "received_on": "12/06/2026"},
    )
    assert contract.annual_reports.get().year_label == "2025/26"
    refused = client.post(
        f"/assurance/contracts/{contract.pk}/annual-reports/new/",
        {"kind": "children", "year_label": "2025/27", "received_on": "12/06/2026"},
    )
    assert "Enter the year the report covers like 2025/26." in _text(refused)
