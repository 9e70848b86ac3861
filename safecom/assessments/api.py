"""Self-assessment API: rounds, returns, answering (with the optimistic lock), moderation,
actions and the Child Safeguarding Statement. Everything answers only within the caller's
tenancy; an answer changed since it was read is refused with 409.

Evidence files travel as base64 in JSON, as in the documents API (decision 38): every
operation here takes JSON, and the request limit (5 MB) allows files of about 3.7 MB; larger
ones go through the answer page."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest
from ninja import Field, Router, Status
from ninja.errors import HttpError

from safecom.accounts import roles
from safecom.accounts.tenancy import user_can
from safecom.assessments import mapping
from safecom.assessments import selectors as sel
from safecom.assessments.declared import suggestions_for_answers
from safecom.assessments.models import ActionItem, Answer, Assessment, EvidenceFile, Round
from safecom.assessments.selectors_history import latest_answers
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
from safecom.core.schemas import InputSchema
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion

router = Router(tags=["assessments"])


class RoundIn(InputSchema):
    owner: str = Field(max_length=80, description="slug of the partnership or commissioner")
    title: str = Field(max_length=200)
    frameworks: list[str] = Field(max_length=10, description="framework ids, e.g. chscp")
    due_date: dt.date
    interval: str = Field(max_length=12, description="annual, two_yearly or at_tender")
    providers: list[str] = Field(default_factory=list, max_length=500)
    contracts: list[int] = Field(default_factory=list, max_length=500)
    kinds: list[str] = Field(default_factory=list, max_length=6)


class AnswerIn(InputSchema):
    version: int = Field(ge=1, description="the version you read; a stale one is refused (409)")
    rating: str = Field("", max_length=16)
    narrative: str = Field("", max_length=20000)
    links: list[str] = Field(default_factory=list, max_length=10)


# The request body is capped at 5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE): about 3.7 MB of file.
MAX_BASE64 = 7 * 1024 * 1024


class FileIn(InputSchema):
    name: str = Field(max_length=1000, description="the file's name, with its extension")
    content_base64: str = Field(max_length=MAX_BASE64, description="the file, base64-encoded")


class EvidenceIn(FileIn):
    version: int = Field(ge=1, description="the answer's version you read (409 if stale)")


class EvidenceRemoveIn(InputSchema):
    version: int = Field(ge=1, description="the answer's version you read (409 if stale)")


class SubmitIn(InputSchema):
    declared: bool = Field(description="every answer reviewed, carried and mapped ones too")


class ModerationIn(InputSchema):
    decision: str = Field(max_length=10, description="accept, challenge or close")
    comment: str = Field("", max_length=5000)


class ResponseIn(InputSchema):
    version: int = Field(ge=1)
    comment: str = Field(max_length=5000)
    rating: str | None = Field(None, max_length=16)
    narrative: str | None = Field(None, max_length=20000)
    evidence: list[FileIn] = Field(default_factory=list, max_length=5)


class ActionIn(InputSchema):
    description: str = Field(max_length=2000)
    owner_name: str = Field(max_length=120)
    due_date: dt.date


class ActionUpdateIn(InputSchema):
    status: str = Field(max_length=12)
    due_date: dt.date | None = None
    owner_name: str | None = Field(None, max_length=120)


class StatementIn(InputSchema):
    summary: str = Field(max_length=5000)
    signed_off_by: str = Field(max_length=150)
    approved_on: dt.date
    review_date: dt.date


def round_as_dict(r: Round) -> dict[str, Any]:
    return {
        "id": r.pk,
        "title": r.title,
        "owner": r.owner.slug,
        "frameworks": [f"{v.framework.slug} {v.version}" for v in r.frameworks.all()],
        "kinds": r.kinds,
        "due_date": r.due_date.isoformat(),
        "interval": r.interval,
        "opened_at": r.opened_at.isoformat(),
    }


def evidence_as_dict(e: EvidenceFile) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.name,
        "kind": e.kind,
        "content_type": e.content_type,
        "size": e.size,
        "sha256": e.sha256,
        "uploaded_at": e.uploaded_at.isoformat(),
        "download": f"/api/assessments/evidence/{e.pk}",
    }


def decoded(files: list[FileIn]) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file; content that is not base64 is refused, naming the file."""
    out, bad = [], []
    for f in files:
        try:
            out.append((f.name, base64.b64decode("".join(f.content_base64.split()), validate=True)))
        except (binascii.Error, ValueError):
            bad.append(f"{f.name[:80]}: the content is not valid base64.")
    if bad:
        raise ValidationError({"content_base64": bad})
    return out


