from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Status
from ninja.errors import HttpError

from safecom.contracts.selectors import contract_get
from safecom.core.pagination import Rows, paginated
from safecom.core.schemas import InputSchema
from safecom.documents.models import DocumentCheck
from safecom.documents.selectors import (
    audit_commissioners_to_run,
    audit_default_version,
    audit_get,
    check_as_dict,
    check_get,
    check_list,
    upload_kinds,
)
from safecom.documents.services import document_check_create, portfolio_audit_start
from safecom.standards.models import FrameworkVersion

router = Router(tags=["documents"])

# The request body is capped by DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB), so about 3.7 MB of file.
MAX_BASE64 = 7 * 1024 * 1024


class CheckIn(InputSchema):
    name: str = Field(max_length=200, description="The file's name, with its extension")
    content_base64: str = Field(max_length=MAX_BASE64, description="The file, base64-encoded")
    framework: str = Field(max_length=32, description="Framework id, e.g. chscp")
    kind: str = Field(
        "contract_clause", max_length=20, description="contract_clause or provider_policy"
    )


class AuditIn(InputSchema):
    commissioner: str = Field(max_length=80)
    framework: str | None = Field(None, max_length=32)


def _contract(request: HttpRequest, pk: int) -> Any:
    contract = contract_get(user=request.user, pk=pk)
    if contract is None:
        raise HttpError(404, "Not found")
    return contract


def _check_row(c: DocumentCheck) -> dict[str, Any]:
    return {
        "id": c.pk,
        "document": c.document_name,
        "kind": c.kind,
        "framework": c.framework_version.framework.slug,
        "framework_version": c.framework_version.version,
        "checked_at": c.checked_at.isoformat(),
        "all_met": c.all_met,
        "summary": c.summary,
    }


@router.get(
    "/documents/contracts/{pk}/checks",
    response=list[dict[str, Any]],
    summary="Documents checked for a contract",
)
@paginated
def checks_for_contract(request: HttpRequest, pk: int) -> Rows:
    contract = _contract(request, pk)
    return Rows(check_list(user=request.user, contract_id=contract.pk), each=_check_row)


@router.post(
    "/documents/contracts/{pk}/checks",
    response={201: dict},
    summary="Check a document (base64) for a contract and store the result",
)
def checks_create(request: HttpRequest, pk: int, payload: CheckIn) -> Status:
    contract = _contract(request, pk)
    kinds = upload_kinds(request.user, contract)
    if payload.kind not in kinds:
        raise HttpError(
            403,
            "Only the commissioner's contract managers check contract clauses; they or the "
            "provider's safeguarding lead check policies",
        )
    version = (
        FrameworkVersion.objects.filter(framework__slug=payload.framework, is_current=True)
        .select_related("framework")
        .first()
    )
    if version is None:
        raise HttpError(422, f"No framework '{payload.framework}'")
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"content_base64": ["The content is not valid base64."]}) from exc
    check = document_check_create(
        actor=request.user,
        contract=contract,
        framework_version=version,
        kind=payload.kind,
        name=payload.name,
        data=data,
        source=DocumentCheck.Source.API,
    )
    return Status(201, check_as_dict(check))


@router.get("/documents/checks/{pk}", summary="One stored check, with evidence and wording")
def checks_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    check = check_get(user=request.user, pk=pk)
    if check is None:
        raise HttpError(404, "Not found")
    return check_as_dict(check)


@router.post(
    "/documents/audits",
    response={202: dict},
    summary="Start the portfolio audit of a commissioner (a background job)",
)
def audits_start(request: HttpRequest, payload: AuditIn) -> Status:
    commissioner = (
        audit_commissioners_to_run(user=request.user).filter(slug=payload.commissioner).first()
    )
    if commissioner is None:
        raise HttpError(404, "No commissioner you can audit has that name")
    if payload.framework:
        version = FrameworkVersion.objects.filter(
            framework__slug=payload.framework, is_current=True
        ).first()
        if version is None:
            raise HttpError(422, f"No framework '{payload.framework}'")
    else:
        version = audit_default_version(commissioner=commissioner)
    job = portfolio_audit_start(
        actor=request.user, commissioner=commissioner, framework_version=version
    )
    return Status(
        202,
        {
            "job_id": job.pk,
            "job_url": f"/api/jobs/{job.pk}",
            "page": reverse("core:job", args=[job.pk]),
            "status": job.status,
            "result": job.result,
        },
    )


@router.get("/documents/audits/{pk}", summary="A portfolio audit's figure and rows")
def audits_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    audit = audit_get(user=request.user, pk=pk)
    if audit is None:
        raise HttpError(404, "Not found")
    share = audit.share_all_met
    return {
        "id": audit.pk,
        "commissioner": audit.commissioner.slug,
        "framework": audit.framework_version.framework.slug,
        "framework_version": audit.framework_version.version,
        "created_at": audit.created_at.isoformat(),
        "contracts": audit.contracts_total,
        "contracts_checked": audit.contracts_checked,
        "contracts_all_met": audit.contracts_all_met,
        "share_all_met": round(share, 4) if share is not None else None,
        "rows": audit.rows,
    }
