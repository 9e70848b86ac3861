"""Reads of quarterly returns and annual reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from safecom.assurance import integrations
from safecom.assurance.constants import DELIVERY_STAGES
from safecom.assurance.models import AnnualReport, ReturnTemplate, SafeguardingReturn
from safecom.assurance.selectors.access import visible_contract_ids
from safecom.contracts.models import Contract
from safecom.rules.assurance import nel_15_2_return_status

STATUS_LABELS = {
    "submitted": ("Submitted", "govuk-tag--green"),
    "late": ("Submitted late", "govuk-tag--orange"),
    "missing": ("Missing", "govuk-tag--red"),
    "open": ("Not yet due", "govuk-tag--grey"),
}


def format_percent(fraction_or_percent: Decimal) -> str:
    return f"{fraction_or_percent.quantize(Decimal('0.1')).normalize():f}"


def return_prefill(*, safeguarding_return: SafeguardingReturn) -> dict[str, str]:
    """Item code -> the figure the service holds for it (from the provider's workforce
    records). Items with no such figure, or when none is held, are left out."""
    items = [i for i in safeguarding_return.template.items.all() if i.prefill]
    if not items:
        return {}
    summary = integrations.workforce_summary(provider=safeguarding_return.contract.provider)
    if not summary:
        return {}
    out: dict[str, str] = {}
    for item in items:
        raw = summary.get(item.prefill)
        if raw is None:
            continue
        if item.prefill == "training_coverage":
            out[item.code] = format_percent(Decimal(str(raw)) * 100)
        elif isinstance(raw, list | tuple):
            out[item.code] = str(len(raw))
        else:
            out[item.code] = str(int(raw))
    return out


def return_status(ret: SafeguardingReturn, today: dt.date | None = None) -> str:
    return nel_15_2_return_status(
        due_on=ret.due_on, submitted_on=ret.submitted_on, today=today or timezone.localdate()
    )


def return_list(
    *, user: Any, status: str | None = None, contract_id: int | None = None
) -> list[SafeguardingReturn]:
    """Returns the user may see, newest period first, each with `.status` (and its label)."""
    qs = (
        SafeguardingReturn.objects.filter(contract_id__in=visible_contract_ids(user))
        .select_related("template", "contract", "contract__provider", "contract__commissioner")
        .order_by("-period_start", "due_on", "contract__title", "pk")
    )
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    today = timezone.localdate()
    out = []
    for ret in qs:
        ret.status = return_status(ret, today)  # type: ignore[attr-defined]
        ret.status_label, ret.status_class = STATUS_LABELS[ret.status]  # type: ignore[attr-defined]
        if status is None or ret.status == status:  # type: ignore[attr-defined]
            out.append(ret)
    return out


def return_get(*, user: Any, pk: int) -> SafeguardingReturn | None:
    found = (
        SafeguardingReturn.objects.filter(pk=pk, contract_id__in=visible_contract_ids(user))
        .select_related("template", "contract", "contract__provider", "contract__commissioner")
        .first()
    )
    if found:
        found.status = return_status(found)  # type: ignore[attr-defined]
        found.status_label, found.status_class = STATUS_LABELS[found.status]  # type: ignore[attr-defined]
    return found


def return_answers(*, safeguarding_return: SafeguardingReturn) -> list[dict[str, Any]]:
    """Each item of the return with its answer, the figure held and any reason for a change."""
    answers = {a.item_id: a for a in safeguarding_return.answers.all()}
    out = []
    for item in safeguarding_return.template.items.all():
        answer = answers.get(item.pk)
        out.append(
            {
                "item": item,
                "value": answer.value if answer else "",
                "prefilled_value": answer.prefilled_value if answer else "",
                "change_reason": answer.change_reason if answer else "",
            }
        )
    return out


def templates_for(*, commissioner_ids: set[int]) -> QuerySet[ReturnTemplate]:
    """Templates a commissioner may issue: its own, and those of frameworks (no owner)."""
    return (
        ReturnTemplate.objects.filter(
            Q(commissioner_id__in=commissioner_ids) | Q(commissioner__isnull=True), is_active=True
        )
        .select_related("commissioner", "framework")
        .prefetch_related("items")
        .order_by("name")
    )


def annual_reports_of(*, contract_id: int) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(contract_id=contract_id).order_by("-received_on")


def contracts_for_template(template: ReturnTemplate) -> QuerySet[Contract]:
    """Contracts in delivery a template's returns go to: its commissioner's (if it has one),
    under its framework (if it names one)."""
    qs = Contract.objects.filter(stage__in=DELIVERY_STAGES)
    if template.commissioner_id:
        qs = qs.filter(commissioner_id=template.commissioner_id)
    if template.framework_id:
        qs = qs.filter(frameworks__framework_id=template.framework_id)
    return qs.distinct().select_related("commissioner")
