"""Pages for partnership briefings and the decommissioning checklist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where
from safecom.assurance import permissions
from safecom.assurance.forms import AcknowledgeForm, BriefingForm, DecommissioningItemForm
from safecom.assurance.selectors.briefings import (
    briefing_get,
    briefing_list,
    briefing_recipients,
    recipient_for,
    unacknowledged,
)
from safecom.assurance.selectors.records import decommissioning_item_get, decommissioning_of
from safecom.assurance.services import (
    briefing_acknowledge,
    briefing_publish,
    decommissioning_item_resolve,
)
from safecom.assurance.views.common import (
    allowed_or_404,
    contract_or_404,
    form_page,
    found_or_404,
)
from safecom.organisations.models import Organisation


def _publishing_partnerships(request: HttpRequest) -> Any:
    return Organisation.objects.filter(
        pk__in=organisations_where(request.user, permissions.PUBLISH), kind=roles.PARTNERSHIP
    ).order_by("name")


@login_required
def briefings_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(briefing_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/briefings.html",
        {
            "page": page,
            "can_publish": _publishing_partnerships(request).exists(),
            "oversight": permissions.sees_oversight(request.user),
            "querystring": "",
        },
    )


@login_required
def briefing_new(request: HttpRequest) -> HttpResponse:
    partnerships = _publishing_partnerships(request)
    allowed_or_404(partnerships.exists())
    form = BriefingForm(request.POST or None, partnerships=partnerships)

    def save(data: dict[str, Any]) -> HttpResponse:
        partnership = data.pop("partnership", None) or partnerships.first()
        briefing = briefing_publish(actor=request.user, partnership=partnership, **data)
        messages.success(
            request, f"Published to {briefing.recipients.count()} contractors and sub-contractors."
        )
        return redirect("assurance:briefing", pk=briefing.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Publish a briefing, update or training offer",
            "intro": (
                "It goes to every provider with a contract in your area and their "
                "sub-contractors; each safeguarding lead is asked to acknowledge it and say how "
                "it was cascaded."
            ),
            "back_url": reverse("assurance:briefings"),
            "submit": "Publish",
        },
    )


@login_required
def briefing_page(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = found_or_404(briefing_get(user=request.user, pk=pk))
    recipients = briefing_recipients(user=request.user, briefing=briefing)
    own = recipient_for(user=request.user, briefing=briefing)
    return render(
        request,
        "assurance/briefing.html",
        {
            "briefing": briefing,
            "recipients": recipients,
            "waiting": unacknowledged(recipients),
            "own": own,
            "can_acknowledge": bool(
                own and permissions.can_respond_for(request.user, own.provider_id)
            ),
        },
    )


@login_required
def briefing_acknowledge_page(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = found_or_404(briefing_get(user=request.user, pk=pk))
    own = recipient_for(user=request.user, briefing=briefing)
    allowed_or_404(own is not None and permissions.can_respond_for(request.user, own.provider_id))
    assert own is not None
    form = AcknowledgeForm(
        request.POST or None,
        initial={"staff_reached": own.staff_reached, "cascade_note": own.cascade_note},
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        briefing_acknowledge(actor=request.user, recipient=own, **data)
        messages.success(request, "Thank you: acknowledgement recorded.")
        return redirect("assurance:briefing", pk=briefing.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Acknowledge '{briefing.title}'",
            "caption": own.provider.name,
            "back_url": reverse("assurance:briefing", args=[briefing.pk]),
            "submit": "Acknowledge",
        },
    )


@login_required
def decommissioning_page(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    checklist = found_or_404(decommissioning_of(contract=contract))
    return render(
        request,
        "assurance/decommissioning.html",
        {
            "contract": contract,
            "checklist": checklist,
            "can_record": permissions.can_record(request.user, contract),
        },
    )


@login_required
def decommissioning_item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = found_or_404(decommissioning_item_get(user=request.user, pk=pk))
    contract = item.checklist.contract
    allowed_or_404(permissions.can_record(request.user, contract))
    form = DecommissioningItemForm(
        request.POST or None, initial={"status": item.status, "note": item.note}
    )
    back = reverse("assurance:decommissioning", args=[contract.pk])

    def save(data: dict[str, Any]) -> HttpResponse:
        decommissioning_item_resolve(actor=request.user, item=item, **data)
        messages.success(request, f"{item.label}: {item.get_status_display().lower()}.")
        return redirect(back)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": item.label,
            "caption": f"{contract.reference} {contract.title}",
            "intro": item.hint,
            "back_url": back,
        },
    )
