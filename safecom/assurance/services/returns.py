"""Writes for quarterly returns (nel 15.2, AppA.2) and annual reports (nel 15.1, A9)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from safecom.accounts import roles
from safecom.assurance.models import (
    AnnualReport,
    ReturnAnswer,
    ReturnItem,
    ReturnTemplate,
    SafeguardingReturn,
)
from safecom.assurance.models.returns import PREFILL_CHOICES
from safecom.assurance.selectors.parameters import parameter_for_framework
from safecom.assurance.selectors.returns import contracts_for_template, return_prefill
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
from safecom.organisations.models import Organisation
from safecom.rules.assurance import reporting_period
from safecom.standards.models import Framework

YEAR_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


def _template_items(errors: Errors, items: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        label = (item.get("label") or "").strip()
        if not label:
            continue
        if len(label) > 200 or "\x00" in label:
            add(errors, "items", f"Item {n}: use 200 characters or fewer, with no null character.")
            continue
        code = slugify(item.get("code") or label)[:40] or f"item-{n}"
        if code in seen:
            add(errors, "items", f"Item {n}: '{label}' is asked twice.")
            continue
        seen.add(code)
        kind = item.get("kind") or "count"
        if kind not in ReturnItem.Kind.values:
            add(errors, "items", f"Item {n}: choose a whole number, a percentage or text.")
        prefill = item.get("prefill") or ""
        if prefill not in {c for c, _ in PREFILL_CHOICES}:
            add(errors, "items", f"Item {n}: '{prefill}' is not a figure the service holds.")
        cleaned.append({"code": code, "label": label, "kind": kind, "prefill": prefill})
    if not cleaned and "items" not in errors:
        add(errors, "items", "Add at least one item the return asks for.")
    return cleaned


@transaction.atomic
def return_template_create(
    *,
    actor: Any,
    name: str,
    items: Iterable[Mapping[str, str]],
    commissioner: Organisation | None = None,
    framework: Framework | None = None,
    due_days: int = 30,
) -> ReturnTemplate:
    """A return template for a commissioner (or a framework). Its interval comes from the
    framework's `return_interval_months` (nel 15.2)."""
    errors: Errors = {}
    name = text(errors, "name", name, limit=200, required="Enter a name for the return.")
    if commissioner is None and framework is None:
        add(errors, "__all__", "A return template belongs to a commissioner or a framework.")
    if commissioner is not None and commissioner.kind != roles.COMMISSIONER:
        add(errors, "commissioner", f"{commissioner} is not a commissioner.")
    if not 1 <= int(due_days) <= 120:
        add(errors, "due_days", "Give the days allowed after the period ends, from 1 to 120.")
    cleaned = _template_items(errors, items)
    months = parameter_for_framework("return_interval_months", framework.pk if framework else None)
    if not months:
        add(errors, "__all__", "No standard sets a return interval: load the standards first.")
    raise_if(errors)
    template = ReturnTemplate.objects.create(
        name=name,
        commissioner=commissioner,
        framework=framework,
        interval_months=int(months),
        due_days=int(due_days),
    )
    ReturnItem.objects.bulk_create(
        [ReturnItem(template=template, order=n, **item) for n, item in enumerate(cleaned)]
    )
    audit_record(
        actor=actor,
        action="assurance.return_template_created",
        obj=template,
        organisation=commissioner,
        summary=f"Created the return template '{name}' with {len(cleaned)} items",
    )
    return template


