"""The Child Safeguarding Statement: its own record, with a review date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecom.assessments.models import ChildSafeguardingStatement
from safecom.assessments.services.common import (
    check_files,
    check_text,
    raise_if,
    store_evidence,
    user_or_none,
)
from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation


@transaction.atomic
def statement_record(
    *,
    actor: Any,
    provider: Organisation,
    summary: str,
    signed_off_by: str,
    approved_on: dt.date | None,
    review_date: dt.date | None,
    file: tuple[str, bytes] | None = None,
) -> ChildSafeguardingStatement:
    """Record the provider's current statement; the one before stays as history."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    check_text(errors, "summary", summary, limit=5000, required="Summarise the statement.")
    check_text(
        errors,
        "signed_off_by",
        signed_off_by,
        limit=150,
        required="Say who signed the statement off, for example the chair of trustees.",
    )
    if approved_on is None:
        errors["approved_on"] = ["Enter the date the statement was approved."]
    elif approved_on > today:
        errors["approved_on"] = ["The approval date cannot be in the future."]
    if review_date is None:
        errors["review_date"] = ["Enter the date the statement is next to be reviewed."]
    elif review_date < today:
        errors["review_date"] = ["The review date has passed: give the next review date."]
    elif approved_on and review_date <= approved_on:
        errors["review_date"] = ["The review date must be after the approval date."]
    checked = check_files(errors, [file] if file else [])
    raise_if(errors)
    assert approved_on is not None and review_date is not None
    evidence = None
    if checked:
        info, data = checked[0]
        evidence = store_evidence(actor=actor, provider=provider, info=info, data=data)
    statement = ChildSafeguardingStatement.objects.create(
        provider=provider,
        summary=summary.strip(),
        signed_off_by=signed_off_by.strip(),
        approved_on=approved_on,
        review_date=review_date,
        evidence=evidence,
        recorded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assessment.statement_recorded",
        obj=statement,
        organisation=provider,
        summary=f"Recorded the Child Safeguarding Statement, review by {review_date:%d/%m/%Y}",
    )
    return statement
