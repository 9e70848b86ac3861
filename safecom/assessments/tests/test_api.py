"""The self-assessment API: answering with the lock, moderating, and reading across frameworks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safecom.assessments.tests.factories import StatementFactory, answer_all, open_round, submit
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import CommissionerFactory

pytestmark = pytest.mark.django_db


def _json(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_answer_submit_and_moderate_through_the_api(world: Any) -> None:
    lead, qa = Client(), Client()
    lead.force_login(world.users["provider_lead"])
    qa.force_login(world.users["qa_officer"])
    opened = _json(
        qa,
        "/api/assessments/rounds",
        {
            "owner": world.commissioner_a.slug,
            "title": "Tender self-assessment",
            "frameworks": ["chscp"],
            "due_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "interval": "at_tender",
            "providers": [world.provider_a.slug],
        },
    )
    assert opened.status_code == 201, opened.json()
    assessment_id = opened.json()["assessments"][0]["id"]
    detail = lead.get(f"/api/assessments/returns/{assessment_id}").json()
    first = detail["answers"][0]
    saved = _json(
        lead,
        f"/api/assessments/answers/{first['id']}",
        {"version": first["version"], "rating": "met", "narrative": "Done at tender."},
    )
    assert saved.status_code == 200 and saved.json()["version"] == first["version"] + 1
    stale = _json(
        lead,
        f"/api/assessments/answers/{first['id']}",
        {"version": first["version"], "rating": "not_met", "narrative": "Older copy."},
    )
    assert stale.status_code == 409 and "since you opened it" in stale.json()["detail"]
    for a in detail["answers"][1:]:
        _json(
            lead,
            f"/api/assessments/answers/{a['id']}",
            {"version": a["version"], "rating": "not_applicable", "narrative": "Not for us."},
        )
    refused = _json(lead, f"/api/assessments/returns/{assessment_id}/submit", {"declared": False})
    assert refused.status_code == 422 and "declared" in refused.json()["errors"]
    assert (
        _json(
            lead, f"/api/assessments/returns/{assessment_id}/submit", {"declared": True}
        ).status_code
        == 200
    )
    challenged = _json(
        qa,
        f"/api/assessments/answers/{first['id']}/moderation",
        {"decision": "challenge", "comment": "Attach the tender return."},
    )
    assert challenged.json()["moderation"] == "challenged"
    version = challenged.json()["version"]
    responded = _json(
        lead,
        f"/api/assessments/answers/{first['id']}/response",
        {"version": version, "comment": "Attached to the tender portal."},
    )
    assert responded.json()["moderation"] == "responded"
    # A provider cannot moderate its own return; the QA officer cannot answer for it.
    assert (
        _json(
            lead, f"/api/assessments/answers/{first['id']}/moderation", {"decision": "close"}
        ).status_code
        == 403
    )
    assert (
        _json(qa, f"/api/assessments/answers/{first['id']}", {"version": version + 1}).status_code
        == 403
    )


def test_a_commissioner_reads_its_framework_whichever_framework_was_answered(world: Any) -> None:
    bromley = CommissionerFactory(partnerships=[world.partnership_a])
    ContractFactory(commissioner=bromley, provider=world.provider_a)
    bscp = open_round(
        owner=bromley, providers=[world.provider_a], frameworks=("bscp",)
    ).assessments.get()
    answer_all(bscp, "met")
    StatementFactory(provider=world.provider_a)
    submit(bscp)
    client = Client()
    client.force_login(world.users["commissioner"])  # riverside's, under CHSCP
    rows = client.get(
        f"/api/assessments/providers/{world.provider_a.slug}/answers?framework=chscp&limit=500"
    ).json()["items"]
    by_ref = {r["requirement"]: r for r in rows}
    assert by_ref["chscp 4"]["given_under"] == "bscp 4" and by_ref["chscp 4"]["cover"] == "full"
    assert by_ref["chscp 1"]["given_under"] == "bscp 1" and by_ref["chscp 1"]["rating"] == "met"
    # The return itself belongs to the other commissioner's round: not theirs to open.
    assert client.get(f"/api/assessments/returns/{bscp.pk}").status_code == 404
    page = client.get(f"/assessments/providers/{world.provider_a.slug}/?framework=chscp")
    assert "bscp 4" in page.content.decode()
    status = client.get(f"/api/assessments/providers/{world.provider_a.slug}").json()
    assert [f["framework"] for f in status["frameworks"]] == ["bscp"]
    assert status["child_safeguarding_statement"]["signed_off_by"] == "Chair of trustees"


def test_rounds_name_only_the_owners_providers(world: Any) -> None:
    client = Client()
    client.force_login(world.users["commissioner"])
    response = _json(
        client,
        "/api/assessments/rounds",
        {
            "owner": world.commissioner_a.slug,
            "title": "Round",
            "frameworks": ["chscp"],
            "due_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
            "interval": "annual",
            "providers": [world.provider_b.slug],
        },
    )
    assert response.status_code == 422
    assert world.provider_b.name not in response.content.decode()