@transaction.atomic
def returns_issue(
    *,
    actor: Any,
    template: ReturnTemplate,
    period_day: dt.date | None,
    contracts: Iterable[Contract] | None = None,
) -> list[SafeguardingReturn]:
    """Give each contract (by default each the template's commissioner has in delivery) a
    return for the period holding `period_day`, due `due_days` after it ends. A contract that
    already has that return is left as it is."""
    errors: Errors = {}
    if period_day is None:
        add(errors, "period_day", "Enter a date in the period the return is for.")
    if not template.is_active:
        add(errors, "__all__", f"The template '{template}' is no longer in use.")
    if contracts is None and template.commissioner_id is None:
        add(errors, "__all__", "Say which contracts a framework's return goes to.")
    raise_if(errors)
    assert period_day is not None
    period = reporting_period(period_day, template.interval_months)
    if period.start > today():
        raise_if({"period_day": ["Returns cannot be issued for a period that has not started."]})
    chosen = list(contracts) if contracts is not None else list(contracts_for_template(template))
    have = set(
        SafeguardingReturn.objects.filter(
            template=template, period_start=period.start, contract__in=[c.pk for c in chosen]
        ).values_list("contract_id", flat=True)
    )
    made = []
    for contract in chosen:
        if contract.pk in have:
            continue
        made.append(
            SafeguardingReturn.objects.create(
                template=template,
                contract=contract,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
                due_on=period.end + dt.timedelta(days=template.due_days),
            )
        )
        audit_record(
            actor=actor,
            action="assurance.return_issued",
            obj=made[-1],
            organisation=contract.commissioner,
            summary=f"Issued the {period.label} return '{template}' for {contract.reference}",
        )
    return made


def _answer(errors: Errors, item: ReturnItem, raw: str) -> str:
    field = f"item_{item.code}"
    value = (raw or "").strip()
    if "\x00" in value:
        add(errors, field, f"{item.label}: remove the null character.")
        return value
    if not value:
        add(errors, field, f"Enter {item.label.lower()}: a return must be complete.")
        return value
    if item.kind == ReturnItem.Kind.TEXT:
        if len(value) > 2000:
            add(errors, field, f"{item.label}: use 2,000 characters or fewer.")
        return value
    try:
        number = Decimal(value.rstrip("%").replace(",", ""))
    except InvalidOperation:
        number = Decimal("NaN")
    if item.kind == ReturnItem.Kind.COUNT:
        if not number.is_finite() or number < 0 or number != number.to_integral_value():
            add(errors, field, f"{item.label}: enter a whole number, like 12.")
            return value
        return str(int(number))
    if not number.is_finite() or not 0 <= number <= 100:
        add(errors, field, f"{item.label}: enter a percentage from 0 to 100, like 87.5.")
        return value
    return f"{number.quantize(Decimal('0.1')).normalize():f}"


@transaction.atomic
def return_submit(
    *,
    actor: Any,
    safeguarding_return: SafeguardingReturn,
    values: Mapping[str, str],
    reasons: Mapping[str, str] | None = None,
    submitted_on: dt.date | None = None,
) -> SafeguardingReturn:
    """Submit (or correct) a return. A value that differs from the figure the service holds
    needs a reason. The first submission date stands: a correction does not make it late."""
    reasons = reasons or {}
    errors: Errors = {}
    locked = SafeguardingReturn.objects.select_for_update(of=("self",)).get(
        pk=safeguarding_return.pk
    )
    prefill = return_prefill(safeguarding_return=locked)
    items = list(locked.template.items.all())
    answers: dict[int, tuple[str, str, str]] = {}
    for item in items:
        value = _answer(errors, item, values.get(item.code, ""))
        held = prefill.get(item.code, "")
        reason = text(errors, f"reason_{item.code}", reasons.get(item.code, ""), limit=500)
        if held and value and value != held and not reason:
            add(
                errors,
                f"reason_{item.code}",
                f"{item.label}: say why you changed the {held} the service holds.",
            )
        answers[item.pk] = (value, held, reason if value != held else "")
    when = submitted_on or today()
    past_date(
        errors,
        "submitted_on",
        when,
        label="the submission date",
        not_before=(locked.period_start, "the start of the period"),
    )
    raise_if(errors)
    existing = {a.item_id: a for a in locked.answers.all()}
    changes: dict[str, Any] = {}
    for item in items:
        value, held, reason = answers[item.pk]
        found = existing.get(item.pk)
        if found is None:
            ReturnAnswer.objects.create(
                safeguarding_return=locked,
                item=item,
                value=value,
                prefilled_value=held,
                change_reason=reason,
            )
        elif (found.value, found.change_reason) != (value, reason):
            changes[item.code] = [found.value, value]
            found.value, found.prefilled_value, found.change_reason = value, held, reason
            found.save(update_fields=["value", "prefilled_value", "change_reason"])
    first = locked.submitted_on is None
    if first:
        locked.submitted_on = when
        locked.submitted_by = user_or_none(actor)
        locked.save(update_fields=["submitted_on", "submitted_by"])
    safeguarding_return.submitted_on = locked.submitted_on
    contract = locked.contract
    late = locked.submitted_on and locked.submitted_on > locked.due_on
    audit_record(
        actor=actor,
        action="assurance.return_submitted" if first else "assurance.return_corrected",
        obj=locked,
        organisation=contract.provider,
        summary=(
            f"{'Submitted' if first else 'Corrected'} the {locked.period_label} return for "
            f"{contract.reference}" + (" (late)" if first and late else "")
        ),
        changes=changes,
    )
    return locked


