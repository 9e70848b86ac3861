"""Writes for contract monitoring: meetings, their actions, and contract safeguarding metrics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from safecom.assurance import metric_library
from safecom.assurance.models import (
    AssuranceAction,
    ContractMetric,
    MetricValue,
    MonitoringMeeting,
    ThematicCheck,
)
from safecom.assurance.selectors.parameters import parameter_for_contracts
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
from safecom.rules.assurance import chscp_5_meeting_has_safeguarding_item, reporting_period

MAX_NUMBER = Decimal("9999999999")


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    contract: Contract,
    held_on: dt.date | None,
    attendees: str,
    safeguarding_item: str = "",
    notes: str = "",
) -> MonitoringMeeting:
    """Record a monitoring meeting. One without a safeguarding item is kept, and flagged."""
    errors: Errors = {}
    past_date(errors, "held_on", held_on, label="the date of the meeting")
    attendees = text(
        errors, "attendees", attendees, limit=2000, required="Enter who attended the meeting."
    )
    safeguarding_item = text(errors, "safeguarding_item", safeguarding_item, limit=5000)
    notes = text(errors, "notes", notes, limit=10000)
    raise_if(errors)
    assert held_on is not None
    meeting = MonitoringMeeting.objects.create(
        contract=contract,
        held_on=held_on,
        attendees=attendees,
        safeguarding_item=safeguarding_item,
        notes=notes,
        recorded_by=user_or_none(actor),
    )
    flagged = not chscp_5_meeting_has_safeguarding_item(safeguarding_item=safeguarding_item)
    audit_record(
        actor=actor,
        action="assurance.meeting_recorded",
        obj=meeting,
        organisation=contract.commissioner,
        summary=f"Recorded the {held_on:%d/%m/%Y} monitoring meeting for {contract.reference}"
        + (" (no safeguarding item)" if flagged else ""),
    )
    return meeting


@transaction.atomic
def action_create(
    *,
    actor: Any,
    description: str,
    owner: str,
    due_on: dt.date | None,
    meeting: MonitoringMeeting | None = None,
    thematic_check: ThematicCheck | None = None,
) -> AssuranceAction:
    """Add an action to a meeting or a thematic check (exactly one of them)."""
    errors: Errors = {}
    if (meeting is None) == (thematic_check is None):
        add(errors, "__all__", "An action belongs to one meeting or one thematic check.")
    description = text(
        errors, "description", description, limit=500, required="Describe the action."
    )
    owner = text(errors, "owner", owner, limit=200, required="Say who owns the action.")
    if due_on is None:
        add(errors, "due_on", "Enter the date the action is due.")
    raise_if(errors)
    assert due_on is not None
    source = meeting or thematic_check
    assert source is not None
    contract = source.contract
    action = AssuranceAction.objects.create(
        contract=contract,
        meeting=meeting,
        thematic_check=thematic_check,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action="assurance.action_added",
        obj=action,
        organisation=contract.commissioner,
        summary=f"Added an action for {owner}, due {due_on:%d/%m/%Y}, on {contract.reference}",
    )
    return action


@transaction.atomic
def action_complete(
    *, actor: Any, action: AssuranceAction, done_on: dt.date | None = None
) -> AssuranceAction:
    errors: Errors = {}
    done_on = done_on or today()
    past_date(errors, "done_on", done_on, label="the date the action was done")
    if action.done_on is not None:
        add(errors, "__all__", f"This action was already marked done on {action.done_on:%d/%m/%Y}.")
    raise_if(errors)
    locked = AssuranceAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    locked.done_on = done_on
    locked.save(update_fields=["done_on"])
    action.done_on = done_on
    audit_record(
        actor=actor,
        action="assurance.action_done",
        obj=action,
        organisation=action.contract.commissioner,
        summary=f"Marked an action done on {action.contract.reference}",
        changes={"done_on": [None, done_on.isoformat()]},
    )
    return action


def _decimal(errors: Errors, field: str, value: Any, label: str, required: bool) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            add(errors, field, f"Enter {label}.")
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%").replace(",", ""))
    except InvalidOperation:
        add(errors, field, f"Enter {label} as a number, like 85 or 12.5.")
        return None
    if not number.is_finite() or number < 0 or number > MAX_NUMBER:
        add(errors, field, f"Enter {label} as a number from 0 to {MAX_NUMBER:,}.")
        return None
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        add(errors, field, f"Give {label} with at most 2 decimal places.")
        return None
    return number


@transaction.atomic
def metric_add(
    *,
    actor: Any,
    contract: Contract,
    metric: str,
    target: Any = None,
    amber_tolerance: Any = None,
) -> ContractMetric:
    """Write a safeguarding metric from the library into the contract, with its target."""
    errors: Errors = {}
    choice(
        errors, "metric", metric, metric_library.METRIC_CHOICES, "Choose a metric from the list."
    )
    kind = metric_library.BY_CODE.get(metric)
    target_value = _decimal(errors, "target", target, "the target", required=False)
    tolerance = _decimal(errors, "amber_tolerance", amber_tolerance, "the amber margin", False)
    if kind and kind.unit == "percent" and target_value is not None and target_value > 100:
        add(errors, "target", "A percentage target cannot be more than 100.")
    if kind and kind.direction != "none" and target_value is None:
        add(errors, "target", f"Enter the target for {kind.label.lower()}.")
    if kind and ContractMetric.objects.filter(contract=contract, metric=metric).exists():
        add(errors, "metric", f"The contract already has the metric '{kind.label}'.")
    raise_if(errors)
    assert kind is not None
    created = ContractMetric.objects.create(
        contract=contract,
        metric=metric,
        target=target_value,
        amber_tolerance=tolerance or Decimal(0),
    )
    audit_record(
        actor=actor,
        action="assurance.metric_added",
        obj=created,
        organisation=contract.commissioner,
        summary=f"Added the metric '{kind.label}' to {contract.reference}",
    )
    return created


def metric_period_months(contract: Contract) -> int | None:
    """Metrics are reported for the same periods as returns (nel 15.2's interval)."""
    months = parameter_for_contracts("return_interval_months", [contract.pk])[contract.pk]
    return int(months) if months else None


@transaction.atomic
def metric_value_record(
    *,
    actor: Any,
    contract_metric: ContractMetric,
    period_day: dt.date | None,
    value: Any,
    note: str = "",
) -> MetricValue:
    """Record (or correct) a metric's value for the period holding `period_day`."""
    errors: Errors = {}
    kind = metric_library.BY_CODE[contract_metric.metric]
    number = _decimal(errors, "value", value, "the value", required=True)
    if number is not None and kind.unit == "percent" and number > 100:
        add(errors, "value", "A percentage cannot be more than 100.")
    if number is not None and kind.unit == "count" and number != number.to_integral_value():
        add(errors, "value", "Enter a whole number for a count.")
    if period_day is None:
        add(errors, "period_day", "Enter a date in the period the value is for.")
    elif period_day > today():
        add(errors, "period_day", "The period cannot be in the future.")
    note = text(errors, "note", note, limit=500)
    months = metric_period_months(contract_metric.contract)
    if months is None:
        add(errors, "__all__", "No standard sets a reporting interval: load the standards first.")
    raise_if(errors)
    assert number is not None and period_day is not None and months is not None
    period = reporting_period(period_day, months)
    existing = (
        MetricValue.objects.select_for_update(of=("self",))
        .filter(contract_metric=contract_metric, period_start=period.start)
        .first()
    )
    contract = contract_metric.contract
    if existing:
        before = existing.value
        existing.value, existing.note = number, note
        existing.recorded_by = user_or_none(actor)
        existing.save(update_fields=["value", "note", "recorded_by"])
        audit_record(
            actor=actor,
            action="assurance.metric_value_corrected",
            obj=existing,
            organisation=contract.commissioner,
            summary=f"Corrected {kind.label.lower()} for {period.label} on {contract.reference}",
            changes={"value": [str(before), str(number)]},
        )
        return existing
    created = MetricValue.objects.create(
        contract_metric=contract_metric,
        period_start=period.start,
        period_label=period.label,
        value=number,
        note=note,
        recorded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="assurance.metric_value_recorded",
        obj=created,
        organisation=contract.commissioner,
        summary=f"Recorded {kind.label.lower()} for {period.label} on {contract.reference}",
    )
    return created
