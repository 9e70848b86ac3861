"""Writes to one person's record from the pages and the API, and the logged reads
(opening a record as a commissioner, revealing a DBS number or date of birth, exporting)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safecom.audit.models import AuditEvent
from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation
from safecom.workforce.importing.columns import STAFF_FIELDS
from safecom.workforce.importing.validate import check_pairs, read_value
from safecom.workforce.models import (
    DbsRecheckPolicy,
    DbsStatusResult,
    StaffMember,
    TrainingKind,
    TrainingRecord,
)
from safecom.workforce.services import records
from safecom.workforce.services.figures import workforce_figures_forget

REVEALABLE = {"dbs_number": "DBS certificate number", "date_of_birth": "date of birth"}
MIN_REASON = 10


def _reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < MIN_REASON:
        raise ValidationError(
            {"reason": [f"Say why you need this, in at least {MIN_REASON} characters."]}
        )
    if len(text) > 1000:
        raise ValidationError({"reason": ["Keep the reason to 1000 characters or fewer."]})
    return text


def _not_future(field: str, day: dt.date, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [f"The {label} cannot be in the future."]})


def _save(actor: Any, staff: StaffMember, changes: dict[str, list[Any]], summary: str) -> None:
    full = records.values_of(staff)
    records.apply(staff, full)
    staff.save()
    workforce_figures_forget(provider_ids=[staff.provider_id])
    audit_record(
        actor=actor,
        action="workforce.staff_updated",
        obj=staff,
        organisation=staff.provider,
        summary=summary,
        changes=changes,
    )


# Their values never go into the audit trail: only that they changed.
PRIVATE_FIELDS = frozenset({"date_of_birth", "dbs_number"})
REQUIRED = {
    "staff_reference": "Enter the staff reference.",
    "first_name": "Enter the first name.",
    "last_name": "Enter the last name.",
    "worker_type": "Choose the worker type.",
}


@transaction.atomic
def staff_record_save(
    *,
    actor: Any,
    provider: Organisation,
    values: dict[str, Any],
    staff: StaffMember | None = None,
) -> StaffMember:
    """Add a person (no `staff`) or change every field of their record, checked as the
    import checks a row. A private field (date of birth, DBS number) given as None or blank
    keeps what is on record, so the form never has to show it."""
    today = timezone.localdate()
    locked = (
        StaffMember.objects.select_for_update(of=("self",)).get(pk=staff.pk, provider=provider)
        if staff is not None
        else None
    )
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for name in STAFF_FIELDS:
        raw = values.get(name)
        if name in PRIVATE_FIELDS and raw in (None, "") and locked is not None:
            checked[name] = getattr(locked, name)
            continue
        value, problem = read_value(name, raw, today=today)
        if problem:
            errors.setdefault(name, []).append(problem)
        else:
            checked[name] = value
    check_pairs(checked, lambda name, message: errors.setdefault(name, []).append(message))
    for name, message in REQUIRED.items():
        if name not in errors and not checked.get(name):
            errors[name] = [message]
    reference = checked.get("staff_reference")
    taken = StaffMember.objects.filter(provider=provider, staff_reference=reference)
    if locked is not None:
        taken = taken.exclude(pk=locked.pk)
    if reference and taken.exists():
        errors.setdefault("staff_reference", []).append(
            f"Someone else at {provider.name} has the staff reference {reference}."
        )
    if errors:
        raise ValidationError(errors)
    target = locked or StaffMember(provider=provider)
    before = records.values_of(target) if locked is not None else {}
    full = records.normalise(checked)
    records.apply(target, full)
    target.save()
    changes: dict[str, Any] = {}
    for name, value in full.items():
        old = before.get(name)
        if locked is not None and old == value:
            continue
        if name in PRIVATE_FIELDS:
            changes[name] = "changed" if locked is not None else "recorded"
        else:
            changes[name] = [_shown(old), _shown(value)]
    workforce_figures_forget(provider_ids=[provider.pk])
    audit_record(
        actor=actor,
        action="workforce.staff_updated" if locked is not None else "workforce.staff_created",
        obj=target,
        organisation=provider,
        summary=(
            f"Changed the record of {target.staff_reference}"
            if locked is not None
            else f"Added {target.staff_reference} to the staff records"
        ),
        changes=changes,
    )
    return target


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def staff_record_status_check(
    *, actor: Any, staff: StaffMember, checked_on: dt.date, result: str
) -> StaffMember:
    """Record a DBS Update Service status check; a "current" result keeps the DBS current."""
    if result not in DbsStatusResult.values:
        raise ValidationError({"result": ["Choose the result of the check."]})
    _not_future("checked_on", checked_on, "date of the check")
    locked = StaffMember.objects.select_for_update(of=("self",)).get(pk=staff.pk)
    if not locked.dbs_number:
        raise ValidationError({"checked_on": ["There is no DBS certificate on record to check."]})
    if locked.dbs_issue_date and checked_on < locked.dbs_issue_date:
        raise ValidationError(
            {"checked_on": ["The check cannot be before the certificate was issued."]}
        )
    changes: dict[str, list[Any]] = {
        "dbs_update_service": [locked.dbs_update_service, True],
        "dbs_status_checked_on": [str(locked.dbs_status_checked_on), str(checked_on)],
        "dbs_status_result": [locked.dbs_status_result, result],
    }
    locked.dbs_update_service = True
    locked.dbs_status_checked_on = checked_on
    locked.dbs_status_result = result
    _save(actor, locked, changes, f"Recorded an Update Service check for {locked.staff_reference}")
    return locked


@transaction.atomic
def staff_mark_left(*, actor: Any, staff: StaffMember, leaving_date: dt.date) -> StaffMember:
    locked = StaffMember.objects.select_for_update(of=("self",)).get(pk=staff.pk)
    if locked.start_date and leaving_date < locked.start_date:
        raise ValidationError({"leaving_date": ["The leaving date is before the start date."]})
    changes: dict[str, list[Any]] = {
        "is_active": [locked.is_active, False],
        "leaving_date": [str(locked.leaving_date), str(leaving_date)],
    }
    locked.is_active = False
    locked.leaving_date = leaving_date
    _save(actor, locked, changes, f"Marked {locked.staff_reference} as left")
    return locked


@transaction.atomic
def training_add(
    *,
    actor: Any,
    staff: StaffMember,
    kind: str,
    completed_on: dt.date,
    level: str = "",
    course: str = "",
) -> TrainingRecord:
    if kind not in TrainingKind.values:
        raise ValidationError({"kind": ["Choose the kind of training."]})
    _not_future("completed_on", completed_on, "completion date")
    if len(level.strip()) > 20 or len(course.strip()) > 200:
        raise ValidationError({"level": ["Keep the level to 20 characters, the course to 200."]})
    if TrainingRecord.objects.filter(staff=staff, kind=kind, completed_on=completed_on).exists():
        raise ValidationError({"completed_on": ["This training is already recorded on that date."]})
    record = TrainingRecord.objects.create(
        staff=staff,
        kind=kind,
        completed_on=completed_on,
        level=level.strip(),
        course=course.strip() or TrainingKind(kind).label,
    )
    workforce_figures_forget(provider_ids=[staff.provider_id])
    audit_record(
        actor=actor,
        action="workforce.training_added",
        obj=record,
        organisation=staff.provider,
        summary=f"Recorded {record.get_kind_display()} training for {staff.staff_reference}",
        changes={"completed_on": [None, completed_on.isoformat()], "level": [None, level]},
    )
    return record


@transaction.atomic
def staff_reveal(*, actor: Any, staff: StaffMember, field: str, reason: str) -> str:
    """Show one private value in full, writing who, when and why to the audit trail."""
    if field not in REVEALABLE:
        raise ValidationError({"field": ["Only a DBS number or a date of birth can be shown."]})
    why = _reason(reason)
    audit_record(
        actor=actor,
        action="workforce.revealed",
        obj=staff,
        organisation=staff.provider,
        summary=f"Revealed the {REVEALABLE[field]} of {staff.staff_reference}",
        changes={"field": field},
        reason=why,
    )
    value = getattr(staff, field)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value or ""


@transaction.atomic
def staff_record_open(
    *, actor: Any, staff: StaffMember, reason: str, commissioner: Organisation | None
) -> AuditEvent:
    """A commissioner opens one person's record: allowed only with a reason, always logged."""
    why = _reason(reason)
    return audit_record(
        actor=actor,
        action="workforce.record_opened",
        obj=staff,
        organisation=commissioner or staff.provider,
        summary=f"Opened the staff record {staff.staff_reference} at {staff.provider}",
        reason=why,
    )


