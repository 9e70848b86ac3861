from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safecom.core.exports import download
from safecom.core.forms import add_service_errors
from safecom.core.kept_pages import kept_page
from safecom.organisations.models import Organisation
from safecom.workforce import exporting, selectors
from safecom.workforce.checks import TRAINING_LABELS
from safecom.workforce.forms import (
    LeftForm,
    RevealForm,
    StaffFilterForm,
    StaffRecordForm,
    StatusCheckForm,
    TrainingForm,
)
from safecom.workforce.models import StaffMember
from safecom.workforce.services.staff import (
    staff_export_record,
    staff_mark_left,
    staff_record_save,
    staff_record_status_check,
    staff_reveal,
    training_add,
)
from safecom.workforce.views.common import (
    masked_dbs,
    policy_commissioner,
    provider_or_404,
    require,
    staff_or_404,
)

PER_PAGE = 50
EXPORT_LIMIT = 100_000


def _filters(request: HttpRequest) -> tuple[StaffFilterForm, dict[str, Any]]:
    form = StaffFilterForm(request.GET or None)
    data: dict[str, Any] = {"gap": None, "search": None, "worker_type": None, "include_left": False}
    if form.is_valid():
        data = {
            "gap": form.cleaned_data["gap"] or None,
            "search": form.cleaned_data["q"].strip() or None,
            "worker_type": form.cleaned_data["worker_type"] or None,
            "include_left": form.cleaned_data["include_left"],
        }
    return form, data


@login_required
def staff_index(request: HttpRequest, slug: str) -> HttpResponse:
    provider = provider_or_404(request, slug)
    require(selectors.can_see_records(user=request.user, provider=provider))
    # Kept for the session while no audited change reaches the provider's records or policy.
    return kept_page(
        request,
        name="staff list",
        today=timezone.localdate(),
        changes=lambda since: selectors.staff_list_changes(provider=provider, since=since),
        render=lambda: _staff_list_page(request, provider),
        seconds=settings.SAFECOM_KEPT_PAGE_SECONDS,
    )


def _staff_list_page(request: HttpRequest, provider: Organisation) -> HttpResponse:
    form, filters = _filters(request)
    qs = selectors.staff_listing(provider=provider, **filters)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    people = list(page)
    gaps = selectors.staff_page_gaps(provider=provider, staff=people)
    query = {k: v for k, v in request.GET.items() if k != "page" and k in form.fields}
    return render(
        request,
        "workforce/staff_list.html",
        {
            "provider": provider,
            "form": form,
            "page": page,
            "rows": [(p, gaps[p.pk]) for p in people],
            "querystring": urlencode(query) + "&" if query else "",
            "export_params": sorted(query.items()),
            "can_edit": selectors.can_edit(user=request.user, provider=provider),
        },
    )


@login_required
def staff_export(request: HttpRequest, slug: str) -> HttpResponse:
    provider = provider_or_404(request, slug)
    require(selectors.can_see_records(user=request.user, provider=provider))
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    _, filters = _filters(request)
    people = list(selectors.staff_list(provider=provider, **filters)[:EXPORT_LIMIT])
    gaps = selectors.staff_page_gaps(provider=provider, staff=people)
    latest = selectors.latest_training(p.pk for p in people)
    rows = exporting.export_rows(
        people, latest, {pk: [g.message for g in found] for pk, found in gaps.items()}
    )
    data = exporting.export_bytes(fmt, rows)
    staff_export_record(actor=request.user, provider=provider, rows=len(people), fmt=fmt)
    return download(data, f"{provider.slug}-staff.{fmt}")


