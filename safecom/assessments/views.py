"""Pages for rounds, returns, comparison, a provider's answers and its statement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.accounts import roles
from safecom.accounts.tenancy import organisations_where, scope_for, user_can
from safecom.assessments import selectors as sel
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.forms import RoundForm, StatementForm, SubmitForm
from safecom.assessments.models import ActionItem, Assessment
from safecom.assessments.selectors_history import (
    comparison_counts,
    comparison_rows,
    framework_choices,
    latest_answers,
)
from safecom.assessments.services import assessment_submit, round_open, statement_record
from safecom.assessments.services.rounds import contracts_for_owner, providers_for_owner
from safecom.core.forms import add_service_errors
from safecom.organisations.models import Organisation
from safecom.rules import assessments as rules


def assessment_or_404(request: HttpRequest, pk: int) -> Assessment:
    found = sel.assessment_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def can_answer(request: HttpRequest, assessment: Assessment) -> bool:
    return user_can(request.user, roles.ASSESSMENT_ANSWER, assessment.provider_id)


def can_moderate(request: HttpRequest, assessment: Assessment) -> bool:
    return user_can(request.user, roles.ASSESSMENT_MODERATE, assessment.round.owner_id)


def sees_suggestions(request: HttpRequest, assessment: Assessment) -> bool:
    """Suggested challenges are for the commissioning side, not the provider rating itself."""
    return assessment.provider_id not in scope_for(request.user).ids(roles.PROVIDER)


def read_upload(form: Any, name: str = "evidence") -> list[tuple[str, bytes]]:
    """The uploaded file as (name, bytes); one larger than the limit is refused unread."""
    upload = form.files.get(name) if hasattr(form, "files") else None
    if not upload:
        return []
    if upload.size > settings.SAFECOM_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                name: [
                    f"{upload.name[:80]}: the file is {upload.size / 1048576:.1f} MB; the largest "
                    f"allowed is {settings.SAFECOM_UPLOAD_MAX_BYTES / 1048576:.0f} MB."
                ]
            }
        )
    return [(upload.name, upload.read())]


def action_rows(request: HttpRequest, actions: Any) -> list[tuple[Any, bool, bool]]:
    """(action, overdue, the user may update it) for the actions table."""
    day = sel.today()
    return [
        (
            a,
            sel.is_overdue(a, day),
            user_can(request.user, roles.ASSESSMENT_ANSWER, a.provider_id),
        )
        for a in actions
    ]


STATUS_CHOICES = ActionItem.Status.choices


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    own = sel.assessment_list(user=request.user).filter(provider_id__in=scope.ids(roles.PROVIDER))
    rounds = sel.round_list(user=request.user)[:50]
    awaiting = sel.assessment_list(user=request.user, status=Assessment.Status.SUBMITTED).exclude(
        provider_id__in=scope.ids(roles.PROVIDER)
    )
    actions = sel.action_list(user=request.user, open_only=True)
    overdue = [row for row in action_rows(request, actions) if row[1]]
    return render(
        request,
        "assessments/home.html",
        {
            "own": [(a, a.answers.exclude(rating="").count(), a.answers.count()) for a in own],
            "rounds": rounds,
            "awaiting": awaiting[:50],
            "open_actions": len(actions),
            "overdue": overdue[:20],
            "overdue_count": len(overdue),
            "can_open": bool(organisations_where(request.user, roles.ASSESSMENT_OPEN_ROUND)),
            "providers": Organisation.objects.filter(pk__in=scope.ids(roles.PROVIDER)),
        },
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    allowed = organisations_where(request.user, roles.ASSESSMENT_OPEN_ROUND)
    owners = list(Organisation.objects.filter(pk__in=allowed).order_by("name"))
    if not owners:
        raise Http404
    owner = next((o for o in owners if o.slug == request.GET.get("owner")), owners[0])
    form = RoundForm(
        request.POST or None,
        providers=providers_for_owner(owner=owner),
        contracts=contracts_for_owner(owner=owner),
        initial={"interval": "annual"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = round_open(
                actor=request.user,
                owner=owner,
                title=data["title"],
                frameworks=data["frameworks"],
                kinds=data["kinds"],
                due_date=data["due_date"],
                interval=data["interval"],
                providers=data["providers"],
                contracts=data["contracts"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Round opened: {opened.assessments.count()} provider(s) asked."
            )
            return redirect("assessments:round", pk=opened.pk)
    return render(
        request,
        "assessments/round_form.html",
        {"form": form, "owner": owner, "owners": owners},
        status=400 if form.errors else 200,
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = sel.round_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    rows = []
    for assessment in sel.assessment_list(user=request.user).filter(round=found):
        answers = list(sel.answers_of(assessment))
        actions = action_rows(
            request, sel.actions_for_assessment(user=request.user, assessment=assessment)
        )
        rows.append(
            {
                "assessment": assessment,
                "answered": sum(1 for a in answers if a.rating),
                "total": len(answers),
                "ratings": {r: sum(1 for a in answers if a.rating == r) for r in rules.RATINGS},
                "awaiting": sum(1 for a in answers if a.moderation in ("pending", "responded")),
                "open_actions": sum(1 for a, _, _ in actions if a.status != ActionItem.Status.DONE),
                "overdue_actions": sum(1 for _, overdue, _ in actions if overdue),
                "suggested": sum(
                    len(v)
                    for v in suggestions_for_answers(
                        provider=assessment.provider, answers=answers
                    ).values()
                ),
            }
        )
    return render(request, "assessments/round_detail.html", {"round": found, "rows": rows})


def _assessment_context(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    answers = list(sel.answers_of(assessment))
    day = sel.today()
    suggestions = (
        suggestions_for_answers(provider=assessment.provider, answers=answers, on=day)
        if sees_suggestions(request, assessment)
        else {}
    )
    actions = action_rows(
        request, sel.actions_for_assessment(user=request.user, assessment=assessment)
    )
    keys = [(a.requirement.framework_version.framework.slug, a.requirement.ref) for a in answers]
    statement = sel.statement_of_provider(provider=assessment.provider)
    return {
        "assessment": assessment,
        "rows": [(a, suggestions.get(a.pk, [])) for a in answers],
        "answered": sum(1 for a in answers if a.rating),
        "total": len(answers),
        "ratings": {r: sum(1 for a in answers if a.rating == r) for r in rules.RATINGS},
        "actions": actions,
        "open_actions": sum(1 for a, _, _ in actions if a.status != ActionItem.Status.DONE),
        "overdue_actions": sum(1 for _, overdue, _ in actions if overdue),
        "status_choices": STATUS_CHOICES,
        "statement_required": rules.bscp_1_statement_required(requirement_keys=keys),
        "statement": statement,
        "statement_in_date": rules.bscp_1_statement_in_date(
            review_date=statement.review_date if statement else None, today=day
        ),
        "can_answer": can_answer(request, assessment),
        "can_moderate": can_moderate(request, assessment),
        "suggested": sum(len(v) for v in suggestions.values()),
    }


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    context = _assessment_context(request, assessment)
    if context["can_answer"] and assessment.status == Assessment.Status.DRAFT:
        context["submit_form"] = SubmitForm()
    return render(request, "assessments/assessment_detail.html", context)


@login_required
@require_POST
def assessment_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    if not can_answer(request, assessment):
        raise Http404
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            assessment_submit(
                actor=request.user, assessment=assessment, declared=form.cleaned_data["declared"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Self-assessment submitted. The answers are now locked.")
            return redirect("assessments:assessment", pk=assessment.pk)
    context = _assessment_context(request, assessment)
    context["submit_form"] = form
    context["form"] = form
    return render(request, "assessments/assessment_detail.html", context, status=400)


@login_required
def assessment_compare(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_or_404(request, pk)
    rows = comparison_rows(assessment)
    return render(
        request,
        "assessments/compare.html",
        {"assessment": assessment, "rows": rows, "counts": comparison_counts(rows)},
    )


@login_required
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = sel.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise Http404
    versions = framework_choices()
    status = sel.provider_status(provider=provider)
    chosen = next((v for v in versions if v.framework.slug == request.GET.get("framework")), None)
    if chosen is None:
        # The viewer's own framework: the first its contracts with this provider are let under.
        mine = scope_for(request.user).ids(roles.COMMISSIONER)
        own = {
            v.framework.slug
            for c in provider.provider_contracts.filter(commissioner_id__in=mine)
            for v in c.frameworks.select_related("framework")
        }
        answered = {row["framework"] for row in status}
        chosen = next((v for v in versions if v.framework.slug in own), None) or next(
            (v for v in versions if v.framework.slug in answered), versions[0] if versions else None
        )
    statements = list(sel.statements_of_provider(provider=provider)[:20])
    statement = statements[0] if statements else None
    return render(
        request,
        "assessments/provider.html",
        {
            "provider": provider,
            "status": status,
            "versions": versions,
            "chosen": chosen,
            "latest": latest_answers(provider=provider, version=chosen) if chosen else [],
            "statement": statement,
            "earlier_statements": statements[1:],
            "statement_in_date": rules.bscp_1_statement_in_date(
                review_date=statement.review_date if statement else None, today=sel.today()
            ),
            "can_record": user_can(request.user, roles.ASSESSMENT_ANSWER, provider.pk),
            "assessments": sel.assessment_list(user=request.user, provider_slug=provider.slug),
        },
    )


@login_required
def statement_new(request: HttpRequest, slug: str) -> HttpResponse:
    provider = sel.provider_get(user=request.user, slug=slug)
    if provider is None or not user_can(request.user, roles.ASSESSMENT_ANSWER, provider.pk):
        raise Http404
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            files = read_upload(form, "file")
            statement_record(
                actor=request.user,
                provider=provider,
                summary=data["summary"],
                signed_off_by=data["signed_off_by"],
                approved_on=data["approved_on"],
                review_date=data["review_date"],
                file=files[0] if files else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Child Safeguarding Statement recorded.")
            return redirect("assessments:provider", slug=provider.slug)
    return render(
        request,
        "assessments/statement_form.html",
        {"form": form, "provider": provider},
        status=400 if form.errors else 200,
    )


@login_required
def action_index(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    qs = sel.action_list(user=request.user, open_only=show != "all")
    return render(
        request,
        "assessments/actions.html",
        {"actions": action_rows(request, qs[:500]), "show": show, "status_choices": STATUS_CHOICES},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = sel.evidence_get(user=request.user, pk=pk)
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