@transaction.atomic
def staff_export_record(*, actor: Any, provider: Organisation, rows: int, fmt: str) -> None:
    audit_record(
        actor=actor,
        action="workforce.exported",
        obj=provider,
        organisation=provider,
        summary=f"Exported {rows} staff records as {fmt.upper()}",
    )


@transaction.atomic
def dbs_recheck_policy_set(
    *, actor: Any, commissioner: Organisation, recheck_years: int | None, reason: str = ""
) -> DbsRecheckPolicy | None:
    """Set (or, with None, remove) a commissioner's own DBS recheck interval."""
    if commissioner.kind != Organisation.Kind.COMMISSIONER:
        raise ValidationError({"commissioner": [f"{commissioner} is not a commissioner."]})
    current = DbsRecheckPolicy.objects.filter(commissioner=commissioner).first()
    before = current.recheck_years if current else None
    if recheck_years is None:
        if current:
            current.delete()
            audit_record(
                actor=actor,
                action="workforce.recheck_policy_removed",
                obj=commissioner,
                organisation=commissioner,
                summary="Removed the own DBS recheck interval; the framework's applies",
                changes={"recheck_years": [before, None]},
                reason=reason.strip(),
            )
        return None
    if not 1 <= recheck_years <= 10:
        raise ValidationError({"recheck_years": ["Give a whole number of years from 1 to 10."]})
    policy, _ = DbsRecheckPolicy.objects.update_or_create(
        commissioner=commissioner,
        defaults={"recheck_years": recheck_years, "reason": reason.strip()[:1000]},
    )
    audit_record(
        actor=actor,
        action="workforce.recheck_policy_set",
        obj=policy,
        organisation=commissioner,
        summary=f"DBS rechecks every {recheck_years} years",
        changes={"recheck_years": [before, recheck_years]},
        reason=reason.strip(),
    )
    return policy