def render_person(
    request: HttpRequest,
    provider: Organisation,
    staff: StaffMember,
    *,
    commissioner: Organisation | None = None,
    opened: bool = False,
    revealed: dict[str, str] | None = None,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A person's page. `opened`: a commissioner is reading it after stating a reason."""
    view = selectors.staff_view(staff=staff, commissioner=commissioner)
    can_edit = not opened and selectors.can_edit(user=request.user, provider=provider)
    forms = forms or {}
    context = {
        "provider": provider,
        "staff": staff,
        "opened": opened,
        "masked_dbs": masked_dbs(staff),
        "revealed": revealed or {},
        "reveal_form": forms.get("reveal") or RevealForm(),
        "can_edit": can_edit,
        "status_form": forms.get("status") or (StatusCheckForm() if can_edit else None),
        "training_form": forms.get("training") or (TrainingForm() if can_edit else None),
        "left_form": forms.get("left") or (LeftForm() if can_edit else None),
        "training_labels": TRAINING_LABELS,
        "access_log": (
            selectors.record_access_log(staff=staff)
            if selectors.can_see_records(user=request.user, provider=provider)
            else []
        ),
        **view,
    }
    error_form = next((f for f in forms.values() if f is not None and f.errors), None)
    if error_form is not None:
        context["form"] = error_form  # for the page title's "Error:"
    return render(request, "workforce/person.html", context, status=status)


@login_required
def person(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    provider = provider_or_404(request, slug)
    require(selectors.can_see_records(user=request.user, provider=provider))
    return render_person(request, provider, staff_or_404(provider, pk))


@login_required
@require_POST
def reveal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Show a DBS number or date of birth in full, once, recording who, when and why."""
    provider = provider_or_404(request, slug)
    own = selectors.can_see_records(user=request.user, provider=provider)
    commissioning = selectors.can_open_records(user=request.user, provider=provider)
    require(own or commissioning)
    staff = staff_or_404(provider, pk)
    commissioner = None if own else policy_commissioner(request, provider)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            value = staff_reveal(
                actor=request.user,
                staff=staff,
                field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render_person(
                request,
                provider,
                staff,
                commissioner=commissioner,
                opened=not own,
                revealed={form.cleaned_data["field"]: value},
            )
    return render_person(
        request,
        provider,
        staff,
        commissioner=commissioner,
        opened=not own,
        forms={"reveal": form},
        status=400,
    )


def _edit_action(
    request: HttpRequest, slug: str, pk: int, form_class: Any, key: str, act: Any
) -> HttpResponse:
    provider = provider_or_404(request, slug)
    require(selectors.can_edit(user=request.user, provider=provider))
    staff = staff_or_404(provider, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(staff, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("workforce:person", slug=provider.slug, pk=staff.pk)
    return render_person(request, provider, staff, forms={key: form}, status=400)


@login_required
@require_POST
def status_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def act(staff: StaffMember, data: dict[str, Any]) -> str:
        staff_record_status_check(
            actor=request.user, staff=staff, checked_on=data["checked_on"], result=data["result"]
        )
        return "Update Service check recorded."

    return _edit_action(request, slug, pk, StatusCheckForm, "status", act)


@login_required
@require_POST
def training_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def act(staff: StaffMember, data: dict[str, Any]) -> str:
        training_add(actor=request.user, staff=staff, **data)
        return "Training recorded."

    return _edit_action(request, slug, pk, TrainingForm, "training", act)


@login_required
@require_POST
def mark_left(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def act(staff: StaffMember, data: dict[str, Any]) -> str:
        staff_mark_left(actor=request.user, staff=staff, leaving_date=data["leaving_date"])
        return "Recorded as left."

    return _edit_action(request, slug, pk, LeftForm, "left", act)


def _record_form(request: HttpRequest, slug: str, pk: int | None) -> HttpResponse:
    """Add a person, or change every field of their record."""
    provider = provider_or_404(request, slug)
    require(selectors.can_edit(user=request.user, provider=provider))
    staff = staff_or_404(provider, pk) if pk is not None else None
    form = StaffRecordForm(request.POST if request.method == "POST" else None, staff=staff)
    if form.is_bound and form.is_valid():
        try:
            saved = staff_record_save(
                actor=request.user, provider=provider, values=form.cleaned_data, staff=staff
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Record saved." if staff else "Person added.")
            return redirect("workforce:person", slug=provider.slug, pk=saved.pk)
    return render(
        request,
        "workforce/staff_form.html",
        {"provider": provider, "staff": staff, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def staff_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _record_form(request, slug, None)


@login_required
def staff_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _record_form(request, slug, pk)


@login_required
def training(request: HttpRequest, slug: str) -> HttpResponse:
    """The training matrix: each person against each kind of training, with due dates."""
    provider = provider_or_404(request, slug)
    require(selectors.can_see_records(user=request.user, provider=provider))
    form, filters = _filters(request)
    qs = selectors.staff_listing(provider=provider, **filters)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    matrix = selectors.training_matrix(provider=provider, staff=list(page))
    query = {k: v for k, v in request.GET.items() if k != "page" and k in form.fields}
    return render(
        request,
        "workforce/training.html",
        {
            "provider": provider,
            "form": form,
            "page": page,
            "kinds": list(TRAINING_LABELS.items()),
            "matrix": [(s, [status.get(kind) for kind in TRAINING_LABELS]) for s, status in matrix],
            "querystring": urlencode(query) + "&" if query else "",
        },
    )
