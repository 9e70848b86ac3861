"""The assurance demo shows what it promises, and a second run makes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from safecom.assurance.models import (
    Allegation,
    BriefingRecipient,
    DecommissioningChecklist,
    MonitoringMeeting,
    Review,
    SafeguardingReturn,
)
from safecom.assurance.selectors.allegations import with_timeliness
from safecom.assurance.selectors.returns import return_status
from safecom.core.demo import DEMO_PASSWORD, demo_data_build

pytestmark = pytest.mark.django_db
ASSURANCE_KEYS = {
    "monitoring meetings",
    "contract metrics",
    "quarterly returns",
    "allegations",
    "incidents and reviews",
    "briefings",
    "decommissioning checklists",
}


def test_demo_shows_every_part_of_assurance_and_is_idempotent() -> None:
    first = demo_data_build(scale="small")
    assert {k for k, v in first.created.items() if v} >= ASSURANCE_KEYS
    assert MonitoringMeeting.objects.filter(safeguarding_item="").count() == 1
    statuses = [return_status(r) for r in SafeguardingReturn.objects.all()]
    assert statuses.count("missing") == 1 and statuses.count("late") >= 2
    assert statuses.count("submitted") > statuses.count("late")
    (bank_holiday,) = [
        a for a in with_timeliness(Allegation.objects.all()) if a.made_on == dt.date(2026, 5, 22)
    ]
    assert bank_holiday.lado.status == "late"  # type: ignore[attr-defined]
    assert "Spring Bank Holiday" in bank_holiday.lado.explanation  # type: ignore[attr-defined]
    assert Review.objects.filter(kind="serious_incident").exists()
    cspr = Review.objects.get(kind="cspr")
    assert any(
        r.completed_on is None and r.due_on < dt.date.today() for r in cspr.recommendations.all()
    )
    assert BriefingRecipient.objects.filter(acknowledged_on__isnull=True).exists()
    assert BriefingRecipient.objects.filter(acknowledged_on__isnull=False).exists()
    statuses_by_checklist = [
        {i.status for i in c.items.all()} for c in DecommissioningChecklist.objects.all()
    ]
    assert {"done", "waived", "open"} in statuses_by_checklist
    again = demo_data_build(scale="small")
    assert not {k: v for k, v in again.created.items() if v}, again.created


def test_demo_commissioner_sees_duties_and_a_schedule_with_reasons() -> None:
    demo_data_build(scale="small")
    client = Client()
    client.post("/sign-in/", {"username": "commissioner", "password": DEMO_PASSWORD})
    schedule = client.get("/assurance/schedule/").content.decode()
    assert "Overdue" in schedule and "Time since the last thematic check" in schedule
    contract = MonitoringMeeting.objects.get(safeguarding_item="").contract
    page = re.sub(r"\s+", " ", client.get(f"/assurance/contracts/{contract.pk}/").content.decode())
    assert "Monitoring duties" in page and "how it is made up" in page
    assert "No safeguarding item" in page
