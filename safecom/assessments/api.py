"""Self-assessment API: rounds, returns, answering (with the optimistic lock), moderation,
actions and the Child Safeguarding Statement. Everything answers only within the caller's
tenancy; an answer changed since it was read is refused with 409.

Evidence files travel as base64 in JSON, as in the documents API (decision 38): every
operation here takes JSON, and the request limit (5 MB) allows files of about 3.7 MB; larger
ones go through the answer page."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can
from safecom.assessments import mapping
from safecom.assessments import selectors as sel
from safecom.assessments.api_shapes import (
    ActionIn,
    ActionUpdateIn,
    AnswerIn,
    EvidenceIn,
    EvidenceRemoveIn,
    ModerationIn,
    ResponseIn,
    RoundIn,
    StatementIn,
    SubmitIn,
    action_as_dict,
    answer_as_dict,
    assessment_as_dict,
    decoded,
    evidence_as_dict,
    round_as_dict,
    statement_as_dict,
)
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.models import ActionItem, Answer
from safecom.assessments.selectors_history import (
    comparison_counts,
    comparison_rows,
    latest_answers,
)
from safecom.assessments.services import (
    action_create,
    action_update,
    answer_evidence_add,
    answer_evidence_remove,
    answer_moderate,
    answer_respond,
    answer_save,
    assessment_submit,
    round_open,
    statement_record,
)
from safecom.assessments.services.answers import StaleAnswer
from safecom.assessments.services.rounds import contracts_for_owner, providers_for_owner
from safecom.core.pagination import Rows, paginated
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion

router = Router(tags=["assessments"])


def _answer(request: HttpRequest, pk: int) -> Answer:
    found = sel.answer_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    return found


def _provider_side(request: HttpRequest, provider_id: int) -> None:
    if not user_can(request.user, roles.ASSESSMENT_ANSWER, provider_id):
        raise HttpError(403, "Only the provider's safeguarding lead can do this")


@router.get(
    "/assessments/rounds",
    response=list[dict[str, Any]],
    summary="Self-assessment rounds you opened or oversee",
)
@paginated
def rounds_list(request: HttpRequest) -> Rows:
    return Rows(sel.round_list(user=request.user), each=round_as_dict)


@router.post("/assessments/rounds", response={201: dict}, summary="Open a round")
def rounds_open(request: HttpRequest, payload: RoundIn) -> Status:
    owner = Organisation.objects.filter(slug=payload.owner).first()
    if owner is None or not user_can(request.user, roles.ASSESSMENT_OPEN_ROUND, owner.pk):
        raise HttpError(404, "No organisation you can open a round for has that name")
    versions = list(
        FrameworkVersion.objects.filter(framework__slug__in=payload.frameworks, is_current=True)
    )
    missing = set(payload.frameworks) - {v.framework.slug for v in versions}
    if missing:
        raise HttpError(422, f"No framework {', '.join(sorted(missing))}")
    # Only the owner's own providers and contracts are looked up: nothing else is revealed.
    providers = list(providers_for_owner(owner=owner).filter(slug__in=payload.providers))
    unknown = set(payload.providers) - {p.slug for p in providers}
    contracts = list(contracts_for_owner(owner=owner).filter(pk__in=payload.contracts))
    if unknown or len(contracts) != len(set(payload.contracts)):
        raise HttpError(
            422, f"Name only providers and live contracts of {owner.name} (by slug and id)"
        )
    opened = round_open(
        actor=request.user,
        owner=owner,
        title=payload.title,
        frameworks=versions,
        due_date=payload.due_date,
        interval=payload.interval,
        providers=providers,
        contracts=contracts,
        kinds=payload.kinds,
    )
    data = round_as_dict(opened)
    data["assessments"] = [assessment_as_dict(a) for a in opened.assessments.all()]
    return Status(201, data)


@router.get("/assessments/rounds/{pk}", summary="One round with its returns")
def rounds_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = sel.round_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    data = round_as_dict(found)
    data["assessments"] = [
        assessment_as_dict(a) for a in sel.assessment_list(user=request.user).filter(round=found)
    ]
    return data


@router.get("/assessments/returns", response=list[dict[str, Any]], summary="Returns you may see")
@paginated
def returns_list(
    request: HttpRequest, provider: str | None = None, status: str | None = None
) -> Rows:
    qs = sel.assessment_list(user=request.user, provider_slug=provider, status=status)
    return Rows(qs, each=assessment_as_dict)


@router.get("/assessments/returns/{pk}", summary="One return with its answers and actions")
def returns_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = sel.assessment_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    answers = list(sel.answers_of(found))
    provider_own = user_can(request.user, roles.VIEW, found.provider_id)
    suggestions = (
        {} if provider_own else suggestions_for_answers(provider=found.provider, answers=answers)
    )
    data = assessment_as_dict(found)
    graph = mapping.current_graph()
    data["answers"] = [answer_as_dict(a, suggestions.get(a.pk, []), graph) for a in answers]
    actions = [
        action_as_dict(a) for a in sel.actions_for_assessment(user=request.user, assessment=found)
    ]
    data["actions"] = actions
    data["open_actions"] = sum(1 for a in actions if a["status"] != ActionItem.Status.DONE)
    data["overdue_actions"] = sum(1 for a in actions if a["overdue"])
    return data


@router.get(
    "/assessments/returns/{pk}/compare",
    summary="A return compared with the provider's last earlier one, requirement by requirement",
)
def returns_compare(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = sel.assessment_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    rows = comparison_rows(found)
    return {
        **assessment_as_dict(found),
        "changes": comparison_counts(rows),
        "requirements": [
            {
                "requirement": row.answer.key,
                "rating": row.answer.rating or None,
                "carried_forward": row.answer.origin == Answer.Origin.CARRIED,
                "previous": {
                    "rating": row.previous.rating or None,
                    "return": row.previous.assessment_id,
                    "round_title": row.previous.assessment.round.title,
                    "submitted_at": row.previous.assessment.submitted_at.isoformat()
                    if row.previous.assessment.submitted_at
                    else None,
                }
                if row.previous
                else None,
                "change": row.change,
            }
            for row in rows
        ],
    }


@router.post("/assessments/answers/{pk}", summary="Save a draft answer (names the version read)")
def answers_save(request: HttpRequest, pk: int, payload: AnswerIn) -> dict[str, Any]:
    answer = _answer(request, pk)
    _provider_side(request, answer.assessment.provider_id)
    try:
        saved = answer_save(
            actor=request.user,
            answer=answer,
            expected_version=payload.version,
            rating=payload.rating,
            narrative=payload.narrative,
            links=payload.links,
        )
    except StaleAnswer as exc:
        raise HttpError(409, exc.messages[0]) from exc
    return answer_as_dict(saved)


@router.post("/assessments/returns/{pk}/submit", summary="Submit a return (locks it)")
def returns_submit(request: HttpRequest, pk: int, payload: SubmitIn) -> dict[str, Any]:
    found = sel.assessment_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    _provider_side(request, found.provider_id)
    return assessment_as_dict(
        assessment_submit(actor=request.user, assessment=found, declared=payload.declared)
    )


@router.post("/assessments/answers/{pk}/moderation", summary="Accept, challenge or close")
def answers_moderate(request: HttpRequest, pk: int, payload: ModerationIn) -> dict[str, Any]:
    answer = _answer(request, pk)
    if not user_can(request.user, roles.ASSESSMENT_MODERATE, answer.assessment.round.owner_id):
        raise HttpError(403, "Only the round owner's QA officers moderate")
    answer_moderate(
        actor=request.user, answer=answer, decision=payload.decision, comment=payload.comment
    )
    answer.refresh_from_db()
    return answer_as_dict(answer)


@router.post("/assessments/answers/{pk}/response", summary="Respond to a challenge")
def answers_respond(request: HttpRequest, pk: int, payload: ResponseIn) -> dict[str, Any]:
    answer = _answer(request, pk)
    _provider_side(request, answer.assessment.provider_id)
    try:
        answer_respond(
            actor=request.user,
            answer=answer,
            comment=payload.comment,
            expected_version=payload.version,
            rating=payload.rating,
            narrative=payload.narrative,
            files=decoded(payload.evidence),
        )
    except StaleAnswer as exc:
        raise HttpError(409, exc.messages[0]) from exc
    answer.refresh_from_db()
    return answer_as_dict(answer)


@router.get(
    "/assessments/answers/{pk}/evidence",
    response=list[dict[str, Any]],
    summary="The evidence files on an answer",
)
@paginated
def answers_evidence(request: HttpRequest, pk: int) -> Rows:
    return Rows(_answer(request, pk).evidence.order_by("pk"), each=evidence_as_dict)


@router.post(
    "/assessments/answers/{pk}/evidence",
    response={201: dict},
    summary="Add an evidence file (base64) to a draft answer (names the version read)",
)
def answers_evidence_add(request: HttpRequest, pk: int, payload: EvidenceIn) -> Status:
    answer = _answer(request, pk)
    _provider_side(request, answer.assessment.provider_id)
    try:
        saved = answer_evidence_add(
            actor=request.user,
            answer=answer,
            expected_version=payload.version,
            files=decoded([payload]),
        )
    except StaleAnswer as exc:
        raise HttpError(409, exc.messages[0]) from exc
    return Status(201, answer_as_dict(saved))


@router.post(
    "/assessments/answers/{pk}/evidence/{evidence_id}/remove",
    summary="Take an evidence file off a draft answer (deleted when nothing else gives it)",
)
def answers_evidence_remove(
    request: HttpRequest, pk: int, evidence_id: int, payload: EvidenceRemoveIn
) -> dict[str, Any]:
    answer = _answer(request, pk)
    if not answer.evidence.filter(pk=evidence_id).exists():
        raise HttpError(404, "Not found")
    _provider_side(request, answer.assessment.provider_id)
    try:
        saved = answer_evidence_remove(
            actor=request.user,
            answer=answer,
            expected_version=payload.version,
            evidence_ids=[evidence_id],
        )
    except StaleAnswer as exc:
        raise HttpError(409, exc.messages[0]) from exc
    return answer_as_dict(saved)


@router.get(
    "/assessments/evidence/{pk}",
    summary="Download an evidence file",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The file, as an attachment"}}},
)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = sel.evidence_get(user=request.user, pk=pk)
    if evidence is None:
        raise HttpError(404, "Not found")
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise HttpError(404, "Not found") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/assessments/answers/{pk}/actions", response={201: dict}, summary="Add an action")
def answers_action(request: HttpRequest, pk: int, payload: ActionIn) -> Status:
    answer = _answer(request, pk)
    _provider_side(request, answer.assessment.provider_id)
    action = action_create(
        actor=request.user,
        answer=answer,
        description=payload.description,
        owner_name=payload.owner_name,
        due_date=payload.due_date,
    )
    return Status(201, action_as_dict(action))


@router.post("/assessments/actions/{pk}", summary="Update an action's status")
def actions_update(request: HttpRequest, pk: int, payload: ActionUpdateIn) -> dict[str, Any]:
    action = sel.action_get(user=request.user, pk=pk)
    if action is None:
        raise HttpError(404, "Not found")
    _provider_side(request, action.provider_id)
    return action_as_dict(
        action_update(
            actor=request.user,
            action=action,
            status=payload.status,
            due_date=payload.due_date,
            owner_name=payload.owner_name,
        )
    )


@router.get("/assessments/providers/{slug}", summary="A provider's status per framework")
def providers_status(request: HttpRequest, slug: str) -> dict[str, Any]:
    provider = sel.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise HttpError(404, "Not found")
    statement = sel.statement_of_provider(provider=provider)
    return {
        "provider": provider.slug,
        "frameworks": sel.provider_status(provider=provider),
        "child_safeguarding_statement": statement_as_dict(statement) if statement else None,
    }


@router.get(
    "/assessments/providers/{slug}/answers",
    response=list[dict[str, Any]],
    summary="A provider's latest answers to one framework, whichever they were given under",
)
@paginated
def providers_answers(request: HttpRequest, slug: str, framework: str) -> list[dict[str, Any]]:
    provider = sel.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise HttpError(404, "Not found")
    version = (
        FrameworkVersion.objects.filter(framework__slug=framework, is_current=True)
        .select_related("framework")
        .first()
    )
    if version is None:
        raise HttpError(422, f"No framework {framework[:40]}")
    return [
        {
            "requirement": f"{framework} {row.requirement.ref}",
            "rating": row.answer.rating if row.answer else None,
            "given_under": row.given_under or None,
            "through": row.through or None,
            "cover": row.extent or "direct",
            "submitted_at": row.answer.assessment.submitted_at.isoformat()
            if row.answer and row.answer.assessment.submitted_at
            else None,
        }
        for row in latest_answers(provider=provider, version=version)
    ]


@router.post(
    "/assessments/providers/{slug}/statement",
    response={201: dict},
    summary="Record the provider's Child Safeguarding Statement",
)
def providers_statement(request: HttpRequest, slug: str, payload: StatementIn) -> Status:
    provider = sel.provider_get(user=request.user, slug=slug)
    if provider is None:
        raise HttpError(404, "Not found")
    _provider_side(request, provider.pk)
    statement = statement_record(
        actor=request.user,
        provider=provider,
        summary=payload.summary,
        signed_off_by=payload.signed_off_by,
        approved_on=payload.approved_on,
        review_date=payload.review_date,
        file=decoded([payload.file])[0] if payload.file else None,
    )
    return Status(201, {"id": statement.pk, **statement_as_dict(statement)})
