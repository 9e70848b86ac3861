"""The assurance API: the thematic schedule, LADO timeliness, a contract's assurance state,
and recording meetings and allegations. Everything answers only within the caller's tenancy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Status
from ninja.errors import HttpError

from safecom.assurance import permissions
from safecom.assurance.selectors import contract_assurance_state
from safecom.assurance.selectors.access import contract_for, visible_contracts
from safecom.assurance.selectors.allegations import allegation_as_dict, allegation_list
from safecom.assurance.selectors.overview import contract_overview
from safecom.assurance.selectors.returns import return_list
from safecom.assurance.selectors.schedule import schedule_row_as_dict, schedule_rows
from safecom.assurance.services import allegation_record, meeting_create
from safecom.core.pagination import Rows, paginated
from safecom.core.schemas import InputSchema

router = Router(tags=["assurance"])


class MeetingIn(InputSchema):
    held_on: dt.date
    attendees: str = Field(max_length=2000)
    safeguarding_item: str = Field("", max_length=5000)
    notes: str = Field("", max_length=10000)


class AllegationIn(InputSchema):
    made_on: dt.date
    category: str = Field(max_length=20)
    subject_role: str = Field(max_length=20)
    lado_informed_on: dt.date | None = None
    designated_informed_on: dt.date | None = None
    outcome: str = Field("", max_length=20)
    concluded_on: dt.date | None = None
    notes: str = Field("", max_length=10000)


def _contract(request: HttpRequest, pk: int) -> Any:
    contract = contract_for(user=request.user, pk=pk)
    if contract is None:
        raise HttpError(404, "Not found")
    return contract


@router.get(
    "/assurance/schedule",
    response=list[dict[str, Any]],
    summary="Thematic check schedule: risk, tier, factors, checks",
)
@paginated
def assurance_schedule(
    request: HttpRequest, commissioner: str | None = None
) -> list[dict[str, Any]]:
    if not permissions.sees_oversight(request.user):
        raise HttpError(403, "Risk scores are for commissioners and partnerships")
    contracts = visible_contracts(request.user).select_related("commissioner", "provider")
    if commissioner:
        contracts = contracts.filter(commissioner__slug=commissioner)
    return [schedule_row_as_dict(row) for row in schedule_rows(contracts=contracts)]


@router.get(
    "/assurance/allegations",
    response=list[dict[str, Any]],
    summary="Allegations with LADO timeliness (no notes)",
)
@paginated
def assurance_allegations(request: HttpRequest, breaches_only: bool = False) -> Rows:
    found = allegation_list(user=request.user, breaches_only=breaches_only)
    return Rows(found, each=allegation_as_dict)


@router.get(
    "/assurance/returns",
    response=list[dict[str, Any]],
    summary="Quarterly returns with their status",
)
@paginated
def assurance_returns(request: HttpRequest, status: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "contract": r.contract_id,
            "template": r.template.name,
            "period": r.period_label,
            "due_on": r.due_on.isoformat(),
            "submitted_on": r.submitted_on.isoformat() if r.submitted_on else None,
            "status": r.status,  # type: ignore[attr-defined]
        }
        for r in return_list(user=request.user, status=status)
    ]


@router.get("/assurance/contracts/{pk}", summary="A contract's assurance state and duties")
def assurance_contract(request: HttpRequest, pk: int) -> dict[str, Any]:
    contract = _contract(request, pk)
    state = contract_assurance_state(contract=contract)
    overview = contract_overview(contract=contract)
    if not permissions.sees_oversight(request.user):
        state.pop("risk")
    state["duties"] = [
        {
            "framework": d.framework,
            "ref": d.ref,
            "title": d.title,
            "state": d.state,
            "detail": d.detail,
        }
        for d in overview.duties
    ]
    return state


@router.post(
    "/assurance/contracts/{pk}/meetings",
    response={201: dict},
    summary="Record a contract monitoring meeting",
)
def assurance_meeting_create(request: HttpRequest, pk: int, payload: MeetingIn) -> Status:
    contract = _contract(request, pk)
    if not permissions.can_record(request.user, contract):
        raise HttpError(403, "Only the commissioner's contract managers and QA officers record")
    meeting = meeting_create(actor=request.user, contract=contract, **payload.dict())
    return Status(
        201,
        {
            "id": meeting.pk,
            "held_on": meeting.held_on.isoformat(),
            "has_safeguarding_item": bool(meeting.safeguarding_item),
        },
    )


@router.post(
    "/assurance/contracts/{pk}/allegations",
    response={201: dict},
    summary="Log an allegation against staff (no names)",
)
def assurance_allegation_create(request: HttpRequest, pk: int, payload: AllegationIn) -> Status:
    contract = _contract(request, pk)
    if not permissions.can_log_allegation(request.user, contract):
        raise HttpError(403, "Only the commissioner or the provider's safeguarding lead logs these")
    allegation = allegation_record(actor=request.user, contract=contract, **payload.dict())
    found = allegation_list(user=request.user, contract_id=contract.pk)
    return Status(201, allegation_as_dict(next(a for a in found if a.pk == allegation.pk)))
