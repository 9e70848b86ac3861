"""Reads of allegations against staff, with LADO timeliness (nel C10.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from safecom.assurance.bank_holidays import bank_holidays_between
from safecom.assurance.models import Allegation
from safecom.assurance.selectors.access import visible_contract_ids
from safecom.assurance.selectors.parameters import parameter_for_contracts
from safecom.rules.assurance import LadoTimeliness, nel_c10_1_lado_informed_within_working_days

LADO_LABELS = {
    "in_time": ("In time", "govuk-tag--green"),
    "late": ("Late", "govuk-tag--red"),
    "pending": ("LADO not told yet", "govuk-tag--yellow"),
    "overdue": ("LADO not told: overdue", "govuk-tag--red"),
    "unknown": ("No timescale", "govuk-tag--grey"),
}


def lado_timeliness(
    rows: Iterable[tuple[int, int, dt.date, dt.date | None]],
    today: dt.date | None = None,
    working_days: dict[int, Any] | None = None,
) -> dict[int, LadoTimeliness | None]:
    """(allegation id, contract id, made on, LADO told on) -> timeliness, with the working
    days from the standards (nel C10.1's `lado_referral_working_days`) and England and Wales
    bank holidays. None where no standard gives a timescale. `working_days` (contract id ->
    days) when the caller has already read the parameter."""
    today = today or timezone.localdate()
    items = list(rows)
    if not items:
        return {}
    days = working_days
    if days is None:
        days = parameter_for_contracts("lado_referral_working_days", {c for _, c, _, _ in items})
    first = min(made for _, _, made, _ in items)
    last = max(max(made, told or made) for _, _, made, told in items)
    holidays = bank_holidays_between(first, max(last, today))
    out: dict[int, LadoTimeliness | None] = {}
    for pk, contract_id, made_on, told_on in items:
        working_days = days.get(contract_id)
        out[pk] = (
            nel_c10_1_lado_informed_within_working_days(
                made_on=made_on,
                informed_on=told_on,
                working_days=int(working_days),
                bank_holidays=holidays,
                today=today,
            )
            if working_days is not None
            else None
        )
    return out


def allegation_queryset(*, user: Any) -> QuerySet[Allegation]:
    return Allegation.objects.filter(contract_id__in=visible_contract_ids(user)).select_related(
        "contract", "contract__provider", "contract__commissioner", "recorded_by"
    )


def with_timeliness(allegations: Iterable[Allegation]) -> list[Allegation]:
    """The allegations, each with `.lado` (timeliness or None) and its tag."""
    items = list(allegations)
    found = lado_timeliness((a.pk, a.contract_id, a.made_on, a.lado_informed_on) for a in items)
    for a in items:
        a.lado = found.get(a.pk)  # type: ignore[attr-defined]
        status = a.lado.status if a.lado else "unknown"  # type: ignore[attr-defined]
        a.lado_label, a.lado_class = LADO_LABELS[status]  # type: ignore[attr-defined]
    return items


def allegation_list(
    *, user: Any, contract_id: int | None = None, breaches_only: bool = False
) -> list[Allegation]:
    qs = allegation_queryset(user=user)
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    items = with_timeliness(qs.order_by("-made_on", "-pk"))
    if breaches_only:
        items = [a for a in items if a.lado and a.lado.breach]  # type: ignore[attr-defined]
    return items


def allegation_get(*, user: Any, pk: int) -> Allegation | None:
    found = allegation_queryset(user=user).filter(pk=pk).first()
    return with_timeliness([found])[0] if found else None


def allegation_as_dict(a: Allegation) -> dict[str, Any]:
    """The LADO check of one allegation, for the command line and the API (no notes)."""
    lado: LadoTimeliness | None = getattr(a, "lado", None)
    return {
        "id": a.pk,
        "contract": {"id": a.contract_id, "reference": a.contract.reference},
        "provider": a.contract.provider.slug,
        "commissioner": a.contract.commissioner.slug,
        "category": a.category,
        "subject_role": a.subject_role,
        "made_on": a.made_on.isoformat(),
        "lado_informed_on": a.lado_informed_on.isoformat() if a.lado_informed_on else None,
        "lado_deadline": lado.deadline.isoformat() if lado else None,
        "working_days_taken": lado.working_days_taken if lado else None,
        "status": lado.status if lado else "unknown",
        "breach": bool(lado and lado.breach),
        "explanation": lado.explanation if lado else "No standard gives a timescale.",
        "outcome": a.outcome or None,
    }
