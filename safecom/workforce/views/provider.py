from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where
from safecom.core.forms import add_service_errors
from safecom.organisations.models import Organisation
from safecom.workforce import selectors
from safecom.workforce.forms import NamedRoleForm, OpenRecordForm, RecheckPolicyForm
from safecom.workforce.models import DbsRecheckPolicy
from safecom.workforce.policy import workforce_policy
from safecom.workforce.services.named_roles import named_role_assign
from safecom.workforce.services.staff import dbs_recheck_policy_set, staff_record_open
from safecom.workforce.views.common import (
    policy_commissioner,
    provider_or_404,
    require,
)
from safecom.workforce.views.staff import render_person

PER_PAGE = 20
ROLE_CHOICES_MAX = 300


def _chosen_holder(provider: Organisation, data: dict[str, Any]) -> Any:
    """The staff member chosen (by id from the list, or by reference), None, or False when a
    reference matches nobody."""
    chosen = (data.get("holder") or "").strip()
    if not chosen:
        return None
    if data.get("by_reference"):
        return selectors.staff_by_reference(provider=provider, reference=chosen) or False
    return selectors.staff_get(provider=provider, pk=int(chosen)) if chosen.isdigit() else False


def _rag(summary: dict[str, Any]) -> str:
    red = any(
        summary[k]
        for k in (
            "dbs_missing",
            "dbs_recheck_overdue",
            "barred_list_missing",
            "references_incomplete",
            "right_to_work_missing",
            "dsl_training_overdue",
        )
    ) or bool(summary["named_roles_vacant"])
    if red:
        return "red"
    return "amber" if summary["dbs_recheck_due_60d"] else "green"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    providers = selectors.providers_visible(user=request.user)
    page = Paginator(providers, PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for provider in page:
        summary = selectors.workforce_summary(
            provider=provider, commissioner=policy_commissioner(request, provider)
        )
        rows.append((provider, summary, _rag(summary)))
    return render(
        request,
        "workforce/home.html",
        {
            "page": page,
            "rows": rows,
            "querystring": "",
            "can_set_policy": bool(organisations_where(request.user, roles.CONTRACT_EDIT)),
        },
    )


def _overview_context(request: HttpRequest, provider: Organisation) -> dict[str, Any]:
    commissioner = policy_commissioner(request, provider)
    summary = selectors.workforce_summary(provider=provider, commissioner=commissioner)
    return {
        "provider": provider,
        "summary": summary,
        "rag": _rag(summary),
        "policy": workforce_policy(provider=provider, commissioner=commissioner),
        "policy_commissioner": commissioner,
        "named_roles": selectors.named_roles_of(provider=provider),
        "can_see_records": selectors.can_see_records(user=request.user, provider=provider),
        "can_edit": selectors.can_edit(user=request.user, provider=provider),
        "can_open": selectors.can_open_records(user=request.user, provider=provider),
        "coverage_percent": (
            round(summary["training_coverage"] * 100)
            if summary["training_coverage"] is not None
            else None
        ),
    }


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    provider = provider_or_404(request, slug)
    context = _overview_context(request, provider)
    if context["can_open"]:
        context["open_form"] = OpenRecordForm()
    return render(request, "workforce/overview.html", context)


@login_required
@require_POST
def open_record(request: HttpRequest, slug: str) -> HttpResponse:
    """A commissioner opens one record by its reference, stating why; it is logged."""
    provider = provider_or_404(request, slug)
    require(selectors.can_open_records(user=request.user, provider=provider))
    form = OpenRecordForm(request.POST)
    if form.is_valid():
        staff = selectors.staff_by_reference(
            provider=provider, reference=form.cleaned_data["staff_reference"].strip()
        )
        if staff is None:
            form.add_error("staff_reference", f"{provider.name} has no record with that reference.")
        else:
            commissioner = policy_commissioner(request, provider)
            try:
                staff_record_open(
                    actor=request.user,
                    staff=staff,
                    reason=form.cleaned_data["reason"],
                    commissioner=commissioner,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render_person(
                    request, provider, staff, commissioner=commissioner, opened=True
                )
    context = _overview_context(request, provider)
    context["open_form"] = form
    return render(request, "workforce/overview.html", context, status=400)


@login_required
def named_roles(request: HttpRequest, slug: str) -> HttpResponse:
    provider = provider_or_404(request, slug)
    can_edit = selectors.can_edit(user=request.user, provider=provider)
    form = None
    status = 200
    if can_edit:
        # A list to choose from for most providers; past a few hundred people, the reference.
        staff = selectors.staff_list(provider=provider)[: ROLE_CHOICES_MAX + 1]
        choices = [(str(s.pk), f"{s.display_name} ({s.role or s.staff_reference})") for s in staff]
        form = NamedRoleForm(
            request.POST or None,
            staff_choices=choices if len(choices) <= ROLE_CHOICES_MAX else None,
        )
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                holder = _chosen_holder(provider, data)
                if holder is False:
                    form.add_error("holder", "No one on the staff record has that reference.")
                else:
                    try:
                        role = named_role_assign(
                            actor=request.user,
                            provider=provider,
                            code=data["code"],
                            holder=holder,
                            holder_name="" if holder else data["holder_name"],
                            contact=data["contact"],
                            since=data["since"],
                            reason=data["reason"],
                        )
                    except ValidationError as exc:
                        add_service_errors(form, exc)
                    else:
                        messages.success(request, f"{role.get_code_display()} saved.")
                        return redirect("workforce:roles", slug=provider.slug)
            status = 400
    elif request.method == "POST":
        require(False)
    return render(
        request,
        "workforce/roles.html",
        {
            "provider": provider,
            "roles": selectors.named_roles_of(provider=provider),
            "history": selectors.named_role_history(provider=provider),
            "form": form,
        },
        status=status,
    )


@login_required
def recheck_policy(request: HttpRequest) -> HttpResponse:
    """A commissioner's own DBS recheck interval, overriding the framework's."""
    allowed = organisations_where(request.user, roles.CONTRACT_EDIT)
    require(bool(allowed))
    commissioners = list(
        Organisation.objects.filter(pk__in=allowed, kind=Organisation.Kind.COMMISSIONER)
    )
    require(bool(commissioners))
    chosen = commissioners[0]
    if request.GET.get("commissioner") or request.POST.get("commissioner"):
        slug = request.POST.get("commissioner") or request.GET.get("commissioner")
        chosen = get_object_or_404(Organisation, pk__in=[c.pk for c in commissioners], slug=slug)
    current = DbsRecheckPolicy.objects.filter(commissioner=chosen).first()
    form = RecheckPolicyForm(
        request.POST or None,
        initial={"recheck_years": current.recheck_years if current else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dbs_recheck_policy_set(
                    actor=request.user,
                    commissioner=chosen,
                    recheck_years=form.cleaned_data["recheck_years"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "DBS recheck policy saved.")
                return redirect("workforce:policy")
        status = 400
    return render(
        request,
        "workforce/policy.html",
        {
            "form": form,
            "commissioner": chosen,
            "commissioners": commissioners,
            "current": current,
            "framework_years": selectors.framework_recheck_years(),
        },
        status=status,
    )