def covers_as_list(a: Answer, graph: mapping.Graph | None = None) -> list[dict[str, Any]]:
    """What the answer also satisfies (full) or partly covers, under other frameworks."""
    return [
        {"requirement": c.key, "cover": c.extent, "through": c.through or None}
        for c in mapping.covers(
            framework=a.requirement.framework_version.framework.slug,
            ref=a.requirement.ref,
            graph=graph,
        )
    ]


def answer_as_dict(
    a: Answer,
    suggestions: list[Any] = (),  # type: ignore[assignment]
    graph: mapping.Graph | None = None,
) -> dict[str, Any]:
    return {
        "id": a.pk,
        "requirement": a.key,
        "title": a.requirement.title,
        "question": a.requirement.question,
        "rating": a.rating or None,
        "narrative": a.narrative,
        "links": a.links,
        "evidence": [evidence_as_dict(e) for e in a.evidence.all()],
        "origin": a.origin or None,
        "given_under": a.source.key if a.origin == Answer.Origin.MAPPED and a.source else None,
        "also_covers": covers_as_list(a, graph),
        "version": a.version,
        "moderation": a.moderation or None,
        "suggested_challenges": [
            {"check": s.check, "message": s.message, "figures": s.figures} for s in suggestions
        ],
    }


def assessment_as_dict(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "round": a.round_id,
        "round_title": a.round.title,
        "owner": a.round.owner.slug,
        "provider": a.provider.slug,
        "status": a.status,
        "due_date": a.round.due_date.isoformat(),
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
    }


def action_as_dict(a: ActionItem) -> dict[str, Any]:
    return {
        "id": a.pk,
        "answer": a.answer_id,
        "requirement": f"{a.framework_slug} {a.ref}",
        "description": a.description,
        "owner_name": a.owner_name,
        "due_date": a.due_date.isoformat(),
        "status": a.status,
        "overdue": sel.is_overdue(a),
    }


def _answer(request: HttpRequest, pk: int) -> Answer:
    found = sel.answer_get(user=request.user, pk=pk)
    if found is None:
        raise HttpError(404, "Not found")
    return found


def _provider_side(request: HttpRequest, provider_id: int) -> None:
    if not user_can(request.user, roles.ASSESSMENT_ANSWER, provider_id):
        raise HttpError(403, "Only the provider's safeguarding lead can do this")


@router.get("/assessments/rounds", summary="Self-assessment rounds you opened or oversee")
def rounds_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [round_as_dict(r) for r in sel.round_list(user=request.user)]


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


@router.get("/assessments/returns", summary="Returns you may see")
def returns_list(
    request: HttpRequest, provider: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    qs = sel.assessment_list(user=request.user, provider_slug=provider, status=status)
    return [assessment_as_dict(a) for a in qs]


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
    data["actions"] = [
        action_as_dict(a)
        for a in sel.action_list(user=request.user).filter(answer__assessment=found)
    ]
    return data


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


@router.get("/assessments/answers/{pk}/evidence", summary="The evidence files on an answer")
def answers_evidence(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [evidence_as_dict(e) for e in _answer(request, pk).evidence.all()]


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
        "child_safeguarding_statement": (
            {
                "approved_on": statement.approved_on.isoformat(),
                "review_date": statement.review_date.isoformat(),
                "signed_off_by": statement.signed_off_by,
            }
            if statement
            else None
        ),
    }


@router.get(
    "/assessments/providers/{slug}/answers",
    summary="A provider's latest answers to one framework, whichever they were given under",
)
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
    )
    return Status(
        201,
        {
            "id": statement.pk,
            "approved_on": statement.approved_on.isoformat(),
            "review_date": statement.review_date.isoformat(),
        },
    )
