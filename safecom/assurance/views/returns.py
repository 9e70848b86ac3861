"""Pages for quarterly safeguarding returns, their templates and annual reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where
from safecom.assurance import permissions
from safecom.assurance.forms import (
    AnnualReportForm,
    AnnualReviewForm,
    ReturnIssueForm,
    ReturnTemplateForm,
    return_form,
)
from safecom.assurance.models import AnnualReport, ReturnTemplate
from safecom.assurance.selectors.access import visible_contract_ids
from safecom.assurance.selectors.returns import (
    STATUS_LABELS,
    contracts_for_template,
    return_answers,
    return_get,
    return_list,
    return_prefill,
    templates_for,
)
from safecom.assurance.services import (
    annual_report_record,
    annual_report_review,
    return_submit,
    return_template_create,
    returns_issue,
)
from safecom.assurance.views.common import (
    allowed_or_404,
    contract_or_404,
    form_page,
    found_or_404,
)
from safecom.organisations.models import Organisation


@login_required
def returns_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in (None, *STATUS_LABELS):
        status = None
    items = return_list(user=request.user, status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assurance/returns.html",
        {
            "page": page,
            "status": status or "",
            "statuses": [(k, v[0]) for k, v in STATUS_LABELS.items()],
            "oversight": permissions.sees_oversight(request.user),
            "querystring": f"status={status or ''}&",
            "can_record": permissions.can_record_anywhere(request.user),
        },
    )


@login_required
def return_page(request: HttpRequest, pk: int) -> HttpResponse:
    ret = found_or_404(return_get(user=request.user, pk=pk))
    return render(
        request,
        "assurance/return.html",
        {
            "ret": ret,
            "contract": ret.contract,
            "answers": return_answers(safeguarding_return=ret),
            "can_respond": permissions.can_respond(request.user, ret.contract),
        },
    )


@login_required
def return_fill(request: HttpRequest, pk: int) -> HttpResponse:
    ret = found_or_404(return_get(user=request.user, pk=pk))
    allowed_or_404(permissions.can_respond(request.user, ret.contract))
    items = list(ret.template.items.all())
    prefill = return_prefill(safeguarding_return=ret)
    answers = {
        row["item"].code: (row["value"], row["change_reason"])
        for row in return_answers(safeguarding_return=ret)
        if row["value"]
    }
    form = return_form(items, prefill, answers, request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        return_submit(
            actor=request.user,
            safeguarding_return=ret,
            values={i.code: data.get(f"item_{i.code}", "") for i in items},
            reasons={i.code: data.get(f"reason_{i.code}", "") for i in items},
        )
        messages.success(request, f"The {ret.period_label} return is submitted.")
        return redirect("assurance:return", pk=ret.pk)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"{ret.template.name}: {ret.period_label}",
            "caption": f"{ret.contract.reference} {ret.contract.title}",
            "intro": (
                f"Due {ret.due_on:%d/%m/%Y}. Figures the service already holds are filled in; "
                "if you change one, say why."
                if prefill
                else f"Due {ret.due_on:%d/%m/%Y}. Every item must be answered."
            ),
            "back_url": reverse("assurance:return", args=[ret.pk]),
            "submit": "Submit the return",
        },
    )


def _record_commissioners(request: HttpRequest) -> Any:
    return Organisation.objects.filter(
        pk__in=organisations_where(request.user, permissions.RECORD), kind=roles.COMMISSIONER
    ).order_by("name")


@login_required
def templates_index(request: HttpRequest) -> HttpResponse:
    commissioners = _record_commissioners(request)
    allowed_or_404(commissioners.exists())
    return render(
        request,
        "assurance/templates.html",
        {"templates": templates_for(commissioner_ids={c.pk for c in commissioners})},
    )


@login_required
def template_new(request: HttpRequest) -> HttpResponse:
    commissioners = _record_commissioners(request)
    allowed_or_404(commissioners.exists())
    form = ReturnTemplateForm(request.POST or None, initial={"due_days": 30})
    if len(commissioners) > 1:
        form.fields["commissioner"] = forms.ModelChoiceField(
            queryset=commissioners, empty_label="Choose the commissioner"
        )
        form.fields["commissioner"].widget.attrs["class"] = "govuk-select"

    def save(data: dict[str, Any]) -> HttpResponse:
        template = return_template_create(
            actor=request.user,
            name=data["name"],
            due_days=data["due_days"],
            items=form.items(),
            commissioner=data.get("commissioner") or commissioners.first(),
        )
        messages.success(request, f"Return template '{template.name}' created.")
        return redirect("assurance:templates")

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Create a return template",
            "back_url": reverse("assurance:templates"),
            "submit": "Create the template",
        },
        template="assurance/template_form.html",
    )


@login_required
def returns_issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    commissioners = _record_commissioners(request)
    allowed_or_404(commissioners.exists())
    template: ReturnTemplate = found_or_404(
        templates_for(commissioner_ids={c.pk for c in commissioners}).filter(pk=pk).first()
    )
    form = ReturnIssueForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        if template.commissioner_id:
            made = returns_issue(actor=request.user, template=template, **data)
        else:
            # A framework's template goes to this user's own contracts under that framework.
            contracts = contracts_for_template(template).filter(commissioner__in=commissioners)
            made = returns_issue(
                actor=request.user, template=template, contracts=list(contracts), **data
            )
        messages.success(request, f"Issued {len(made)} return{'s' * (len(made) != 1)}.")
        return redirect("assurance:returns")

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Issue '{template.name}'",
            "intro": (
                "Each contract in delivery gets a return for the period, due "
                f"{template.due_days} days after it ends. Contracts that already have it are "
                "left as they are."
            ),
            "back_url": reverse("assurance:templates"),
            "submit": "Issue the returns",
        },
    )


@login_required
def annual_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = contract_or_404(request, pk)
    allowed_or_404(permissions.can_record(request.user, contract))
    form = AnnualReportForm(request.POST or None)

    def save(data: dict[str, Any]) -> HttpResponse:
        annual_report_record(actor=request.user, contract=contract, **data)
        messages.success(request, "Annual report recorded.")
        return redirect(reverse("assurance:contract", args=[contract.pk]) + "#reports")

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": "Record an annual safeguarding report",
            "caption": f"{contract.reference} {contract.title}",
            "back_url": reverse("assurance:contract", args=[contract.pk]) + "#reports",
            "submit": "Record the report",
        },
    )


@login_required
def annual_report_review_page(request: HttpRequest, pk: int) -> HttpResponse:
    report: AnnualReport = found_or_404(
        AnnualReport.objects.filter(pk=pk, contract_id__in=visible_contract_ids(request.user))
        .select_related("contract", "contract__commissioner")
        .first()
    )
    allowed_or_404(permissions.can_record(request.user, report.contract))
    form = AnnualReviewForm(
        request.POST or None,
        initial={"reviewed_on": report.reviewed_on, "review_note": report.review_note},
    )
    back = reverse("assurance:contract", args=[report.contract_id]) + "#reports"

    def save(data: dict[str, Any]) -> HttpResponse:
        annual_report_review(actor=request.user, report=report, **data)
        messages.success(request, "Review recorded.")
        return redirect(back)

    return form_page(
        request,
        form=form,
        save=save,
        context={
            "heading": f"Review the {report.year_label} {report.get_kind_display().lower()} report",
            "caption": f"{report.contract.reference} {report.contract.title}",
            "back_url": back,
            "submit": "Record the review",
        },
    )
