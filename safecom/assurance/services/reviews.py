"""Writes for serious incidents and statutory reviews (nel 7, 8) and their recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from safecom.assurance.models import Recommendation, Review
from safecom.assurance.services._common import (
    Errors,
    add,
    choice,
    past_date,
    raise_if,
    text,
    today,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract

REVIEW_EDITABLE = (
    "safeguarding_considered",
    "senior_reviewer",
    "kept_updated",
    "last_update_on",
    "status",
    "closed_on",
    "notes",
)


@transaction.atomic
def review_record(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    reference: str,
    notified_on: dt.date | None,
    kept_updated: str = "",
    safeguarding_considered: bool | None = None,
    senior_reviewer: bool | None = None,
    notes: str = "",
) -> Review:
    """Record a serious incident or a statutory review touching the contract (no names)."""
    errors: Errors = {}
    choice(errors, "kind", kind, Review.Kind.choices, "Choose the type of incident or review.")
    reference = text(
        errors, "reference", reference, limit=60, required="Enter the incident or review reference."
    )
    past_date(errors, "notified_on", notified_on, label="the date it was notified")
    kept_updated = text(errors, "kept_updated", kept_updated, limit=200)
    notes = text(errors, "notes", notes, limit=10000)
    if (
        reference
        and Review.objects.filter(contract=contract, kind=kind, reference=reference).exists()
    ):
        add(errors, "reference", f"{reference} is already recorded on this contract.")
    raise_if(errors)
    assert notified_on is not None
    review = Review.objects.create(
        contract=contract,
        kind=kind,
        reference=reference,
        notified_on=notified_on,
        kept_updated=kept_updated,
        safeguarding_considered=safeguarding_considered,
        senior_reviewer=senior_reviewer,
        notes=notes,
        recorded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assurance.review_recorded",
        obj=review,
        organisation=contract.commissioner,
        summary=f"Recorded {review.get_kind_display().lower()} {reference} on {contract.reference}",
    )
    return review


@transaction.atomic
def review_update(*, actor: Any, review: Review, **changes: Any) -> Review:
    unknown = set(changes) - set(REVIEW_EDITABLE)
    if unknown:
        raise_if({name: ["This field cannot be changed here."] for name in sorted(unknown)})
    locked = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    fields = {name: getattr(locked, name) for name in REVIEW_EDITABLE} | changes
    errors: Errors = {}
    choice(errors, "status", fields["status"], Review.Status.choices, "Choose open or closed.")
    fields["kept_updated"] = text(errors, "kept_updated", fields["kept_updated"], limit=200)
    fields["notes"] = text(errors, "notes", fields["notes"], limit=10000)
    since = (locked.notified_on, "it was notified")
    past_date(
        errors,
        "last_update_on",
        fields["last_update_on"],
        label="the date of the last update",
        required=False,
        not_before=since,
    )
    closing = fields["status"] == Review.Status.CLOSED
    if closing and fields["closed_on"] is None:
        fields["closed_on"] = today()
    if not closing:
        fields["closed_on"] = None
    past_date(
        errors,
        "closed_on",
        fields["closed_on"],
        label="the date it closed",
        required=False,
        not_before=since,
    )
    if (
        closing
        and locked.recommendations.exclude(progress=Recommendation.Progress.COMPLETE).exists()
    ):
        add(errors, "status", "Complete every recommendation before closing the review.")
    raise_if(errors)
    diff = {}
    for name in REVIEW_EDITABLE:
        if getattr(locked, name) != fields[name]:
            diff[name] = (
                "changed" if name == "notes" else [str(getattr(locked, name)), str(fields[name])]
            )
            setattr(locked, name, fields[name])
            setattr(review, name, fields[name])
    if diff:
        locked.save()
        audit_record(
            actor=actor,
            action="assurance.review_updated",
            obj=locked,
            organisation=locked.contract.commissioner,
            summary=f"Updated {locked.get_kind_display().lower()} {locked.reference}",
            changes=diff,
        )
    return review


@transaction.atomic
def recommendation_add(
    *, actor: Any, review: Review, text_: str, owner: str, due_on: dt.date | None
) -> Recommendation:
    errors: Errors = {}
    body = text(errors, "text", text_, limit=5000, required="Enter the recommendation.")
    owner = text(errors, "owner", owner, limit=200, required="Say who owns the recommendation.")
    if due_on is None:
        add(errors, "due_on", "Enter the date the recommendation is due.")
    elif due_on < review.notified_on:
        add(errors, "due_on", "The due date cannot be before the review was notified.")
    if review.status == Review.Status.CLOSED:
        add(errors, "__all__", "The review is closed: reopen it to add a recommendation.")
    raise_if(errors)
    assert due_on is not None
    rec = Recommendation.objects.create(review=review, text=body, owner=owner, due_on=due_on)
    audit_record(
        actor=actor,
        action="assurance.recommendation_added",
        obj=rec,
        organisation=review.contract.commissioner,
        summary=f"Added a recommendation to {review.reference}, due {due_on:%d/%m/%Y}",
    )
    return rec


@transaction.atomic
def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    progress: str,
    progress_note: str = "",
    completed_on: dt.date | None = None,
) -> Recommendation:
    """Update progress against the action plan; "complete" needs the date it was completed."""
    errors: Errors = {}
    choice(
        errors,
        "progress",
        progress,
        Recommendation.Progress.choices,
        "Choose not started, in progress or complete.",
    )
    progress_note = text(errors, "progress_note", progress_note, limit=5000)
    complete = progress == Recommendation.Progress.COMPLETE
    if complete:
        completed_on = completed_on or today()
        past_date(
            errors,
            "completed_on",
            completed_on,
            label="the date it was completed",
            not_before=(recommendation.review.notified_on, "the review was notified"),
        )
    else:
        completed_on = None
    raise_if(errors)
    locked = Recommendation.objects.select_for_update(of=("self",)).get(pk=recommendation.pk)
    before = [locked.progress, str(locked.completed_on or "")]
    locked.progress, locked.progress_note, locked.completed_on = (
        progress,
        progress_note,
        completed_on,
    )
    locked.save(update_fields=["progress", "progress_note", "completed_on", "updated_at"])
    recommendation.progress = progress
    recommendation.progress_note = progress_note
    recommendation.completed_on = completed_on
    audit_record(
        actor=actor,
        action="assurance.recommendation_updated",
        obj=locked,
        organisation=locked.review.contract.commissioner,
        summary=f"Updated progress on a recommendation of {locked.review.reference}: {progress}",
        changes={
            "progress": [before[0], progress],
            "completed_on": [before[1], str(completed_on or "")],
        },
    )
    return recommendation
