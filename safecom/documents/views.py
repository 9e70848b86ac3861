from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.contracts.models import Contract
from safecom.contracts.selectors import contract_get
from safecom.core.forms import add_service_errors
from safecom.documents.forms import AuditStartForm, CheckUploadForm
from safecom.documents.highlight import pieces
from safecom.documents.selectors import (
    audit_commissioners,
    audit_commissioners_to_run,
    audit_default_version,
    audit_get,
    audit_list,
    check_get,
    check_list,
    upload_kinds,
)
from safecom.documents.services import document_check_create, portfolio_audit_start
from safecom.rules.documents import STATUS_LABELS
from safecom.standards.models import FrameworkVersion

STATUS_TAGS = {
    "met": "govuk-tag--green",
    "partly_met": "govuk-tag--orange",
    "not_met": "govuk-tag--red",
}


def upload_form(user: Any, contract: Contract, data: Any = None, files: Any = None) -> Any:
    kinds = upload_kinds(user, contract)
    if not kinds:
        return None
    preferred = [v.framework.slug for v in contract.frameworks.select_related("framework")]
    return CheckUploadForm(data, files, kinds=kinds, preferred=preferred)


@login_required
def documents_home(request: HttpRequest) -> HttpResponse:
    checks = check_list(user=request.user)[:50]
    return render(
        request,
        "documents/home.html",
        {
            "checks": checks,
            "can_audit": audit_commissioners(user=request.user).exists(),
            "status_tags": STATUS_TAGS,
        },
    )


@login_required
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_get(user=request.user, pk=pk)
    if contract is None:
        raise Http404
    posted = request.method == "POST"
    form = upload_form(
        request.user, contract, request.POST if posted else None, request.FILES if posted else None
    )
    if form is None:
        raise Http404
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            version = (
                FrameworkVersion.objects.filter(pk=form.cleaned_data["framework"])
                .select_related("framework")
                .first()
            )
            limit = settings.SAFECOM_UPLOAD_MAX_BYTES
            try:
                if upload.size > limit:  # refused before it is read into memory
                    raise ValidationError(
                        {
                            "file": [
                                f"The file is {upload.size / 1048576:.1f} MB; the largest "
                                f"allowed is {limit / 1048576:.0f} MB."
                            ]
                        }
                    )
                check = document_check_create(
                    actor=request.user,
                    contract=contract,
                    framework_version=version,
                    kind=form.cleaned_data["kind"],
                    name=upload.name or "document",
                    data=upload.read(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{check.document_name} checked: {check.summary}.")
                return redirect("documents:check_detail", pk=check.pk)
        return render(
            request, "documents/check_new.html", {"contract": contract, "form": form}, status=400
        )
    return render(request, "documents/check_new.html", {"contract": contract, "form": form})


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = check_get(user=request.user, pk=pk)
    if check is None:
        raise Http404
    record = check.result or {}
    requirements = record.get("requirements", [])
    return render(
        request,
        "documents/check_detail.html",
        {
            "check": check,
            "contract": check.contract,
            "requirements": requirements,
            "warnings": record.get("warnings", []),
            "pieces": pieces(check.text, record, check.page_starts or [0]),
            "status_labels": STATUS_LABELS,
            "status_tags": STATUS_TAGS,
            "to_add": [r for r in requirements if r["status"] != "met" and r.get("model_wording")],
        },
    )


@login_required
def audit_index(request: HttpRequest) -> HttpResponse:
    visible = audit_commissioners(user=request.user)
    if not visible.exists():
        raise Http404
    runnable = list(audit_commissioners_to_run(user=request.user))
    return render(
        request,
        "documents/audit.html",
        {
            "audits": audit_list(user=request.user)[:50],
            "runnable": runnable,
            "form": AuditStartForm() if runnable else None,
        },
    )


@login_required
@require_POST
def audit_start(request: HttpRequest, slug: str) -> HttpResponse:
    commissioner = audit_commissioners_to_run(user=request.user).filter(slug=slug).first()
    if commissioner is None:
        raise Http404
    form = AuditStartForm(request.POST)
    version = None
    if form.is_valid() and form.cleaned_data.get("framework"):
        version = FrameworkVersion.objects.filter(pk=form.cleaned_data["framework"]).first()
    if version is None:
        version = audit_default_version(commissioner=commissioner)
    try:
        job = portfolio_audit_start(
            actor=request.user, commissioner=commissioner, framework_version=version
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(
            request,
            "documents/audit.html",
            {
                "audits": audit_list(user=request.user)[:50],
                "runnable": list(audit_commissioners_to_run(user=request.user)),
                "form": form,
            },
            status=400,
        )
    return redirect("core:job", pk=job.pk)


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_get(user=request.user, pk=pk)
    if audit is None:
        raise Http404
    share = audit.share_all_met
    return render(
        request,
        "documents/audit_detail.html",
        {
            "audit": audit,
            "percent": round(share * 100) if share is not None else None,
            "rows": audit.rows,
        },
    )
