"""Pages for monitoring meetings, their actions and contract safeguarding metrics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safecom.assurance import metric_library, permissions
from safecom.assurance.forms import ActionForm, MeetingForm, MetricForm, MetricValueForm
from safecom.assurance.selectors.records import (
    action_get,
    check_get,
    mark_overdue,
    meeting_get,
    metric_get,
)
from safecom.assurance.services import (
    action_complete,
    action_create,
    meeting_create,
    metric_add,
    metric_value_record,
)
from safecom.assurance.views.common import (
    allowed_or_404,
    contract_or_404,
    form_page,
    found_or_404,
)


def _contract_url(contract_id: int, section: str = "") -> str:
    url = reverse("assurance:contract", args=[contract_id])
    return f"{url}#{section}" if section else url


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_record(request.user, contract))
    form = MeetingForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        meeting = meeting_create(actor=request.user, contract=contract, **data)
        if meeting.safeguarding_item:
            messages.success(request, "Meeting recorded.")
        else:
            messages.warning(
                request,
                "Meeting recorded without a safeguarding item: it is flagged, because "
                "safeguarding must be discussed at every contract monitoring meeting.",
            )
        return redirect("assurance:meeting", pk=meeting.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Record a monitoring meeting",
            "caption": f"{contract.reference} {contract.title}",
            "back_url": _contract_url(contract.pk, "meetings"),
            "submit": "Record the meeting",
        },
    )


@login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found_or_404(meeting_get(user=request.user, pk=pk))
    return render(
        request,
        "assurance/meeting.html",
        {
            "meeting": meeting,
            "contract": meeting.contract,
            "actions": mark_overdue(meeting.actions.all()),
            "can_record": permissions.can_record(request.user, meeting.contract),
        },
    )


def _action_page(request: HttpRequest, source: Any, *, back_url: str, **which: Any) -> HttpResponse:
    allowed_or_404(permissions.can_record(request.user, source.contract))
    form = ActionForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        action_create(actor=request.user, **which, **data)
        messages.success(request, "Action added.")
        return redirect(back_url)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Add an action",
            "caption": str(source),
            "back_url": back_url,
            "submit": "Add the action",
        },
    )


@login_required
def meeting_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found_or_404(meeting_get(user=request.user, pk=pk))
    return _action_page(
        request, meeting, back_url=reverse("assurance:meeting", args=[pk]), meeting=meeting
    )


@login_required
def check_action_new(request: HttpRequest, pk: int) -> HttpResponse:
    check = found_or_404(check_get(user=request.user, pk=pk))
    return _action_page(
        request, check, back_url=reverse("assurance:check", args=[pk]), thematic_check=check
    )


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = found_or_404(action_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_record(request.user, action.contract))
    try:
        action_complete(actor=request.user, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Action marked done.")
    if action.meeting_id:
        return redirect("assurance:meeting", pk=action.meeting_id)
    return redirect("assurance:check", pk=action.thematic_check_id)


@login_required
def metric_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_record(request.user, contract))
    taken = set(contract.safeguarding_metrics.values_list("metric", flat=True))
    form = MetricForm(request.POST or None, taken=taken)

    def save(data: dict[str, Any]) -> HttpResponse:
        metric_add(actor=request.user, contract=contract, **data)
        messages.success(request, "Metric added to the contract.")
        return redirect(_contract_url(contract.pk, "metrics"))

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Add a safeguarding metric",
            "caption": f"{contract.reference} {contract.title}",
            "back_url": _contract_url(contract.pk, "metrics"),
            "library": metric_library.LIBRARY,
            "submit": "Add the metric",
        },
        template="assurance/metric_form.html",
    )


@login_required
def metric_value_new(request: HttpRequest, pk: int) -> HttpResponse:
    metric = found_or_404(metric_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_record(request.user, metric.contract))
    form = MetricValueForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        value = metric_value_record(actor=request.user, contract_metric=metric, **data)
        messages.success(request, f"Value recorded for {value.period_label}.")
        return redirect(_contract_url(metric.contract_id, "metrics"))

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Record {metric.get_metric_display().lower()}",
            "caption": f"{metric.contract.reference} {metric.contract.title}",
            "intro": "A value already recorded for the same quarter is replaced.",
            "back_url": _contract_url(metric.contract_id, "metrics"),
            "submit": "Record the value",
        },
    )
