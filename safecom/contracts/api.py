from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Status
from ninja.errors import HttpError

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can
from safecom.assessments.gate import contract_gate
from safecom.contracts.selectors import (
    ITEM_FIELDS,
    contract_as_dict,
    contract_get,
    contract_item,
    contract_list,
)
from safecom.contracts.services import (
    contract_change_stage,
    contract_clause_confirm,
    contract_create,
    contract_gate_settings,
)
from safecom.core.pagination import Rows, paginated
from safecom.core.schemas import InputSchema
from safecom.organisations.models import Organisation
from safecom.organisations.selectors import providers_available_to
from safecom.standards.models import FrameworkVersion

router = Router(tags=["contracts"])


class ContractIn(InputSchema):
    commissioner: str = Field(max_length=80)
    provider: str = Field(max_length=80)
    reference: str = Field(max_length=40)
    title: str = Field(max_length=200)
    client_group: str = Field(max_length=10)
    regulated_activity: bool = True
    description: str = Field("", max_length=5000)
    value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    frameworks: list[str] = Field(default_factory=list, max_length=20)


class StageIn(InputSchema):
    to_stage: str = Field(max_length=20)
    reason: str = Field("", max_length=2000)
    override_reason: str = Field(
        "",
        max_length=2000,
        description="to move past a pre-engagement gate that has not passed (needs the permission)",
    )


class GateSettingsIn(InputSchema):
    gate_at_award: bool


class ClauseConfirmationIn(InputSchema):
    reason: str = Field(max_length=2000)


def _visible_contract(request: HttpRequest, pk: int) -> Any:
    contract = contract_get(user=request.user, pk=pk)
    if contract is None:
        raise HttpError(404, "Not found")
    return contract


@router.get("/contracts", response=list[dict[str, Any]], summary="Contracts you may see")
@paginated
def contracts_list(
    request: HttpRequest,
    stage: str | None = None,
    commissioner: str | None = None,
    provider: str | None = None,
) -> Rows:
    qs = contract_list(
        user=request.user, stage=stage, commissioner_slug=commissioner, provider_slug=provider
    )
    return Rows(qs, values=ITEM_FIELDS, each=contract_item)


@router.get("/contracts/{pk}", summary="One contract, with its stage history")
def contracts_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    contract = _visible_contract(request, pk)
    data = contract_as_dict(contract)
    data["frameworks"] = [
        {"id": v.framework.slug, "version": v.version}
        for v in contract.frameworks.select_related("framework")
    ]
    data["stage_history"] = [
        {
            "from": c.from_stage or None,
            "to": c.to_stage,
            "at": c.changed_at.isoformat(),
            "reason": c.reason,
        }
        for c in contract.stage_changes.all()
    ]
    return data


@router.post("/contracts", response={201: dict}, summary="Create a contract (commissioners)")
def contracts_create(request: HttpRequest, payload: ContractIn) -> Status:
    commissioner = Organisation.objects.filter(slug=payload.commissioner).first()
    if commissioner is None or not user_can(request.user, roles.CONTRACT_EDIT, commissioner.pk):
        raise HttpError(404, "No commissioner you can act for has that name")
    # The same answer whether the provider exists elsewhere or not at all: nothing leaks.
    provider = (
        providers_available_to(commissioner=commissioner).filter(slug=payload.provider).first()
    )
    if provider is None:
        raise HttpError(422, f"No provider '{payload.provider}' in your partnership areas")
    versions = list(
        FrameworkVersion.objects.filter(framework__slug__in=payload.frameworks, is_current=True)
    )
    missing = set(payload.frameworks) - {v.framework.slug for v in versions}
    if missing:
        raise HttpError(422, f"No framework {', '.join(sorted(missing))}")
    contract = contract_create(
        actor=request.user,
        commissioner=commissioner,
        provider=provider,
        reference=payload.reference,
        title=payload.title,
        client_group=payload.client_group,
        regulated_activity=payload.regulated_activity,
        description=payload.description,
        value=payload.value,
        start_date=payload.start_date,
        end_date=payload.end_date,
        frameworks=versions,
    )
    return Status(201, contract_as_dict(contract))


@router.post("/contracts/{pk}/stage", summary="Move a contract to another stage")
def contracts_stage(request: HttpRequest, pk: int, payload: StageIn) -> dict[str, Any]:
    contract = _visible_contract(request, pk)
    if not user_can(request.user, roles.CONTRACT_STAGE, contract.commissioner_id):
        raise HttpError(403, "Only the commissioner's contract managers can change the stage")
    if payload.override_reason and not user_can(
        request.user, roles.GATE_OVERRIDE, contract.commissioner_id
    ):
        raise HttpError(403, "Only a commissioner who may override the gate can give a reason to")
    contract_change_stage(
        actor=request.user,
        contract=contract,
        to_stage=payload.to_stage,
        reason=payload.reason,
        override_reason=payload.override_reason,
    )
    return contract_as_dict(contract)


def _gate_dict(contract: Any) -> dict[str, Any]:
    data = contract_gate(contract=contract).as_dict()
    data["gate_at_award"] = contract.gate_at_award
    data["overrides"] = [
        {
            "to_stage": o.to_stage,
            "reason": o.reason,
            "by": str(o.overridden_by) if o.overridden_by else None,
            "at": o.overridden_at.isoformat(),
        }
        for o in contract.gate_overrides.select_related("overridden_by")
    ]
    return data


@router.get("/contracts/{pk}/gate", summary="The pre-engagement gate: passed, and each condition")
def contracts_gate(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _gate_dict(_visible_contract(request, pk))


@router.post("/contracts/{pk}/gate/settings", summary="Also require the gate before the award")
def contracts_gate_settings(
    request: HttpRequest, pk: int, payload: GateSettingsIn
) -> dict[str, Any]:
    contract = _visible_contract(request, pk)
    if not user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id):
        raise HttpError(403, "Only the commissioner's contract managers can change this")
    contract_gate_settings(
        actor=request.user, contract=contract, gate_at_award=payload.gate_at_award
    )
    return _gate_dict(contract)


@router.post(
    "/contracts/{pk}/gate/clause-confirmation",
    response={201: dict},
    summary="Confirm the safeguarding clause by hand (counts only while no clause check exists)",
)
def contracts_clause_confirmation(
    request: HttpRequest, pk: int, payload: ClauseConfirmationIn
) -> Status:
    contract = _visible_contract(request, pk)
    if not user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id):
        raise HttpError(403, "Only the commissioner's contract managers can confirm the clause")
    contract_clause_confirm(actor=request.user, contract=contract, reason=payload.reason)
    return Status(201, _gate_dict(contract))
