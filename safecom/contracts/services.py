"""Writes to contracts. Each checks its input, writes in one transaction and audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can
from safecom.assessments.gate import contract_gate, gate_applies
from safecom.audit.services import audit_record
from safecom.contracts import lifecycle
from safecom.contracts.models import ClauseConfirmation, Contract, GateOverride, StageChange
from safecom.organisations.models import Organisation
from safecom.organisations.selectors import providers_available_to
from safecom.standards.models import FrameworkVersion

MAX_VALUE = Decimal(10) ** 12
EDITABLE_FIELDS = (
    "reference",
    "title",
    "description",
    "client_group",
    "regulated_activity",
    "value",
    "start_date",
    "end_date",
)


def _check(
    *,
    commissioner: Organisation,
    provider: Organisation,
    reference: str,
    title: str,
    client_group: str,
    value: Decimal | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    # Text first: a null byte or an overlong value must not reach a database query.
    for name, text, limit in (("reference", reference, 40), ("title", title, 200)):
        if len(text.strip()) > limit:
            errors.setdefault(name, []).append(f"Use {limit} characters or fewer.")
        if "\x00" in text:
            errors.setdefault(name, []).append("Remove the null character from the text.")
    if commissioner.kind != roles.COMMISSIONER:
        errors.setdefault("commissioner", []).append(f"{commissioner} is not a commissioner.")
    if provider.kind != roles.PROVIDER:
        errors.setdefault("provider", []).append(f"{provider} is not a provider.")
    elif (
        exclude_pk is None
        and commissioner.kind == roles.COMMISSIONER
        and not providers_available_to(commissioner=commissioner).filter(pk=provider.pk).exists()
    ):
        errors.setdefault("provider", []).append(
            f"{provider} is not a provider in {commissioner}'s partnership areas. "
            "Ask your partnership to add it to the area first."
        )
    if not reference.strip():
        errors.setdefault("reference", []).append("Enter the contract reference.")
    elif "reference" not in errors and (
        Contract.objects.filter(commissioner=commissioner, reference=reference.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors.setdefault("reference", []).append(
            f"{commissioner} already has a contract with reference {reference.strip()}."
        )
    if not title.strip():
        errors.setdefault("title", []).append("Enter the contract title.")
    if client_group not in Contract.ClientGroup.values:
        errors.setdefault("client_group", []).append(
            "Choose who the service is for: children, adults or both."
        )
    if value is not None:
        if not value.is_finite() or value < 0:
            errors.setdefault("value", []).append("The contract value cannot be negative.")
        elif value >= MAX_VALUE or value.as_tuple().exponent < -2:  # type: ignore[operator]
            errors.setdefault("value", []).append(
                "Give the value in pounds and pence, below £1,000,000,000,000."
            )
    if start_date and end_date and end_date < start_date:
        errors.setdefault("end_date", []).append("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_create(
    *,
    actor: Any,
    commissioner: Organisation,
    provider: Organisation,
    reference: str,
    title: str,
    client_group: str,
    regulated_activity: bool = True,
    description: str = "",
    value: Decimal | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    frameworks: Iterable[FrameworkVersion] = (),
    stage: str = "planning",
) -> Contract:
    _check(
        commissioner=commissioner,
        provider=provider,
        reference=reference,
        title=title,
        client_group=client_group,
        value=value,
        start_date=start_date,
        end_date=end_date,
    )
    if stage not in lifecycle.STAGES:
        raise ValidationError({"stage": [f"'{stage}' is not a stage."]})
    contract = Contract.objects.create(
        commissioner=commissioner,
        provider=provider,
        reference=reference.strip(),
        title=title.strip(),
        description=description.strip(),
        client_group=client_group,
        regulated_activity=regulated_activity,
        value=value,
        start_date=start_date,
        end_date=end_date,
        stage=stage,
    )
    contract.frameworks.set(list(frameworks))
    StageChange.objects.create(
        contract=contract,
        from_stage="",
        to_stage=stage,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="contract.created",
        obj=contract,
        organisation=commissioner,
        summary=f"Created contract {contract.reference} with {provider}",
    )
    return contract


@transaction.atomic
def contract_update(
    *,
    actor: Any,
    contract: Contract,
    frameworks: Iterable[FrameworkVersion] | None = None,
    **fields: Any,
) -> Contract:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed here."] for name in unknown})
    merged = {name: getattr(contract, name) for name in EDITABLE_FIELDS} | fields
    _check(
        commissioner=contract.commissioner,
        provider=contract.provider,
        reference=merged["reference"],
        title=merged["title"],
        client_group=merged["client_group"],
        value=merged["value"],
        start_date=merged["start_date"],
        end_date=merged["end_date"],
        exclude_pk=contract.pk,
    )
    changes: dict[str, Any] = {
        name: [str(getattr(contract, name)), str(value)]
        for name, value in fields.items()
        if getattr(contract, name) != value
    }
    locked = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    for name, value in fields.items():
        cleaned = value.strip() if isinstance(value, str) else value
        setattr(locked, name, cleaned)
        setattr(contract, name, cleaned)
    # Only the fields edited here: a stage moved meanwhile is not put back.
    locked.save(update_fields=[*fields, "updated_at"])
    if frameworks is not None:
        before = set(contract.frameworks.values_list("pk", flat=True))
        chosen = list(frameworks)
        if before != {f.pk for f in chosen}:
            contract.frameworks.set(chosen)
            changes["frameworks"] = [sorted(before), sorted(f.pk for f in chosen)]
    if changes:
        audit_record(
            actor=actor,
            action="contract.updated",
            obj=contract,
            organisation=contract.commissioner,
            summary=f"Updated contract {contract.reference}",
            changes=changes,
        )
    return contract


def _gate_check(*, actor: Any, contract: Contract, to_stage: str, override_reason: str) -> None:
    """Refuse a move past the pre-engagement gate unless it passes, or a commissioner with the
    permission overrides it with a reason (kept with the conditions as they stood)."""
    if not gate_applies(contract=contract, to_stage=to_stage):
        return
    gate = contract_gate(contract=contract)
    if gate.passed:
        return
    failed = "; ".join(
        f"{c.name.lower()} ({c.detail.rstrip('.')})" for c in gate.conditions if not c.passed
    )
    if not override_reason.strip():
        raise ValidationError(
            {
                "to_stage": [
                    f"The contract cannot move to {lifecycle.STAGE_LABELS[to_stage].lower()}: "
                    f"the pre-engagement gate is not passed. Not yet: {failed}."
                ]
            }
        )
    if not user_can(actor, roles.GATE_OVERRIDE, contract.commissioner_id):
        raise ValidationError(
            {"override_reason": ["Only a commissioner who may override the gate can do this."]}
        )
    if len(override_reason) > 2000 or "\x00" in override_reason:
        raise ValidationError(
            {"override_reason": ["Give the reason in 2,000 characters or fewer."]}
        )
    override = GateOverride.objects.create(
        contract=contract,
        to_stage=to_stage,
        reason=override_reason.strip(),
        conditions=gate.as_dict()["conditions"],
        overridden_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="contract.gate_overridden",
        obj=override,
        organisation=contract.commissioner,
        summary=f"Overrode the pre-engagement gate to move {contract.reference} to {to_stage}",
        changes={"failed": [None, [c.name for c in gate.conditions if not c.passed]]},
        reason=override_reason.strip(),
    )


@transaction.atomic
def contract_change_stage(
    *, actor: Any, contract: Contract, to_stage: str, reason: str = "", override_reason: str = ""
) -> StageChange:
    """Move a contract along its lifecycle, keeping the history and the reason. A move to
    live (or to awarded, where the commissioner chose) must pass the pre-engagement gate."""
    locked = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    problem = lifecycle.transition_problem(locked.stage, to_stage)
    if problem:
        raise ValidationError({"to_stage": [problem]})
    if lifecycle.needs_reason(locked.stage, to_stage) and not reason.strip():
        raise ValidationError(
            {"reason": ["Say why the contract is moving back or being ended before it went live."]}
        )
    _gate_check(actor=actor, contract=locked, to_stage=to_stage, override_reason=override_reason)
    change = StageChange.objects.create(
        contract=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason.strip(),
    )
    audit_record(
        actor=actor,
        action="contract.stage_changed",
        obj=locked,
        organisation=locked.commissioner,
        summary=f"Moved {locked.reference} from {locked.stage} to {to_stage}",
        changes={"stage": [locked.stage, to_stage]},
        reason=reason.strip(),
    )
    locked.stage = to_stage
    locked.save(update_fields=["stage", "updated_at"])
    contract.stage = to_stage
    if to_stage == "decommissioning":
        # A safe exit: the decommissioning checklist opens with the stage (same transaction).
        # Imported here so the contracts app does not load assurance at import time.
        from safecom.assurance.services import decommissioning_checklist_open

        decommissioning_checklist_open(actor=actor, contract=locked)
    return change


@transaction.atomic
def contract_gate_settings(*, actor: Any, contract: Contract, gate_at_award: bool) -> Contract:
    """Choose whether the pre-engagement gate also stands before the award."""
    locked = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    if locked.gate_at_award != gate_at_award:
        audit_record(
            actor=actor,
            action="contract.gate_settings_changed",
            obj=locked,
            organisation=locked.commissioner,
            summary=(
                f"The gate {'now also stands' if gate_at_award else 'no longer stands'} "
                f"before the award of {locked.reference}"
            ),
            changes={"gate_at_award": [locked.gate_at_award, gate_at_award]},
        )
        locked.gate_at_award = gate_at_award
        locked.save(update_fields=["gate_at_award", "updated_at"])
    contract.gate_at_award = gate_at_award
    return locked


@transaction.atomic
def contract_clause_confirm(*, actor: Any, contract: Contract, reason: str) -> ClauseConfirmation:
    """Record, by hand, that the contract's safeguarding clause has every element. It counts
    for the gate only while there is no clause check for the contract."""
    errors = []
    if "\x00" in reason:
        errors.append("Remove the null character from the text.")
    elif len(reason.strip()) > 2000:
        errors.append("Use 2,000 characters or fewer.")
    elif len(reason.strip()) < 10:
        errors.append(
            "Say how you confirmed it, for example which clause of the signed contract you read."
        )
    if errors:
        raise ValidationError({"reason": errors})
    confirmation = ClauseConfirmation.objects.create(
        contract=contract,
        reason=reason.strip(),
        confirmed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="contract.clause_confirmed",
        obj=confirmation,
        organisation=contract.commissioner,
        summary=f"Confirmed by hand that {contract.reference}'s safeguarding clause is complete",
        reason=reason.strip(),
    )
    return confirmation
