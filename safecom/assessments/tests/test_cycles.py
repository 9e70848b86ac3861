"""Cycle to cycle: comparison per requirement, actions that follow a requirement into the next
cycle and show overdue wherever the return is read, and the Child Safeguarding Statement as a
record of its own (history, API with its file, review reminders)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safecom.assessments.models import ActionItem, Answer, Assessment, EvidenceFile
from safecom.assessments.reminders import statements_due
from safecom.assessments.services import answer_moderate
from safecom.assessments.tests.factories import (
    StatementFactory,
    answer,
    answer_all,
    open_round,
    submit,
    with_action,
)
from safecom.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(world: Any, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _key(assessment: Assessment, key: str) -> Answer:
    framework, ref = key.split()
    return assessment.answers.get(
        requirement__framework_version__framework__slug=framework, requirement__ref=ref
    )


def _two_cycles(world: Any) -> tuple[Assessment, Assessment, ActionItem]:
    """Last year's return (chscp 1 partly met, with an action now overdue, chscp 4 met), all
    accepted; this year's, carried forward, with chscp 1 now met and chscp 4 not met."""
    first = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=("workforce_rule",)
    ).assessments.get()
    answer_all(first, "met")
    answer(_key(first, "chscp 1"), "partly_met", "Interval not yet agreed.")
    action = with_action(_key(first, "chscp 1"))
    ActionItem.objects.filter(pk=action.pk).update(due_date=TODAY - dt.timedelta(days=5))
    submit(first)
    for a in first.answers.all():
        answer_moderate(actor=None, answer=a, decision="accept")
    second = open_round(
        owner=world.commissioner_a,
        providers=[world.provider_a],
        kinds=("workforce_rule",),
        title="This year",
    ).assessments.get()
    assert {a.origin for a in second.answers.all()} == {Answer.Origin.CARRIED}
    answer(_key(second, "chscp 1"), "met", "Interval agreed in March.")
    answer(_key(second, "chscp 4"), "not_met", "Agency staff not yet recorded.")
    with_action(_key(second, "chscp 4"))
    return first, second, action


def test_the_comparison_says_what_changed_on_the_page_and_in_the_api(world: Any) -> None:
    first, second, _ = _two_cycles(world)
    qa = _client(world, "qa_officer")
    page = qa.get(f"/assessments/returns/{second.pk}/compare/").content.decode()
    assert "Improved" in page and "Worse" in page
    data = qa.get(f"/api/assessments/returns/{second.pk}/compare").json()
    assert data["changes"]["improved"] == 1 and data["changes"]["worse"] == 1
    rows = {r["requirement"]: r for r in data["requirements"]}
    assert rows["chscp 1"]["change"] == "improved"
    assert rows["chscp 1"]["previous"]["rating"] == "partly_met"
    assert rows["chscp 1"]["previous"]["return"] == first.pk
    assert rows["chscp 4"]["change"] == "worse" and rows["chscp 4"]["carried_forward"] is False
    # The first return has no earlier one: everything is asked for the first time.
    first_data = qa.get(f"/api/assessments/returns/{first.pk}/compare").json()
    assert first_data["changes"]["new"] == 2
    assert all(r["previous"] is None for r in first_data["requirements"])


def test_an_unchanged_carried_answer_is_marked_as_such(world: Any) -> None:
    _two_cycles(world)
    third = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], title="Untouched", kinds=()
    ).assessments.get()
    page = _client(world, "provider_lead").get(f"/assessments/returns/{third.pk}/compare/")
    assert "Carried forward, not updated" in page.content.decode()


