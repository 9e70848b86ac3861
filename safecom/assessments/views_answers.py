"""The answer page: answering (with its optimistic lock), moderation, responses and actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.assessments import mapping, workflow
from safecom.assessments import selectors as sel
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerForm,
    ModerationForm,
    RespondForm,
)
from safecom.assessments.models import Answer, Assessment
from safecom.assessments.selectors_history import previous_answer
from safecom.assessments.services import (
    action_create,
    action_update,
    answer_moderate,
    answer_respond,
    answer_save,
)
from safecom.assessments.services.answers import StaleAnswer
from safecom.assessments.views import (
    STATUS_CHOICES,
    action_rows,
    can_answer,
    can_moderate,
    read_upload,
    sees_suggestions,
)
from safecom.core.forms import add_service_errors


def answer_or_404(request: HttpRequest, pk: int) -> Answer:
    found = sel.answer_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _answer_form(answer: Answer, data: Any = None, files: Any = None) -> AnswerForm:
    return AnswerForm(
        data,
        files,
        attached=list(answer.evidence.all()),
        initial={
            "version": answer.version,
            "rating": answer.rating,
            "narrative": answer.narrative,
            "links": "\n".join(answer.links or []),
        },
    )


def _moderation_choices(answer: Answer) -> list[str]:
    return [
        d
        for d in ("accept", "challenge", "close")
        if not workflow.decision_problem(answer.moderation, d)
    ]


def _context(request: HttpRequest, answer: Answer, **forms: Any) -> dict[str, Any]:
    assessment = answer.assessment
    slug = answer.requirement.framework_version.framework.slug
    day = sel.today()
    answerable = can_answer(request, assessment)
    moderator = can_moderate(request, assessment)
    suggestions = (
        suggestions_for_answers(provider=assessment.provider, answers=[answer], on=day).get(
            answer.pk, []
        )
        if sees_suggestions(request, assessment)
        else []
    )
    graph = mapping.current_graph()
    given_through = ""
    if answer.origin == Answer.Origin.MAPPED and answer.source is not None:
        given_through = next(
            (
                c.through
                for c in mapping.covered_by(framework=slug, ref=answer.requirement.ref, graph=graph)
                if c.key == answer.source.key
            ),
            "",
        )
    context: dict[str, Any] = {
        "answer": answer,
        "assessment": assessment,
        "requirement": answer.requirement,
        "covers": mapping.covers(framework=slug, ref=answer.requirement.ref, graph=graph),
        "given_through": given_through,
        "events": answer.moderation_events.select_related("by"),
        "actions": action_rows(
            request,
            sel.action_list(user=request.user).filter(
                provider=assessment.provider, framework_slug=slug, ref=answer.requirement.ref
            ),
        ),
        "status_choices": STATUS_CHOICES,
        "needs_action": answer.rating in ("partly_met", "not_met") and not sel.has_action(answer),
        "suggestions": suggestions,
        "previous": previous_answer(answer),
        "can_answer": answerable,
        "can_moderate": moderator,
    }
    if answerable and assessment.status == Assessment.Status.DRAFT:
        context["answer_form"] = forms.get("answer_form") or _answer_form(answer)
    if answerable and answer.moderation == workflow.CHALLENGED:
        context["respond_form"] = forms.get("respond_form") or RespondForm(
            initial={
                "version": answer.version,
                "rating": answer.rating,
                "narrative": answer.narrative,
            }
        )
    if answerable:
        context["action_form"] = forms.get("action_form") or ActionForm()
    choices = _moderation_choices(answer)
    if moderator and choices:
        initial = {"comment": suggestions[0].message} if suggestions else {}
        context["moderation_form"] = forms.get("moderation_form") or ModerationForm(
            choices=choices, initial=initial
        )
    context["form"] = next((f for f in forms.values() if f is not None and f.errors), None)
    context["saved"] = forms.get("saved")
    return context


@login_required
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    if request.method != "POST":
        return render(request, "assessments/answer.html", _context(request, answer))
    if not can_answer(request, answer.assessment):
        raise Http404
    form = _answer_form(answer, request.POST, request.FILES)
    saved = None
    if answer.assessment.status != Assessment.Status.DRAFT:
        form.is_valid()
        form.add_error(None, "This return has been submitted, so its answers are locked.")
    elif form.is_valid():
        data = form.cleaned_data
        try:
            answer_save(
                actor=request.user,
                answer=answer,
                expected_version=data.get("version"),
                rating=data.get("rating") or "",
                narrative=data.get("narrative") or "",
                links=form.link_list(),
                files=read_upload(form),
                remove_evidence=[int(x) for x in data.get("remove_evidence") or []],
            )
        except StaleAnswer as exc:
            # Keep what the person typed; show the saved answer; let them save over it knowingly.
            answer.refresh_from_db()
            saved = answer
            post = request.POST.copy()
            post["version"] = str(answer.version)
            form = _answer_form(answer, post)
            form.is_valid()
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Answer to {answer.key} saved.")
            return redirect("assessments:answer", pk=answer.pk)
    return render(
        request,
        "assessments/answer.html",
        _context(request, answer, answer_form=form, saved=saved),
        status=409 if saved else 400,
    )


@login_required
@require_POST
def answer_moderate_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    if not can_moderate(request, answer.assessment):
        raise Http404
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            event = answer_moderate(
                actor=request.user,
                answer=answer,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{answer.key}: {event.get_kind_display().lower()}.")
            return redirect("assessments:answer", pk=answer.pk)
    return render(
        request,
        "assessments/answer.html",
        _context(request, answer, moderation_form=form),
        status=400,
    )


@login_required
@require_POST
def answer_respond_view(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    if not can_answer(request, answer.assessment):
        raise Http404
    form = RespondForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            answer_respond(
                actor=request.user,
                answer=answer,
                comment=data["comment"],
                expected_version=data.get("version"),
                rating=data["rating"],
                narrative=data.get("narrative") or "",
                files=read_upload(form),
            )
        except StaleAnswer as exc:
            # Keep the response as typed, with the current version, so it can be sent knowingly.
            answer.refresh_from_db()
            post = request.POST.copy()
            post["version"] = str(answer.version)
            form = RespondForm(post)
            form.is_valid()
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Response to the challenge on {answer.key} sent.")
            return redirect("assessments:answer", pk=answer.pk)
    return render(
        request, "assessments/answer.html", _context(request, answer, respond_form=form), status=400
    )


@login_required
@require_POST
def answer_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request, pk)
    if not can_answer(request, answer.assessment):
        raise Http404
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            action_create(actor=request.user, answer=answer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Action added for {answer.key}.")
            return redirect("assessments:answer", pk=answer.pk)
    return render(
        request, "assessments/answer.html", _context(request, answer, action_form=form), status=400
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = sel.action_get(user=request.user, pk=pk)
    if action is None or not can_answer(request, action.answer.assessment):
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        action_update(actor=request.user, action=action, status=form.cleaned_data["status"])
        messages.success(request, f"Action marked {action.get_status_display().lower()}.")
        target = request.POST.get("next", "")
        if target == "actions":
            return redirect("assessments:actions")
        return redirect("assessments:answer", pk=action.answer_id)
    answer = answer_or_404(request, action.answer_id)
    context = _context(request, answer)
    context["form"] = form
    return render(request, "assessments/answer.html", context, status=400)