def _year_label(errors: Errors, value: str) -> str:
    value = (value or "").strip()
    match = YEAR_LABEL.match(value)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        add(errors, "year_label", "Enter the year the report covers like 2025/26.")
    return value


@transaction.atomic
def annual_report_record(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    year_label: str,
    received_on: dt.date | None,
    reviewed_on: dt.date | None = None,
    review_note: str = "",
) -> AnnualReport:
    """Record a provider's annual safeguarding report, and the commissioner's review of it."""
    errors: Errors = {}
    choice(errors, "kind", kind, AnnualReport.Kind.choices, "Choose children or adults.")
    year_label = _year_label(errors, year_label)
    past_date(errors, "received_on", received_on, label="the date it was received")
    past_date(
        errors,
        "reviewed_on",
        reviewed_on,
        label="the date it was reviewed",
        required=False,
        not_before=(received_on, "the date it was received"),
    )
    review_note = text(errors, "review_note", review_note, limit=5000)
    if AnnualReport.objects.filter(contract=contract, kind=kind, year_label=year_label).exists():
        add(errors, "year_label", f"A {kind} report for {year_label} is already recorded.")
    raise_if(errors)
    assert received_on is not None
    report = AnnualReport.objects.create(
        contract=contract,
        kind=kind,
        year_label=year_label,
        received_on=received_on,
        reviewed_on=reviewed_on,
        review_note=review_note,
        recorded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assurance.annual_report_recorded",
        obj=report,
        organisation=contract.commissioner,
        summary=f"Recorded the {year_label} {kind} safeguarding report for {contract.reference}",
    )
    return report


@transaction.atomic
def annual_report_review(
    *, actor: Any, report: AnnualReport, reviewed_on: dt.date | None, review_note: str
) -> AnnualReport:
    """The commissioner's review of an annual report, for activity and quality (nel A9.1)."""
    errors: Errors = {}
    past_date(
        errors,
        "reviewed_on",
        reviewed_on,
        label="the date it was reviewed",
        not_before=(report.received_on, "the date it was received"),
    )
    review_note = text(
        errors, "review_note", review_note, limit=5000, required="Say what the review found."
    )
    raise_if(errors)
    locked = AnnualReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
    before = str(locked.reviewed_on or "")
    locked.reviewed_on, locked.review_note = reviewed_on, review_note
    locked.save(update_fields=["reviewed_on", "review_note"])
    report.reviewed_on, report.review_note = reviewed_on, review_note
    audit_record(
        actor=actor,
        action="assurance.annual_report_reviewed",
        obj=locked,
        organisation=locked.contract.commissioner,
        summary=(
            f"Reviewed the {locked.year_label} {locked.kind} report of {locked.contract.reference}"
        ),
        changes={"reviewed_on": [before, str(reviewed_on)]},
    )
    return report
