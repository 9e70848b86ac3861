"""Answering: saving a draft answer (with its optimistic lock), carrying it to equal
requirements, and submitting the return."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safecom.assessments import mapping, workflow
from safecom.assessments.models import Answer, Assessment, EvidenceFile
from safecom.assessments.selectors import has_action, statement_of_provider
from safecom.assessments.services.common import (
    MAX_NARRATIVE,
    check_files,
    check_text,
    clean_links,
    copy_content,
    discard_unused,
    raise_if,
    store_evidence,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.rules import assessments as rules

STALE = (
    "This answer was changed by {who} at {when} since you opened it, so your save was not "
    "made. Your text is kept below; the saved answer is shown above it. Check it, then save "
    "again to replace it."
)


class StaleAnswer(ValidationError):
    """The answer changed since the person opened it; nothing was saved."""


def stale_error(current: Answer) -> StaleAnswer:
    who = str(current.updated_by) if current.updated_by else "someone else"
    when = timezone.localtime(current.updated_at).strftime("%H:%M on %d/%m/%Y")
    return StaleAnswer({"__all__": [STALE.format(who=who, when=when)]})


def lock_answer(answer: Answer, expected_version: int | None) -> Answer:
    """The answer, locked for this transaction; refused if it moved on since it was opened."""
    if expected_version is None:
        raise ValidationError(
            {"__all__": ["The form was incomplete: open the answer again and make your change."]}
        )
    locked = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=answer.pk)
    )
    if locked.version != expected_version:
        raise stale_error(locked)
    return locked


def apply_content(
    *,
    actor: Any,
    locked: Answer,
    rating: str,
    narrative: str,
    links: list[str],
    checked_files: list[Any],
    remove_evidence: Iterable[int],
) -> dict[str, Any]:
    """Write new content to a locked answer; returns what changed, for the audit trail."""
    before = {"rating": locked.rating, "narrative": locked.narrative, "links": locked.links}
    locked.rating = rating
    locked.narrative = narrative.strip()
    locked.links = links
    locked.origin = Answer.Origin.OWN
    locked.source = None
    locked.version += 1
    locked.updated_by = user_or_none(actor)
    locked.save()
    removed = [e for e in locked.evidence.all() if e.pk in set(remove_evidence)]
    if removed:
        locked.evidence.remove(*removed)
    added: list[EvidenceFile] = []
    for info, data in checked_files:
        evidence = store_evidence(
            actor=actor, provider=locked.assessment.provider, info=info, data=data
        )
        locked.evidence.add(evidence)
        added.append(evidence)
    changes = {
        name: [old, getattr(locked, name)]
        for name, old in before.items()
        if old != getattr(locked, name)
    }
    if "narrative" in changes:  # the text itself is in the record; the trail notes the change
        changes["narrative"] = [len(before["narrative"]), len(locked.narrative)]
    if added or removed:
        changes["evidence"] = [[e.name for e in removed], [e.name for e in added]]
    return changes


def check_content(
    *,
    rating: str,
    narrative: str,
    links: Iterable[str],
    files: Iterable[tuple[str, bytes]],
    remove_evidence: Iterable[int],
    answer: Answer,
    rating_required: bool = False,
) -> tuple[list[str], list[Any]]:
    errors: dict[str, list[str]] = {}
    if rating not in Answer.Rating.values and (rating or rating_required):
        errors["rating"] = ["Choose met, partly met, not met or not applicable."]
    check_text(errors, "narrative", narrative, limit=MAX_NARRATIVE)
    cleaned = clean_links(errors, links)
    checked = check_files(errors, files)
    attached = set(answer.evidence.values_list("pk", flat=True))
    if set(remove_evidence) - attached:
        errors.setdefault("evidence", []).append("A file chosen for removal is not on this answer.")
    raise_if(errors)
    return cleaned, checked


def mirror(*, actor: Any, source: Answer) -> list[Answer]:
    """Carry an answer to every requirement it fully covers (along `equal` chains too), in the
    provider's returns still in progress, unless the provider has answered that one in its own
    words."""
    slug = source.requirement.framework_version.framework.slug
    changed = []
    for cover in mapping.covers(framework=slug, ref=source.requirement.ref):
        if cover.extent != mapping.FULL:
            continue
        targets = (
            Answer.objects.select_for_update(of=("self",))
            .filter(
                assessment__provider_id=source.assessment.provider_id,
                assessment__status=Assessment.Status.DRAFT,
                requirement__framework_version__framework__slug=cover.framework,
                requirement__ref=cover.ref,
                origin__in=[Answer.Origin.NONE, Answer.Origin.CARRIED, Answer.Origin.MAPPED],
            )
            .exclude(pk=source.pk)
        )
        for target in targets:
            copy_content(target=target, source=source)
            target.origin, target.source = Answer.Origin.MAPPED, source
            target.version += 1
            target.updated_by = user_or_none(actor)
            target.save()
            audit_record(
                actor=actor,
                action="assessment.answer_mapped",
                obj=target,
                organisation=source.assessment.provider,
                summary=(
                    f"{target.key} answered from {source.key} ({cover.relation} mapping"
                    + (f" through {cover.through})" if cover.via else ")")
                ),
                changes={"rating": [None, target.rating]},
            )
            changed.append(target)
    return changed


@transaction.atomic
def answer_save(
    *,
    actor: Any,
    answer: Answer,
    expected_version: int | None,
    rating: str,
    narrative: str,
    links: Iterable[str] = (),
    files: Iterable[tuple[str, bytes]] = (),
    remove_evidence: Iterable[int] = (),
) -> Answer:
    """Save a draft answer. Refused, keeping nothing, if the return was submitted or the answer
    changed since `expected_version` was read."""
    if answer.assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            {
                "rating": [
                    "This return has been submitted, so its answers are locked. Where the QA "
                    "officer challenges an answer you can respond and revise it."
                ]
            }
        )
    files, remove = list(files), list(remove_evidence)
    cleaned, checked = check_content(
        rating=rating,
        narrative=narrative,
        links=links,
        files=files,
        remove_evidence=remove,
        answer=answer,
    )
    locked = lock_answer(answer, expected_version)
    changes = apply_content(
        actor=actor,
        locked=locked,
        rating=rating,
        narrative=narrative,
        links=cleaned,
        checked_files=checked,
        remove_evidence=remove,
    )
    audit_record(
        actor=actor,
        action="assessment.answer_saved",
        obj=locked,
        organisation=locked.assessment.provider,
        summary=f"Saved the answer to {locked.key}",
        changes=changes,
    )
    mirror(actor=actor, source=locked)
    discard_unused(actor=actor, evidence_ids=remove)
    return locked


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: Assessment, declared: bool) -> Assessment:
    """Submit a return: every answer rated and explained, an action for every rating short
    of met, the Child Safeguarding Statement where asked for, and the reviewer's declaration.
    Submission locks the answers."""
    locked = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise ValidationError({"__all__": ["This return has already been submitted."]})
    answers = list(
        locked.answers.select_related(
            "requirement__framework_version__framework", "assessment"
        ).order_by("requirement__framework_version__framework__slug", "requirement__order")
    )
    statement = statement_of_provider(provider=locked.provider)
    today = timezone.localdate()
    keys = [(a.requirement.framework_version.framework.slug, a.requirement.ref) for a in answers]
    problems = rules.chscp_1_return_problems(
        answers=[
            rules.AnswerState(
                key=a.key,
                rating=a.rating,
                narrative=a.narrative,
                has_action=has_action(a) if rules.dorset_4_action_needed(rating=a.rating) else True,
            )
            for a in answers
        ],
        statement_required=rules.bscp_1_statement_required(requirement_keys=keys),
        statement_in_date=rules.bscp_1_statement_in_date(
            review_date=statement.review_date if statement else None, today=today
        ),
        declared=declared,
    )
    if problems:
        errors: dict[str, list[str]] = {}
        for topic, messages in problems.items():
            errors.setdefault("declared" if topic == "declared" else "__all__", []).extend(messages)
        raise ValidationError(errors)
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user_or_none(actor)
    locked.save(update_fields=["status", "submitted_at", "submitted_by"])
    locked.answers.update(moderation=workflow.PENDING, moderated_at=None)
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    audit_record(
        actor=actor,
        action="assessment.submitted",
        obj=locked,
        organisation=locked.provider,
        summary=f"Submitted the self-assessment for {locked.round} ({len(answers)} answers)",
    )
    return locked
