"""Evidence on an answer, added or removed on its own (the API's way; the page does both as
part of saving the answer). The same checks, the same optimistic lock and the same copying to
equal requirements as `answer_save`: only the files change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safecom.assessments.models import Answer, Assessment
from safecom.assessments.services.answers import apply_content, lock_answer, mirror
from safecom.assessments.services.common import check_files, discard_unused, raise_if
from safecom.audit.services import audit_record

MAX_FILES_AT_ONCE = 5
LOCKED = (
    "This return has been submitted, so its answers are locked. Where the QA officer "
    "challenges an answer you can add files with your response."
)


def _draft(answer: Answer) -> None:
    if answer.assessment.status != Assessment.Status.DRAFT:
        raise ValidationError({"evidence": [LOCKED]})


def _record(*, actor: Any, locked: Answer, changes: dict[str, Any], summary: str) -> None:
    audit_record(
        actor=actor,
        action="assessment.answer_saved",
        obj=locked,
        organisation=locked.assessment.provider,
        summary=summary,
        changes=changes,
    )
    mirror(actor=actor, source=locked)


@transaction.atomic
def answer_evidence_add(
    *,
    actor: Any,
    answer: Answer,
    expected_version: int | None,
    files: Iterable[tuple[str, bytes]],
) -> Answer:
    """Add files to a draft answer, its rating, narrative and links unchanged. Every file is
    checked by its content first: one refused file refuses them all, and nothing is kept."""
    _draft(answer)
    files = list(files)
    errors: dict[str, list[str]] = {}
    if not files:
        errors["evidence"] = ["Give a file to add."]
    elif len(files) > MAX_FILES_AT_ONCE:
        errors["evidence"] = [f"Add at most {MAX_FILES_AT_ONCE} files at once."]
    checked = check_files(errors, files) if "evidence" not in errors else []
    raise_if(errors)
    locked = lock_answer(answer, expected_version)
    changes = apply_content(
        actor=actor,
        locked=locked,
        rating=locked.rating,
        narrative=locked.narrative,
        links=list(locked.links or []),
        checked_files=checked,
        remove_evidence=(),
    )
    names = ", ".join(info.safe_name for info, _ in checked)
    _record(actor=actor, locked=locked, changes=changes, summary=f"Added {names} to {locked.key}")
    return locked


@transaction.atomic
def answer_evidence_remove(
    *, actor: Any, answer: Answer, expected_version: int | None, evidence_ids: Iterable[int]
) -> Answer:
    """Take files off a draft answer. A file nothing else gives is deleted; one that another
    answer or a Child Safeguarding Statement gives stays, so their evidence never goes missing."""
    _draft(answer)
    wanted = set(evidence_ids)
    attached = set(answer.evidence.values_list("pk", flat=True))
    if not wanted or wanted - attached:
        raise ValidationError({"evidence": ["That file is not on this answer."]})
    locked = lock_answer(answer, expected_version)
    changes = apply_content(
        actor=actor,
        locked=locked,
        rating=locked.rating,
        narrative=locked.narrative,
        links=list(locked.links or []),
        checked_files=[],
        remove_evidence=wanted,
    )
    removed = ", ".join(changes.get("evidence", [[]])[0]) or "a file"
    _record(
        actor=actor, locked=locked, changes=changes, summary=f"Removed {removed} from {locked.key}"
    )
    discard_unused(actor=actor, evidence_ids=wanted)
    return locked
