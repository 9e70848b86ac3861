"""The gate's settings and the manual clause confirmation, posted from the contract page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can
from safecom.assessments import integrations
from safecom.assessments.forms import ClauseConfirmForm, GateSettingsForm, stage_form_class
from safecom.assessments.gate import contract_gate
from safecom.assessments.selectors import overdue_actions_of_provider
from safecom.audit.selectors import audit_events_for_object
from safecom.contracts import lifecycle
from safecom.contracts.models import Contract
from safecom.contracts.selectors import contract_get
from safecom.contracts.services import contract_clause_confirm, contract_gate_settings
from safecom.core.forms import add_service_errors


def gate_context(request: HttpRequest, contract: Contract, **forms: Any) -> dict[str, Any]:
    """What the contract page shows of the gate, and the forms for those who may act on it."""
    can_edit = user_can(request.user, roles.CONTRACT_EDIT, contract.commissioner_id)
    can_stage = user_can(request.user, roles.CONTRACT_STAGE, contract.commissioner_id)
    can_override = user_can(request.user, roles.GATE_OVERRIDE, contract.commissioner_id)
    # The gate matters before the contract goes live; afterwards only its history is shown.
    relevant = contract.stage in lifecycle.PRE_LIVE
    context: dict[str, Any] = {
        "gate_relevant": relevant,
        "gate": contract_gate(contract=contract) if relevant else None,
        "clause_checked": relevant and integrations.clause_check_latest(contract=contract).exists,
        "gate_overrides": contract.gate_overrides.select_related("overridden_by")[:10],
        "clause_confirmations": contract.clause_confirmations.select_related("confirmed_by")[:5],
        "can_override": can_override,
        "overdue_actions": overdue_actions_of_provider(provider_id=contract.provider_id),
    }
    if can_edit and relevant:
        context["gate_settings_form"] = forms.get("gate_settings_form") or GateSettingsForm(
            initial={"gate_at_award": contract.gate_at_award}
        )
        context["clause_form"] = forms.get("clause_form") or ClauseConfirmForm()
    if can_stage:
        context["stage_form"] = forms.get("stage_form") or stage_form_class(
            can_override=can_override
        )(current=contract.stage)
    return context


def _contract_or_404(request: HttpRequest, pk: int) -> Contract:
    contract = contract_get(user=request.user, pk=pk)
    if contract is None or not user_can(
        request.user, roles.CONTRACT_EDIT, contract.commissioner_id
    ):
        raise Http404
    return contract


def _render(request: HttpRequest, contract: Contract, form: Any, **forms: Any) -> HttpResponse:
    context = {
        "contract": contract,
        "frameworks": contract.frameworks.select_related("framework"),
        "history": contract.stage_changes.select_related("changed_by"),
        "can_edit": True,
        "audit": audit_events_for_object(
            object_type="contracts.contract", object_id=str(contract.pk)
        )[:20],
        "form": form,
        **gate_context(request, contract, **forms),
    }
    return render(request, "contracts/detail.html", context, status=400)


@login_required
@require_POST
def gate_settings(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    form = GateSettingsForm(request.POST)
    if form.is_valid():
        contract_gate_settings(
            actor=request.user, contract=contract, gate_at_award=form.cleaned_data["gate_at_award"]
        )
        messages.success(
            request,
            "The gate now also stands before the award."
            if contract.gate_at_award
            else "The gate stands before live only.",
        )
        return redirect("contracts:detail", pk=contract.pk)
    return _render(request, contract, form, gate_settings_form=form)


@login_required
@require_POST
def clause_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_or_404(request, pk)
    form = ClauseConfirmForm(request.POST)
    if form.is_valid():
        try:
            contract_clause_confirm(
                actor=request.user, contract=contract, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your confirmation of the safeguarding clause is recorded.")
            return redirect("contracts:detail", pk=contract.pk)
    return _render(request, contract, form, clause_form=form)
