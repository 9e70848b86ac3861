"""The assurance home page, a contract's assurance page, the thematic schedule and the risk
policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where
from safecom.assurance import permissions
from safecom.assurance.constants import DELIVERY_STAGES
from safecom.assurance.forms import PolicyForm
from safecom.assurance.models import AssurancePolicy
from safecom.assurance.selectors import contract_assurance_states
from safecom.assurance.selectors.access import visible_contracts
from safecom.assurance.selectors.briefings import briefing_list
from safecom.assurance.selectors.overview import contract_overview
from safecom.assurance.selectors.returns import return_list
from safecom.assurance.selectors.schedule import schedule_rows
from safecom.assurance.services import assurance_policy_set
from safecom.assurance.views.common import allowed_or_404, contract_or_404, form_page
from safecom.organisations.models import Organisation
from safecom.rules.assurance import RiskPolicy


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    oversight = permissions.sees_oversight(user)
    contracts = (
        visible_contracts(user)
        .filter(stage__in=DELIVERY_STAGES)
        .select_related("commissioner", "provider")
        .order_by("title", "pk")
    )
    page = Paginator(contracts, 25).get_page(request.GET.get("page"))
    states = contract_assurance_states(contracts=page.object_list) if oversight else {}
    provider_ids = list(organisations_where(user, permissions.PROVIDER_RESPOND))
    # Returns to fill in are the provider lead's list; others see returns on their own page.
    to_do = (
        [r for r in return_list(user=user) if r.status in {"open", "missing"}]  # type: ignore[attr-defined]
        if provider_ids
        else []
    )
    briefings_waiting = (
        briefing_list(user=user).filter(
            recipients__provider_id__in=provider_ids, recipients__acknowledged_on__isnull=True
        )
        if provider_ids
        else []
    )
    return render(
        request,
        "assurance/home.html",
        {
            "page": page,
            "rows": [(c, states.get(c.pk)) for c in page.object_list],
            "oversight": oversight,
            "returns_to_do": to_do[:20],
            "briefings_waiting": briefings_waiting,
            "can_record": permissions.can_record_anywhere(user),
            "querystring": "",
        },
    )


@login_required
def contract_page(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    overview = contract_overview(contract=contract)
    return render(
        request,
        "assurance/contract.html",
        {
            "contract": contract,
            "o": overview,
            "oversight": permissions.sees_oversight(request.user),
            "can_record": permissions.can_record(request.user, contract),
            "can_respond": permissions.can_respond(request.user, contract),
            "can_log": permissions.can_log_allegation(request.user, contract),
        },
    )


def _visible_commissioners(request: HttpRequest) -> list[Organisation]:
    ids = visible_contracts(request.user).values("commissioner_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    allowed_or_404(permissions.sees_oversight(request.user))
    commissioners = _visible_commissioners(request)
    slug = (request.GET.get("commissioner") or "")[:80]
    chosen = next((c for c in commissioners if c.slug == slug), None)
    contracts = visible_contracts(request.user).select_related("commissioner", "provider")
    if chosen:
        contracts = contracts.filter(commissioner=chosen)
    rows = schedule_rows(contracts=contracts)
    counts = {s: sum(r["status"] == s for r in rows) for s in ("overdue", "due_soon", "scheduled")}
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/schedule.html",
        {
            "page": page,
            "counts": counts,
            "commissioners": commissioners,
            "chosen": chosen,
            "querystring": urlencode({"commissioner": chosen.slug if chosen else ""}) + "&",
            "can_set_policy": bool(organisations_where(request.user, permissions.RECORD)),
        },
    )


@login_required
def risk_policy(request: HttpRequest) -> HttpResponse:
    allowed = Organisation.objects.filter(
        pk__in=organisations_where(request.user, permissions.RECORD), kind=roles.COMMISSIONER
    ).order_by("name")
    allowed_or_404(allowed.exists())
    slug = (request.GET.get("commissioner") or "")[:80]
    commissioner = allowed.filter(slug=slug).first() or allowed.first()
    assert commissioner is not None
    current = AssurancePolicy.objects.filter(commissioner=commissioner).first()
    defaults = RiskPolicy()  # the rules' defaults, until the commissioner sets its own
    initial: dict[str, Any] = {
        name: getattr(current or defaults, name)
        for name in ("high_from", "medium_from", "high_months", "medium_months", "low_months")
    }
    form = PolicyForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        assurance_policy_set(actor=request.user, commissioner=commissioner, **data)
        messages.success(request, "Thematic check policy saved.")
        return redirect("assurance:schedule")

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Thematic check policy",
            "caption": commissioner.name,
            "intro": (
                "A contract's risk score (0 to 100) sets its tier; the tier sets how many months "
                "may pass between thematic checks."
            ),
            "back_url": reverse("assurance:schedule"),
            "submit": "Save the policy",
        },
    )
