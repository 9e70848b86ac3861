"""Workforce API: the same reads and writes as the pages, under the same tenancy.

Outside the user's tenancy every operation answers 404; inside it, a role without the
permission gets 403. Records are masked (last four digits of a DBS number, no date of birth)
unless revealed, which is logged with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Status, UploadedFile
from ninja.errors import HttpError

from safecom.core.jobs import job_start
from safecom.core.pagination import Rows, paginated
from safecom.core.schemas import InputSchema
from safecom.organisations.models import Organisation
from safecom.workforce import selectors
from safecom.workforce.jobs import IMPORT_JOB
from safecom.workforce.models import StaffMember
from safecom.workforce.services.named_roles import named_role_assign
from safecom.workforce.services.staff import staff_record_open, staff_reveal, training_add

router = Router(tags=["workforce"])
UPLOAD_MAX = 20 * 1024 * 1024


class RevealIn(InputSchema):
    field: str = Field(max_length=20, description="dbs_number or date_of_birth")
    reason: str = Field(max_length=1000)


class OpenIn(InputSchema):
    staff_reference: str = Field(max_length=40)
    reason: str = Field(max_length=1000)


class TrainingIn(InputSchema):
    kind: str = Field(max_length=24)
    completed_on: dt.date
    level: str = Field("", max_length=20)
    course: str = Field("", max_length=200)


class NamedRoleIn(InputSchema):
    holder_reference: str = Field("", max_length=40, description="a staff reference, or empty")
    holder_name: str = Field("", max_length=200, description="for someone not on the record")
    contact: str = Field("", max_length=200)
    since: dt.date | None = None
    reason: str = Field("", max_length=1000)


def _provider(request: HttpRequest, slug: str) -> Organisation:
    provider = selectors.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise HttpError(404, "Not found")
    return provider


def _allow(allowed: bool, message: str) -> None:
    if not allowed:
        raise HttpError(403, message)


def _staff(provider: Organisation, pk: int) -> StaffMember:
    staff = selectors.staff_get(provider=provider, pk=pk)
    if staff is None:
        raise HttpError(404, "Not found")
    return staff


def _gap_dict(gap: Any) -> dict[str, str]:
    return {"code": gap.code, "ref": gap.ref, "message": gap.message, "severity": gap.severity}


def _staff_dict(staff: StaffMember, gaps: list[Any]) -> dict[str, Any]:
    return {
        "id": staff.pk,
        "staff_reference": staff.staff_reference,
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "role": staff.role,
        "worker_type": staff.worker_type,
        "is_active": staff.is_active,
        "start_date": staff.start_date,
        "leaving_date": staff.leaving_date,
        "regulated_children": staff.regulated_children,
        "regulated_adults": staff.regulated_adults,
        "dbs_number_masked": f"********{staff.dbs_number_last4}" if staff.dbs_number_last4 else "",
        "dbs_level": staff.dbs_level,
        "dbs_issue_date": staff.dbs_issue_date,
        "dbs_update_service": staff.dbs_update_service,
        "dbs_current_from": staff.dbs_current_from,
        "gaps": [_gap_dict(g) for g in gaps],
    }


def _detail(staff: StaffMember, commissioner: Organisation | None = None) -> dict[str, Any]:
    view = selectors.staff_view(staff=staff, commissioner=commissioner)
    data = _staff_dict(staff, view["gaps"])
    data["dbs_recheck_due"] = view["recheck_due"]
    data["training"] = {
        kind: {k: v for k, v in cell.items()} for kind, cell in view["training"].items()
    }
    data["named_roles"] = [r.code for r in view["roles_held"]]
    return data


@router.get("/workforce/providers/{slug}/summary", summary="A provider's workforce figures")
def workforce_summary(request: HttpRequest, slug: str) -> dict[str, Any]:
    provider = _provider(request, slug)
    orgs = selectors.commissioner_orgs_for(user=request.user, provider=provider)
    return selectors.workforce_summary(provider=provider, commissioner=orgs[0] if orgs else None)


@router.get("/workforce/providers/{slug}/named-roles", summary="Named roles and their holders")
def workforce_named_roles(request: HttpRequest, slug: str) -> dict[str, Any]:
    provider = _provider(request, slug)
    return {
        "holders": selectors.named_role_holders(provider=provider),
        "history": [
            {
                "code": c.code,
                "from": c.from_name or None,
                "to": c.to_name or None,
                "at": c.changed_at.isoformat(),
                "reason": c.reason,
            }
            for c in selectors.named_role_history(provider=provider)
        ],
    }


@router.post(
    "/workforce/providers/{slug}/named-roles/{code}", summary="Change a named role's holder"
)
def workforce_named_role_set(
    request: HttpRequest, slug: str, code: str, payload: NamedRoleIn
) -> dict[str, Any]:
    provider = _provider(request, slug)
    _allow(selectors.can_edit(user=request.user, provider=provider), "Only the provider's HR")
    holder = None
    if payload.holder_reference:
        holder = selectors.staff_by_reference(provider=provider, reference=payload.holder_reference)
        if holder is None:
            raise HttpError(422, "No staff record with that reference")
    role = named_role_assign(
        actor=request.user,
        provider=provider,
        code=code,
        holder=holder,
        holder_name=payload.holder_name,
        contact=payload.contact,
        since=payload.since,
        reason=payload.reason,
    )
    return {"code": role.code, "holder": role.holder_name or None}


@router.get(
    "/workforce/providers/{slug}/staff",
    response=list[dict[str, Any]],
    summary="Staff records (the provider's own)",
)
@paginated
def workforce_staff_list(request: HttpRequest, slug: str, gap: str | None = None) -> Rows:
    provider = _provider(request, slug)
    _allow(
        selectors.can_see_records(user=request.user, provider=provider),
        "Individual records are for the provider's HR and safeguarding lead",
    )
    if gap and gap not in selectors.GAP_LABELS:
        raise HttpError(422, f"Unknown gap: choose one of {', '.join(selectors.GAP_LABELS)}")

    def page(people: list[StaffMember]) -> list[dict[str, Any]]:
        gaps = selectors.staff_page_gaps(provider=provider, staff=people)
        return [_staff_dict(p, gaps[p.pk]) for p in people]

    return Rows(selectors.staff_listing(provider=provider, gap=gap), page=page)


@router.get("/workforce/providers/{slug}/staff/{pk}", summary="One staff record, masked")
def workforce_staff_show(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    provider = _provider(request, slug)
    _allow(
        selectors.can_see_records(user=request.user, provider=provider),
        "Commissioners open records with POST .../open and a reason",
    )
    return _detail(_staff(provider, pk))


@router.post("/workforce/providers/{slug}/open", summary="Open one record, stating why (logged)")
def workforce_open(request: HttpRequest, slug: str, payload: OpenIn) -> dict[str, Any]:
    provider = _provider(request, slug)
    _allow(
        selectors.can_open_records(user=request.user, provider=provider),
        "Only a commissioner's contract managers and safeguarding QA officers open records",
    )
    staff = selectors.staff_by_reference(provider=provider, reference=payload.staff_reference)
    if staff is None:
        raise HttpError(404, "No record with that reference")
    orgs = selectors.commissioner_orgs_for(user=request.user, provider=provider)
    staff_record_open(actor=request.user, staff=staff, reason=payload.reason, commissioner=orgs[0])
    return _detail(staff, commissioner=orgs[0])


@router.post(
    "/workforce/providers/{slug}/staff/{pk}/reveal",
    summary="Show a DBS number or date of birth in full (logged with the reason)",
)
def workforce_reveal(request: HttpRequest, slug: str, pk: int, payload: RevealIn) -> dict[str, str]:
    provider = _provider(request, slug)
    _allow(
        selectors.can_see_records(user=request.user, provider=provider)
        or selectors.can_open_records(user=request.user, provider=provider),
        "You cannot see private details of this provider's staff",
    )
    staff = _staff(provider, pk)
    value = staff_reveal(
        actor=request.user, staff=staff, field=payload.field, reason=payload.reason
    )
    return {"field": payload.field, "value": value}


@router.post(
    "/workforce/providers/{slug}/staff/{pk}/training",
    response={201: dict},
    summary="Record training",
)
def workforce_training_add(request: HttpRequest, slug: str, pk: int, payload: TrainingIn) -> Status:
    provider = _provider(request, slug)
    _allow(selectors.can_edit(user=request.user, provider=provider), "Only the provider's HR")
    record = training_add(
        actor=request.user,
        staff=_staff(provider, pk),
        kind=payload.kind,
        completed_on=payload.completed_on,
        level=payload.level,
        course=payload.course,
    )
    return Status(
        201,
        {"id": record.pk, "kind": record.kind, "completed_on": record.completed_on.isoformat()},
    )


@router.post(
    "/workforce/providers/{slug}/imports",
    response={202: dict},
    summary="Import a CSV or XLSX file in the background (dry_run to check only)",
)
def workforce_import(
    request: HttpRequest,
    slug: str,
    file: UploadedFile | None = File(None),  # type: ignore[assignment]  # noqa: B008
    dry_run: bool = Form(False),  # type: ignore[assignment]
) -> Status:
    provider = _provider(request, slug)
    _allow(selectors.can_edit(user=request.user, provider=provider), "Only the provider's HR")
    if file is None:
        raise HttpError(422, "Attach the CSV or XLSX file as the form field 'file'")
    if file.size and file.size > UPLOAD_MAX:
        raise HttpError(413, "The file is larger than 20 MB: use the command line")
    name = (file.name or "import")[:200]
    job = job_start(
        kind=IMPORT_JOB,
        actor=request.user,
        organisation=provider,
        label=f"{'Checking' if dry_run else 'Importing'} {name[:120]} for {provider.name[:60]}",
        params={"dry_run": dry_run},
        input_file=(name, file.read()),
    )
    return Status(202, {"job": job.pk, "status_url": f"/api/jobs/{job.pk}"})
