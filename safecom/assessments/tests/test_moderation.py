"""Moderation: accept, challenge, respond, close — every step kept with who and when."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safecom.assessments.models import Assessment, ModerationEvent
from safecom.assessments.services import answer_moderate, answer_respond
from safecom.assessments.tests.factories import answer_all, open_round, submit, with_action
from safecom.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _submitted(world: Any) -> Assessment:
    assessment = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=("workforce_rule",)
    ).assessments.get()
    answer_all(assessment, "met")
    submit(assessment)
    return assessment


def test_challenge_respond_close_keeps_every_step(world: Any) -> None:
    assessment = _submitted(world)
    qa, lead = world.users["qa_officer"], world.users["provider_lead"]
    target, other = assessment.answers.order_by("pk")
    with pytest.raises(ValidationError, match="Say what the provider needs"):
        answer_moderate(actor=qa, answer=target, decision="challenge", comment=" ")
    answer_moderate(actor=qa, answer=target, decision="challenge", comment="Show the DBS record.")
    answer_moderate(actor=qa, answer=other, decision="accept")
    assessment.refresh_from_db()
    assert assessment.status == "submitted"  # one answer is still under challenge
    target.refresh_from_db()
    with pytest.raises(ValidationError, match="add an action-plan item first"):
        answer_respond(
            actor=lead,
            answer=target,
            comment="Agreed: three agency staff lack dates.",
            expected_version=target.version,
            rating="partly_met",
        )
    with_action(target)
    answer_respond(
        actor=lead,
        answer=target,
        comment="Agreed: three agency staff lack dates.",
        expected_version=target.version,
        rating="partly_met",
    )
    target.refresh_from_db()
    assert (target.rating, target.moderation) == ("partly_met", "responded")
    answer_moderate(actor=qa, answer=target, decision="close", comment="Action plan agreed.")
    assessment.refresh_from_db()
    assert assessment.status == "moderated" and assessment.moderated_at is not None
    events = list(ModerationEvent.objects.filter(answer=target))
    assert [(e.kind, e.by) for e in events] == [
        ("challenged", qa),
        ("responded", lead),
        ("closed", qa),
    ]
    assert (events[1].rating_before, events[1].rating_after) == ("met", "partly_met")
    assert AuditEvent.objects.filter(action="assessment.answer_challenged").exists()


def test_steps_out_of_order_are_refused_with_the_reason(world: Any) -> None:
    draft = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], kinds=()
    ).assessments.get()
    not_submitted = draft.answers.get()
    with pytest.raises(ValidationError, match="has not been submitted yet"):
        answer_moderate(actor=None, answer=not_submitted, decision="accept")
    assessment = _submitted(world)
    a = assessment.answers.first()
    assert a is not None
    with pytest.raises(ValidationError, match="no open challenge to respond to"):
        answer_respond(actor=None, answer=a, comment="Hello", expected_version=a.version)
    answer_moderate(actor=None, answer=a, decision="accept")
    with pytest.raises(ValidationError, match="is accepted, so it cannot be challenged"):
        answer_moderate(actor=None, answer=a, decision="challenge", comment="Late thought")
    with pytest.raises(ValidationError, match="Choose accept, challenge or close"):
        answer_moderate(actor=None, answer=a, decision="respond")


def test_moderating_through_the_page_needs_the_permission(world: Any, client: Any) -> None:
    assessment = _submitted(world)
    a = assessment.answers.first()
    assert a is not None
    client.force_login(world.users["commissioner"])  # sees it, may not moderate
    assert (
        client.post(f"/assessments/answers/{a.pk}/moderate/", {"decision": "accept"}).status_code
        == 404
    )
    client.force_login(world.users["qa_officer"])
    page = client.get(f"/assessments/answers/{a.pk}/").content.decode()
    assert "Your decision" in page
    response = client.post(
        f"/assessments/answers/{a.pk}/moderate/", {"decision": "challenge", "comment": ""}
    )
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert (
        client.post(f"/assessments/answers/{a.pk}/moderate/", {"decision": "accept"}).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.moderation == "accepted"
