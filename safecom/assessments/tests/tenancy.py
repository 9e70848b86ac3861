"""Every self-assessment page and API operation, for the tenancy matrix test."""

from __future__ import annotations

import base64
import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from safecom.assessments.services import answer_moderate
from safecom.assessments.tests.factories import (
    ActionItemFactory,
    answer,
    answer_all,
    open_round,
    submit,
)
from safecom.core.tests.tenancy_support import ALL

OWNER_SIDE = {"partnership_admin", "commissioner", "qa_officer", "auditor"}
LEAD = {"provider_lead"}


def _objects(w: Any, s: str) -> Any:
    """A draft return (one question, answered, with a file and an action) and a submitted one
    (one answer awaiting moderation, one challenged) for side `s`, made once."""
    made = getattr(w, "assessments_" + s, None)
    if made is not None:
        return made
    owner, provider = getattr(w, "commissioner_" + s), getattr(w, "provider_" + s)
    draft = open_round(owner=owner, providers=[provider], kinds=()).assessments.get()
    draft_answer = draft.answers.get()
    answer(draft_answer, files=[("policy.txt", b"Our safeguarding policy, reviewed annually.")])
    draft_answer.refresh_from_db()
    action = ActionItemFactory(answer=draft_answer)
    done = open_round(owner=owner, providers=[provider], title="Earlier").assessments.get()
    answer_all(done)
    submit(done)
    pending, challenged = list(done.answers.order_by("pk"))[:2]
    answer_moderate(actor=None, answer=challenged, decision="challenge", comment="Show the record.")
    challenged.refresh_from_db()
    made = SimpleNamespace(
        round=draft.round,
        draft=draft,
        answer=draft_answer,
        evidence=draft_answer.evidence.get(),
        action=action,
        pending=pending,
        challenged=challenged,
    )
    setattr(w, "assessments_" + s, made)
    return made


def _o(w: Any, s: str) -> Any:
    return _objects(w, s)


def _later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


PAGES = {
    "assessments:home": ("get", lambda w, s: "/assessments/", ALL, 200),
    "assessments:round_new": (
        "get",
        lambda w, s: "/assessments/rounds/new/",
        {"partnership_admin", "commissioner", "qa_officer"},
        200,
    ),
    "assessments:round": (
        "get",
        lambda w, s: f"/assessments/rounds/{_o(w, s).round.pk}/",
        OWNER_SIDE,
        200,
    ),
    "assessments:assessment": (
        "get",
        lambda w, s: f"/assessments/returns/{_o(w, s).draft.pk}/",
        ALL,
        200,
    ),
    "assessments:submit": (
        "post",
        lambda w, s: f"/assessments/returns/{_o(w, s).draft.pk}/submit/",
        LEAD,
        400,  # the matrix posts no declaration: refused with a message
    ),
    "assessments:compare": (
        "get",
        lambda w, s: f"/assessments/returns/{_o(w, s).draft.pk}/compare/",
        ALL,
        200,
    ),
    "assessments:answer": (
        "get",
        lambda w, s: f"/assessments/answers/{_o(w, s).answer.pk}/",
        ALL,
        200,
    ),
    "assessments:moderate": (
        "post",
        lambda w, s: f"/assessments/answers/{_o(w, s).pending.pk}/moderate/",
        {"qa_officer"},
        400,
    ),
    "assessments:respond": (
        "post",
        lambda w, s: f"/assessments/answers/{_o(w, s).challenged.pk}/respond/",
        LEAD,
        400,
    ),
    "assessments:action_add": (
        "post",
        lambda w, s: f"/assessments/answers/{_o(w, s).answer.pk}/actions/",
        LEAD,
        400,
    ),
    "assessments:actions": ("get", lambda w, s: "/assessments/actions/", ALL, 200),
    "assessments:action_status": (
        "post",
        lambda w, s: f"/assessments/actions/{_o(w, s).action.pk}/",
        LEAD,
        400,
    ),
    "assessments:evidence": (
        "get",
        lambda w, s: f"/assessments/evidence/{_o(w, s).evidence.pk}/",
        ALL,
        200,
    ),
    "assessments:provider": (
        "get",
        lambda w, s: f"/assessments/providers/{getattr(w, 'provider_' + s).slug}/",
        ALL,
        200,
    ),
    "assessments:statement_new": (
        "get",
        lambda w, s: f"/assessments/providers/{getattr(w, 'provider_' + s).slug}/statement/",
        LEAD,
        200,
    ),
    "assessments:gate_settings": (
        "post",
        lambda w, s: f"/assessments/gate/{getattr(w, 'contract_' + s).pk}/settings/",
        {"commissioner"},
        302,
    ),
    "assessments:clause_confirm": (
        "post",
        lambda w, s: f"/assessments/gate/{getattr(w, 'contract_' + s).pk}/clause/",
        {"commissioner"},
        400,  # no reason given
    ),
}

