"""Moderation: the QA officer accepts or challenges each answer; the provider responds; the
officer closes. Every step is kept with who, when and the comment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safecom.assessments import workflow
from safecom.assessments.models import Answer, Assessment, ModerationEvent
from safecom.assessments.selectors import has_action
from safecom.assessments.services.answers import apply_content, check_content, lock_answer
from safecom.assessments.services.common import MAX_COMMENT, check_text, raise_if, user_or_none
from safecom.audit.services import audit_record
from safecom.rules import assessments as rules


def _event(*, actor: Any, answer: Answer, decision: str, comment: str, **extra: Any) -> Any:
    user = user_or_none(actor)
    return ModerationEvent.objects.create(
        answer=answer,
        kind=workflow.EVENT_FOR_DECISION[decision],
        comment=comment.strip(),
        by=user,
        by_label=(str(user) if user else str(actor or "system"))[:200],
        **extra,
    )


def _settle_return(assessment: Assessment) -> None:
    """A return whose every answer is settled is moderated."""
    if assessment.answers.exclude(moderation__in=workflow.SETTLED).exists():
        return
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.MODERATED, moderated_at=timezone.now()
    )
    assessment.status = Assessment.Status.MODERATED


@transaction.atomic
def answer_moderate(*, actor: Any, answer: Answer, decision: str, comment: str = "") -> Any:
    """Accept, challenge (with a comment) or close a challenge on one answer."""
    locked = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .get(pk=answer.pk)
    )
    errors: dict[str, list[str]] = {}
    problem = (
        workflow.decision_problem(locked.moderation, decision)
        if decision != "respond"
        else "Choose accept, challenge or close."
    )
    if problem:
        errors["decision"] = [problem]
    check_text(
        errors,
        "comment",
        comment,
        limit=MAX_COMMENT,
        required="Say what the provider needs to show or change."
        if decision == "challenge"
        else "",
    )
    raise_if(errors)
    before = locked.moderation
    locked.moderation = workflow.next_state(decision)
    locked.moderated_at = timezone.now()
    locked.save(update_fields=["moderation", "moderated_at"])
    answer.moderation = locked.moderation
    event = _event(actor=actor, answer=locked, decision=decision, comment=comment)
    audit_record(
        actor=actor,
        action=f"assessment.answer_{event.kind}",
        obj=locked,
        organisation=locked.assessment.round.owner,
        summary=f"{event.get_kind_display()}: {locked.key} for {locked.assessment.provider}",
        changes={"moderation": [before, locked.moderation]},
        reason=comment.strip(),
    )
    _settle_return(locked.assessment)
    return event


@transaction.atomic
def answer_respond(
    *,
    actor: Any,
    answer: Answer,
    comment: str,
    expected_version: int | None,
    rating: str | None = None,
    narrative: str | None = None,
    links: Iterable[str] | None = None,
    files: Iterable[tuple[str, bytes]] = (),
) -> Any:
    """The provider answers a challenge, and may revise the answer as it does."""
    problem = workflow.decision_problem(answer.moderation, "respond")
    errors: dict[str, list[str]] = {}
    if problem:
        errors["comment"] = [problem]
    check_text(errors, "comment", comment, limit=MAX_COMMENT, required="Say how you respond.")
    raise_if(errors)
    new_rating = answer.rating if rating is None else rating
    new_narrative = answer.narrative if narrative is None else narrative
    new_links = list(answer.links if links is None else links)
    files = list(files)
    cleaned, checked = check_content(
        rating=new_rating,
        narrative=new_narrative,
        links=new_links,
        files=files,
        remove_evidence=(),
        answer=answer,
        rating_required=True,
    )
    locked = lock_answer(answer, expected_version)
    if workflow.decision_problem(locked.moderation, "respond"):
        raise ValidationError({"comment": ["The challenge was closed meanwhile."]})
    before = locked.rating
    changes: dict[str, Any] = {}
    revised = (
        new_rating != locked.rating
        or new_narrative.strip() != locked.narrative
        or cleaned != list(locked.links)
        or checked
    )
    if revised:
        changes = apply_content(
            actor=actor,
            locked=locked,
            rating=new_rating,
            narrative=new_narrative,
            links=cleaned,
            checked_files=checked,
            remove_evidence=(),
        )
    if rules.dorset_4_action_needed(rating=locked.rating) and not has_action(locked):
        raise ValidationError(
            {
                "rating": [
                    f"Rated {locked.get_rating_display().lower()}: add an action-plan item "
                    "first, then respond."
                ]
            }
        )
    locked.moderation = workflow.RESPONDED
    locked.save(update_fields=["moderation"])
    answer.moderation, answer.version, answer.rating = (
        locked.moderation,
        locked.version,
        locked.rating,
    )
    event = _event(
        actor=actor,
        answer=locked,
        decision="respond",
        comment=comment,
        rating_before=before,
        rating_after=locked.rating,
    )
    audit_record(
        actor=actor,
        action="assessment.answer_responded",
        obj=locked,
        organisation=locked.assessment.provider,
        summary=f"Responded to the challenge on {locked.key}",
        changes={"moderation": [workflow.CHALLENGED, workflow.RESPONDED], **changes},
        reason=comment.strip(),
    )
    return event
