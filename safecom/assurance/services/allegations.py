"""Writes for allegations against staff (chscp/bscp 2.10, nel C10.1, dorset 1.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from safecom.assurance.models import Allegation
from safecom.assurance.services._common import (
    Errors,
    add,
    choice,
    past_date,
    raise_if,
    text,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract

EDITABLE = (
    "made_on",
    "lado_informed_on",
    "designated_informed_on",
    "category",
    "subject_role",
    "outcome",
    "concluded_on",
    "notes",
)


def _check(fields: dict[str, Any]) -> None:
    errors: Errors = {}
    made_on = fields["made_on"]
    past_date(errors, "made_on", made_on, label="the date the allegation was made")
    after_made = (made_on, "the allegation was made")
    past_date(
        errors,
        "lado_informed_on",
        fields["lado_informed_on"],
        label="the date the LADO was told",
        required=False,
        not_before=after_made,
    )
    past_date(
        errors,
        "designated_informed_on",
        fields["designated_informed_on"],
        label="the date the designated professional was told",
        required=False,
        not_before=after_made,
    )
    choice(
        errors, "category", fields["category"], Allegation.Category.choices, "Choose a category."
    )
    choice(
        errors,
        "subject_role",
        fields["subject_role"],
        Allegation.SubjectRole.choices,
        "Choose the role of the person the allegation is about.",
    )
    choice(errors, "outcome", fields["outcome"], Allegation.Outcome.choices, "Choose the outcome.")
    past_date(
        errors,
        "concluded_on",
        fields["concluded_on"],
        label="the date it was concluded",
        required=bool(fields["outcome"]),
        not_before=after_made,
    )
    if fields["concluded_on"] and not fields["outcome"]:
        add(errors, "outcome", "Choose the outcome of a concluded allegation.")
    fields["notes"] = text(errors, "notes", fields["notes"], limit=10000)
    raise_if(errors)


@transaction.atomic
def allegation_record(
    *,
    actor: Any,
    contract: Contract,
    made_on: dt.date | None,
    category: str,
    subject_role: str,
    lado_informed_on: dt.date | None = None,
    designated_informed_on: dt.date | None = None,
    outcome: str = "",
    concluded_on: dt.date | None = None,
    notes: str = "",
) -> Allegation:
    """Log an allegation. No names: the notes, encrypted, hold anything more."""
    fields = {
        "made_on": made_on,
        "lado_informed_on": lado_informed_on,
        "designated_informed_on": designated_informed_on,
        "category": category,
        "subject_role": subject_role,
        "outcome": outcome or "",
        "concluded_on": concluded_on,
        "notes": notes,
    }
    _check(fields)
    allegation = Allegation.objects.create(
        contract=contract, recorded_by=user_or_none(actor), **fields
    )
    audit_record(
        actor=actor,
        action="assurance.allegation_recorded",
        obj=allegation,
        organisation=contract.commissioner,
        summary=f"Logged an allegation ({allegation.get_category_display().lower()}) on "
        f"{contract.reference}",
    )
    return allegation


@transaction.atomic
def allegation_update(*, actor: Any, allegation: Allegation, **changes: Any) -> Allegation:
    """Update the dates, outcome or notes. The audit trail says the notes changed, not how."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise_if({name: ["This field cannot be changed here."] for name in sorted(unknown)})
    locked = Allegation.objects.select_for_update(of=("self",)).get(pk=allegation.pk)
    fields = {name: getattr(locked, name) for name in EDITABLE} | changes
    fields["outcome"] = fields["outcome"] or ""
    _check(fields)
    diff: dict[str, Any] = {}
    for name in EDITABLE:
        if getattr(locked, name) != fields[name]:
            diff[name] = (
                "changed"
                if name == "notes"
                else [str(getattr(locked, name) or ""), str(fields[name] or "")]
            )
            setattr(locked, name, fields[name])
            setattr(allegation, name, fields[name])
    if diff:
        locked.save()
        audit_record(
            actor=actor,
            action="assurance.allegation_updated",
            obj=locked,
            organisation=locked.contract.commissioner,
            summary=f"Updated allegation {locked.pk} on {locked.contract.reference}",
            changes=diff,
        )
    return allegation
