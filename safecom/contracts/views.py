from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where, user_can, user_can_anywhere
from safecom.assessments.forms import stage_form_class
from safecom.assessments.views_gate import gate_context
from safecom.audit.selectors import audit_events_for_object
from safecom.contracts import lifecycle
from safecom.contracts.forms import ContractForm
from safecom.contracts.models import Contract
from safecom.contracts.selectors import contract_get, contract_list
from safecom.contracts.services import contract_change_stage, contract_create, contract_update
from safecom.core.forms import add_service_errors
from safecom.organisations.models import Organisation


def _contract_or_404(request: HttpRequest, pk: int) -> Contract:
    contract = contract_get(user=request.user, pk=pk)
    if contract is None:
        raise Http404
    return contract


def _audit_for(request: HttpRequest, contract: Contract) -> Any:
    """The contract's audit trail, for those who manage the contract or audit its owner."""
    allowed = user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id) or user_can(
        request.user, roles.AUDIT_VIEW, contract.commissioner_id
    )
    if not allowed:
        return []
    return audit_events_for_object(object_type="contracts.contract", object_id=str(contract.pk))[
        :20
    ]


@login_required
def contract_index(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage") or None
    if stage not in (None, *lifecycle.STAGES):
        stage = None
    search = (request.GET.get("q") or "").strip()[:100]
    qs = contract_list(user=request.user, stage=stage, search=search or None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/list.html",
        {
            "page": page,
            "stage": stage or "",
            "q": search,
            "stages": lifecycle.STAGE_LABELS.items(),
            "can_create": user_can_anywhere(request.user, roles.CONTRACT_EDIT),
            "querystring": urlencode({"stage": stage or "", "q": search}) + "&",
        },
    )


def _detail_context(request: HttpRequest, contract: Contract, **forms: Any) -> dict[str, Any]:
    """The contract page, with the pre-engagement gate's state and the forms to act on it."""
    return {
        "contract": contract,
        "frameworks": contract.frameworks.select_related("framework"),
        "history": contract.stage_changes.select_related("changed_by"),
        "can_edit": user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id),
        "audit": _audit_for(request, contract),
        **gate_context(request, contract, **forms),
    }


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    return render(request, "contracts/detail.html", _detail_context(request, contract))


@login_required
def contract_new(request: HttpRequest) -> HttpResponse:
    allowed = organisations_where(request.user, roles.CONTRACT_EDIT)
    if not allowed:
        raise Http404
    commissioners = Organisation.objects.filter(pk__in=allowed)
    form = ContractForm(
        request.POST or None, commissioners=commissioners, initial={"regulated_activity": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contract = contract_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Contract {contract.reference} created.")
            return redirect("contracts:detail", pk=contract.pk)
    return render(request, "contracts/form.html", {"form": form, "editing": False})


@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    if not user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id):
        raise Http404
    initial = {
        name: getattr(contract, name)
        for name in (
            "reference",
            "title",
            "description",
            "client_group",
            "regulated_activity",
            "value",
            "start_date",
            "end_date",
        )
    }
    initial["frameworks"] = list(contract.frameworks.all())
    form = ContractForm(
        request.POST or None,
        initial=initial,
        contract=contract,
        commissioners=Organisation.objects.none(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        frameworks = data.pop("frameworks")
        try:
            contract_update(actor=request.user, contract=contract, frameworks=frameworks, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Contract details saved.")
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request, "contracts/form.html", {"form": form, "editing": True, "contract": contract}
    )


@login_required
@require_POST
def contract_stage(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    if not user_can(request.user, roles.CONTRACT_STAGE, contract.commissioner_id):
        raise Http404
    if not lifecycle.allowed_next(contract.stage):
        messages.info(request, "This contract has ended: its stage cannot change.")
        return redirect("contracts:detail", pk=contract.pk)
    can_override = user_can(request.user, roles.GATE_OVERRIDE, contract.commissioner_id)
    form = stage_form_class(can_override=can_override)(request.POST, current=contract.stage)
    if form.is_valid():
        try:
            contract_change_stage(
                actor=request.user,
                contract=contract,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Moved to {contract.get_stage_display().lower()}.")
            return redirect("contracts:detail", pk=contract.pk)
    context = _detail_context(request, contract, stage_form=form)
    context["form"] = form
    return render(request, "contracts/detail.html", context, status=400)
