"""`safecom assurance schedule`, `safecom allegations check` and the assurance API."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from safecom.assurance.tests import factories as f
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import CommissionerFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_schedule_json_gives_score_tier_factors_and_checks() -> None:
    council = CommissionerFactory(slug="council-x")
    checked = ContractFactory(commissioner=council, stage="live", start_date=dt.date(2024, 4, 1))
    f.CheckFactory(contract=checked, carried_out_on=f.days_ago(10), theme="training")
    never = ContractFactory(commissioner=council, stage="live", start_date=dt.date(2024, 4, 1))
    ContractFactory(commissioner=council, stage="planning")
    ContractFactory(stage="live")  # another commissioner's
    rows = json.loads(
        _run("assurance", "schedule", "--commissioner", "council-x", "--format", "json")
    )
    assert [r["contract"]["id"] for r in rows] == [never.pk, checked.pk]
    first, second = rows
    assert first["last_check"] is None and first["status"] == "overdue"
    assert second["last_check"]["theme"] == "training"
    assert second["next_check_due"] > dt.date.today().isoformat()
    for row in rows:
        assert row["tier"] in {"high", "medium", "low"}
        assert row["risk_score"] == sum(x["points"] for x in row["factors"])
        assert all(x["explanation"] for x in row["factors"])
    text = _run("assurance", "schedule", "--commissioner", "council-x")
    assert "No thematic check recorded yet." in text


def test_schedule_unknown_commissioner_says_so() -> None:
    with pytest.raises(CommandError, match="No commissioner 'nope'"):
        _run("assurance", "schedule", "--commissioner", "nope")


def test_allegations_check_json_gives_lado_timeliness() -> None:
    late = f.AllegationFactory(made_on=dt.date(2026, 5, 22), lado_informed_on=dt.date(2026, 5, 27))
    in_time = f.AllegationFactory(made_on=dt.date(2026, 4, 2), lado_informed_on=dt.date(2026, 4, 7))
    rows = {r["id"]: r for r in json.loads(_run("allegations", "check", "--format", "json"))}
    assert rows[late.pk]["status"] == "late" and rows[late.pk]["breach"] is True
    assert rows[late.pk]["lado_deadline"] == "2026-05-26"
    assert rows[late.pk]["working_days_taken"] == 2
    assert rows[in_time.pk]["status"] == "in_time" and rows[in_time.pk]["breach"] is False
    assert "notes" not in rows[late.pk]
    only = json.loads(_run("allegations", "check", "--breaches", "--format", "json"))
    assert [r["id"] for r in only] == [late.pk]


def test_api_schedule_and_allegations_within_the_tenancy(world: Any) -> None:
    world.contract_a.stage = "live"
    world.contract_a.save()
    world.contract_b.stage = "live"
    world.contract_b.save()
    f.AllegationFactory(
        contract=world.contract_a,
        made_on=dt.date(2026, 5, 22),
        lado_informed_on=dt.date(2026, 5, 27),
    )
    f.AllegationFactory(contract=world.contract_b)
    client = Client()
    client.force_login(world.users["qa_officer"])
    rows = client.get("/api/assurance/schedule").json()["items"]
    assert [r["contract"]["id"] for r in rows] == [world.contract_a.pk]
    found = client.get("/api/assurance/allegations?breaches_only=true").json()["items"]
    assert [r["contract"]["id"] for r in found] == [world.contract_a.pk]
    assert found[0]["status"] == "late"
    client.force_login(world.users["provider_lead"])
    assert client.get("/api/assurance/schedule").status_code == 403
    state = client.get(f"/api/assurance/contracts/{world.contract_a.pk}").json()
    assert "risk" not in state and state["allegations"]["lado_breaches_12m"] == 1


def test_api_records_a_meeting_and_refuses_bad_input_with_422(world: Any) -> None:
    client = Client()
    client.force_login(world.users["commissioner"])
    url = f"/api/assurance/contracts/{world.contract_a.pk}/meetings"
    bad = client.post(
        url,
        {"held_on": "2099-01-01", "attendees": "CM"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["held_on"] == ["The date of the meeting cannot be in the future."]
    ok = client.post(
        url,
        {"held_on": str(f.days_ago(1)), "attendees": "CM"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["has_safeguarding_item"] is False
    state = client.get(f"/api/assurance/contracts/{world.contract_a.pk}").json()
    assert state["monitoring"]["meetings_without_safeguarding_item"] == 1
