"""Pages for thematic checks, allegations against staff, and incidents and reviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safecom.assurance import permissions
from safecom.assurance.forms import (
    AllegationForm,
    CheckForm,
    RecommendationForm,
    RecommendationProgressForm,
    ReviewEditForm,
    ReviewForm,
)
from safecom.assurance.forms.oversight import yes_no, yes_no_initial
from safecom.assurance.selectors.allegations import allegation_get, allegation_list
from safecom.assurance.selectors.records import (
    check_get,
    mark_overdue,
    recommendation_get,
    review_get,
    review_list,
)
from safecom.assurance.selectors.risk import contract_risks
from safecom.assurance.services import (
    allegation_record,
    allegation_update,
    recommendation_add,
    recommendation_update,
    review_record,
    review_update,
    thematic_check_record,
)
from safecom.assurance.views.common import (
    allowed_or_404,
    contract_or_404,
    form_page,
    found_or_404,
)


def _contract_url(contract_id: int, section: str) -> str:
    return reverse("assurance:contract", args=[contract_id]) + f"#{section}"


# --- thematic checks ---------------------------------------------------------------------------


@login_required
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_record(request.user, contract))
    form = CheckForm(request.POST or None)
    risk = contract_risks(contracts=[contract])[contract.pk]

    def save(data: dict[str, Any]) -> HttpResponse:
        check = thematic_check_record(actor=request.user, contract=contract, **data)
        messages.success(request, "Thematic check recorded.")
        return redirect("assurance:check", pk=check.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Record a thematic check",
            "caption": f"{contract.reference} {contract.title}",
            "intro": (
                f"Risk now: {risk.tier}, score {risk.score} of 100. The check keeps this score "
                "as the risk it was planned on."
            ),
            "back_url": _contract_url(contract.pk, "checks"),
            "submit": "Record the check",
        },
    )


@login_required
def check_page(request: HttpRequest, pk: int) -> HttpResponse:
    check = found_or_404(check_get(user=request.user, pk=pk))
    return render(
        request,
        "assurance/check.html",
        {
            "check": check,
            "contract": check.contract,
            "actions": mark_overdue(check.actions.all()),
            "oversight": permissions.sees_oversight(request.user),
            "can_record": permissions.can_record(request.user, check.contract),
        },
    )


# --- allegations -------------------------------------------------------------------------------


@login_required
def allegations_index(request: HttpRequest) -> HttpResponse:
    breaches = request.GET.get("show") == "breaches"
    items = allegation_list(user=request.user, breaches_only=breaches)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/allegations.html",
        {
            "page": page,
            "breaches": breaches,
            "oversight": permissions.sees_oversight(request.user),
            "querystring": f"show={'breaches' if breaches else ''}&",
        },
    )


@login_required
def allegation_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_log_allegation(request.user, contract))
    form = AllegationForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        allegation = allegation_record(actor=request.user, contract=contract, **data)
        messages.success(request, "Allegation logged.")
        return redirect("assurance:allegation", pk=allegation.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Log an allegation against staff",
            "caption": f"{contract.reference} {contract.title}",
            "intro": (
                "Record the minimum: no names of the person or of any child or adult. The LADO "
                "must be told within the working days the standards set (weekends and England "
                "and Wales bank holidays do not count)."
            ),
            "back_url": _contract_url(contract.pk, "allegations"),
            "submit": "Log the allegation",
        },
    )


@login_required
def allegation_page(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = found_or_404(allegation_get(user=request.user, pk=pk))
    can_log = permissions.can_log_allegation(request.user, allegation.contract)
    return render(
        request,
        "assurance/allegation.html",
        {
            "a": allegation,
            "contract": allegation.contract,
            "can_log": can_log,
            # The notes are for those who record allegations, not everyone who sees the log.
            "show_notes": can_log,
        },
    )


@login_required
def allegation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = found_or_404(allegation_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_log_allegation(request.user, allegation.contract))
    initial = {
        name: getattr(allegation, name)
        for name in AllegationForm.base_fields
        if hasattr(allegation, name)
    }
    form = AllegationForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> HttpResponse:
        allegation_update(actor=request.user, allegation=allegation, **data)
        messages.success(request, "Allegation updated.")
        return redirect("assurance:allegation", pk=allegation.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Update allegation {allegation.pk}",
            "caption": f"{allegation.contract.reference} {allegation.contract.title}",
            "back_url": reverse("assurance:allegation", args=[allegation.pk]),
            "submit": "Save",
        },
    )


# --- incidents and reviews ---------------------------------------------------------------------


@login_required
def reviews_index(request: HttpRequest) -> HttpResponse:
    overdue = request.GET.get("show") == "overdue"
    items = review_list(user=request.user, overdue_only=overdue)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/reviews.html",
        {
            "page": page,
            "overdue": overdue,
            "oversight": permissions.sees_oversight(request.user),
            "querystring": f"show={'overdue' if overdue else ''}&",
        },
    )


@login_required
def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_record(request.user, contract))
    form = ReviewForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        data["safeguarding_considered"] = yes_no(data["safeguarding_considered"])
        data["senior_reviewer"] = yes_no(data["senior_reviewer"])
        review = review_record(actor=request.user, contract=contract, **data)
        messages.success(request, f"{review.get_kind_display()} recorded.")
        return redirect("assurance:review", pk=review.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Record a serious incident or statutory review",
            "caption": f"{contract.reference} {contract.title}",
            "back_url": _contract_url(contract.pk, "reviews"),
            "submit": "Record it",
        },
    )


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = found_or_404(review_get(user=request.user, pk=pk))
    contract = review.contract
    return render(
        request,
        "assurance/review.html",
        {
            "review": review,
            "contract": contract,
            "can_record": permissions.can_record(request.user, contract),
            "can_update": permissions.can_record(request.user, contract)
            or permissions.can_respond(request.user, contract),
            "show_notes": permissions.can_record(request.user, contract),
        },
    )


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = found_or_404(review_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_record(request.user, review.contract))
    form = ReviewEditForm(
        request.POST or None,
        initial={
            "kept_updated": review.kept_updated,
            "last_update_on": review.last_update_on,
            "safeguarding_considered": yes_no_initial(review.safeguarding_considered),
            "senior_reviewer": yes_no_initial(review.senior_reviewer),
            "status": review.status,
            "notes": review.notes,
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        data["safeguarding_considered"] = yes_no(data["safeguarding_considered"])
        data["senior_reviewer"] = yes_no(data["senior_reviewer"])
        review_update(actor=request.user, review=review, **data)
        messages.success(request, "Saved.")
        return redirect("assurance:review", pk=review.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Update {review.get_kind_display().lower()} {review.reference}",
            "back_url": reverse("assurance:review", args=[review.pk]),
        },
    )


@login_required
def recommendation_new(request: HttpRequest, pk: int) -> HttpResponse:
    review = found_or_404(review_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_record(request.user, review.contract))
    form = RecommendationForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        recommendation_add(
            actor=request.user,
            review=review,
            text_=data["text"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        messages.success(request, "Recommendation added.")
        return redirect("assurance:review", pk=review.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Add a recommendation",
            "caption": f"{review.get_kind_display()} {review.reference}",
            "back_url": reverse("assurance:review", args=[review.pk]),
            "submit": "Add the recommendation",
        },
    )


@login_required
def recommendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = found_or_404(recommendation_get(user=request.user, pk=pk))
    contract = rec.review.contract
    allowed_or_404(
        permissions.can_record(request.user, contract)
        or permissions.can_respond(request.user, contract)
    )
    form = RecommendationProgressForm(
        request.POST or None,
        initial={
            "progress": rec.progress,
            "progress_note": rec.progress_note,
            "completed_on": rec.completed_on,
        },
    )

    def save(data: dict[str, Any]) -> HttpResponse:
        recommendation_update(actor=request.user, recommendation=rec, **data)
        messages.success(request, "Progress saved.")
        return redirect("assurance:review", pk=rec.review_id)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Update progress",
            "caption": rec.text[:120],
            "intro": f"Owner: {rec.owner}. Due {rec.due_on:%d/%m/%Y}.",
            "back_url": reverse("assurance:review", args=[rec.review_id]),
            "submit": "Save progress",
        },
    )