API_OPS = {
    ("get", "/api/assessments/rounds"): (lambda w, s: "/api/assessments/rounds", ALL, 200, None),
    ("post", "/api/assessments/rounds"): (
        lambda w, s: "/api/assessments/rounds",
        {"commissioner", "qa_officer"},
        201,
        lambda w, s: {
            "owner": getattr(w, "commissioner_" + s).slug,
            "title": "Annual self-assessment",
            "frameworks": ["chscp"],
            "due_date": _later(30),
            "interval": "annual",
            "providers": [getattr(w, "provider_" + s).slug],
        },
    ),
    ("get", "/api/assessments/rounds/{pk}"): (
        lambda w, s: f"/api/assessments/rounds/{_o(w, s).round.pk}",
        OWNER_SIDE,
        200,
        None,
    ),
    ("get", "/api/assessments/returns"): (
        lambda w, s: "/api/assessments/returns",
        ALL,
        200,
        None,
    ),
    ("get", "/api/assessments/returns/{pk}"): (
        lambda w, s: f"/api/assessments/returns/{_o(w, s).draft.pk}",
        ALL,
        200,
        None,
    ),
    ("get", "/api/assessments/returns/{pk}/compare"): (
        lambda w, s: f"/api/assessments/returns/{_o(w, s).draft.pk}/compare",
        ALL,
        200,
        None,
    ),
    ("post", "/api/assessments/returns/{pk}/submit"): (
        lambda w, s: f"/api/assessments/returns/{_o(w, s).draft.pk}/submit",
        LEAD,
        200,
        lambda w, s: {"declared": True},
    ),
    ("post", "/api/assessments/answers/{pk}"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).answer.pk}",
        LEAD,
        200,
        lambda w, s: {
            "version": _o(w, s).answer.version,
            "rating": "partly_met",
            "narrative": "Mostly; the annual review is late.",
        },
    ),
    ("get", "/api/assessments/answers/{pk}/evidence"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).answer.pk}/evidence",
        ALL,
        200,
        None,
    ),
    ("post", "/api/assessments/answers/{pk}/evidence"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).answer.pk}/evidence",
        LEAD,
        201,
        lambda w, s: {
            "version": _o(w, s).answer.version,
            "name": "training-matrix.txt",
            "content_base64": base64.b64encode(b"Training matrix, March.").decode(),
        },
    ),
    ("post", "/api/assessments/answers/{pk}/evidence/{evidence_id}/remove"): (
        lambda w, s: (
            f"/api/assessments/answers/{_o(w, s).answer.pk}/evidence/{_o(w, s).evidence.pk}/remove"
        ),
        LEAD,
        200,
        lambda w, s: {"version": _o(w, s).answer.version},
    ),
    ("get", "/api/assessments/evidence/{pk}"): (
        lambda w, s: f"/api/assessments/evidence/{_o(w, s).evidence.pk}",
        ALL,
        200,
        None,
    ),
    ("post", "/api/assessments/answers/{pk}/moderation"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).pending.pk}/moderation",
        {"qa_officer"},
        200,
        lambda w, s: {"decision": "accept"},
    ),
    ("post", "/api/assessments/answers/{pk}/response"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).challenged.pk}/response",
        LEAD,
        200,
        lambda w, s: {"version": _o(w, s).challenged.version, "comment": "Record attached."},
    ),
    ("post", "/api/assessments/answers/{pk}/actions"): (
        lambda w, s: f"/api/assessments/answers/{_o(w, s).answer.pk}/actions",
        LEAD,
        201,
        lambda w, s: {
            "description": "Review the policy",
            "owner_name": "DSL",
            "due_date": _later(14),
        },
    ),
    ("post", "/api/assessments/actions/{pk}"): (
        lambda w, s: f"/api/assessments/actions/{_o(w, s).action.pk}",
        LEAD,
        200,
        lambda w, s: {"status": "done"},
    ),
    ("get", "/api/assessments/providers/{slug}"): (
        lambda w, s: f"/api/assessments/providers/{getattr(w, 'provider_' + s).slug}",
        ALL,
        200,
        None,
    ),
    ("get", "/api/assessments/providers/{slug}/answers"): (
        lambda w, s: (
            f"/api/assessments/providers/{getattr(w, 'provider_' + s).slug}/answers?framework=chscp"
        ),
        ALL,
        200,
        None,
    ),
    ("post", "/api/assessments/providers/{slug}/statement"): (
        lambda w, s: f"/api/assessments/providers/{getattr(w, 'provider_' + s).slug}/statement",
        LEAD,
        201,
        lambda w, s: {
            "summary": "How we keep children safe.",
            "signed_off_by": "Chair of trustees",
            "approved_on": _later(-10),
            "review_date": _later(300),
        },
    ),
}
