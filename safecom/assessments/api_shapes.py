"""The self-assessment API's shapes: what each operation takes (schemas) and gives (dicts)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field

from safecom.assessments import mapping
from safecom.assessments import selectors as sel
from safecom.assessments.models import ActionItem, Answer, Assessment, EvidenceFile, Round
from safecom.core.schemas import InputSchema
from safecom.rules import assessments as rules


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
    file: FileIn | None = Field(None, description="the signed statement, base64-encoded")


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


def statement_as_dict(statement: Any) -> dict[str, Any]:
    return {
        "approved_on": statement.approved_on.isoformat(),
        "review_date": statement.review_date.isoformat(),
        "in_date": rules.bscp_1_statement_in_date(
            review_date=statement.review_date, today=sel.today()
        ),
        "signed_off_by": statement.signed_off_by,
        "file": evidence_as_dict(statement.evidence) if statement.evidence else None,
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