def test_an_open_action_follows_its_requirement_and_shows_overdue(world: Any) -> None:
    _, second, overdue = _two_cycles(world)
    lead = _client(world, "provider_lead")
    page = lead.get(f"/assessments/returns/{second.pk}/").content.decode()
    assert overdue.description in page and "Overdue" in page
    assert "2 open" in page and "1 overdue" in page
    data = _client(world, "qa_officer").get(f"/api/assessments/returns/{second.pk}").json()
    ids = {a["id"] for a in data["actions"]}
    assert overdue.pk in ids and len(ids) == 2
    assert (data["open_actions"], data["overdue_actions"]) == (2, 1)
    round_page = _client(world, "qa_officer").get(f"/assessments/rounds/{second.round_id}/")
    assert "Overdue actions" in round_page.content.decode()
    # Done, it no longer follows the requirement into later returns.
    ActionItem.objects.filter(pk=overdue.pk).update(status=ActionItem.Status.DONE)
    data = _client(world, "qa_officer").get(f"/api/assessments/returns/{second.pk}").json()
    assert overdue.pk not in {a["id"] for a in data["actions"]} and data["overdue_actions"] == 0


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _statement(client: Client, world: Any, **extra: Any) -> Any:
    return client.post(
        f"/api/assessments/providers/{world.provider_a.slug}/statement",
        {
            "summary": "How we keep children safe.",
            "signed_off_by": "Chair of trustees",
            "approved_on": (TODAY - dt.timedelta(days=3)).isoformat(),
            "review_date": (TODAY + dt.timedelta(days=360)).isoformat(),
            **extra,
        },
        content_type="application/json",
    )


def test_the_statement_is_recorded_with_its_file_through_the_api(world: Any) -> None:
    older = StatementFactory(
        provider=world.provider_a,
        approved_on=TODAY - dt.timedelta(days=400),
        review_date=TODAY - dt.timedelta(days=35),
    )
    lead = _client(world, "provider_lead")
    made = _statement(
        lead,
        world,
        file={"name": "statement.pdf", "content_base64": base64.b64encode(PDF).decode()},
    )
    assert made.status_code == 201, made.json()
    assert made.json()["in_date"] is True and made.json()["file"]["name"] == "statement.pdf"
    status = _client(world, "commissioner").get(
        f"/api/assessments/providers/{world.provider_a.slug}"
    )
    statement = status.json()["child_safeguarding_statement"]
    assert statement["file"]["kind"] == "pdf" and statement["in_date"] is True
    assert _client(world, "commissioner").get(statement["file"]["download"]).status_code == 200
    page = lead.get(f"/assessments/providers/{world.provider_a.slug}/").content.decode()
    assert "Earlier statements (1)" in page
    assert older.review_date.strftime("%-d %B %Y") in page


def test_a_hostile_statement_file_is_refused_and_nothing_recorded(world: Any) -> None:
    before = AuditEvent.objects.count()
    refused = _statement(
        _client(world, "provider_lead"),
        world,
        file={"name": "statement.pdf", "content_base64": base64.b64encode(b"MZ\x90\x00").decode()},
    )
    assert refused.status_code == 422 and "not a type we can read" in refused.json()["detail"]
    assert not EvidenceFile.objects.exists() and AuditEvent.objects.count() == before
    assert not world.provider_a.child_safeguarding_statements.exists()


def test_the_statement_review_is_reminded_once_before_and_once_after(world: Any) -> None:
    StatementFactory(
        provider=world.provider_b,
        review_date=TODAY + dt.timedelta(days=200),  # far off: nothing yet
    )
    superseded = StatementFactory(
        provider=world.provider_a, review_date=TODAY - dt.timedelta(days=100)
    )
    current = StatementFactory(provider=world.provider_a, review_date=TODAY + dt.timedelta(days=20))
    [due] = list(statements_due(today=TODAY))
    assert due.key == f"statement:{current.pk}:due" and superseded.pk != current.pk
    assert world.users["provider_lead"].pk in due.recipient_ids
    assert due.link == f"/assessments/providers/{world.provider_a.slug}/"
    [late] = list(statements_due(today=TODAY + dt.timedelta(days=21)))
    assert late.key == f"statement:{current.pk}:overdue" and "past its review date" in late.subject
