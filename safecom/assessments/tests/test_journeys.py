"""Journeys through the real pages on the demo portfolio, signing in as the demo users do:
a provider completes a round, a QA officer moderates it, actions follow, the next cycle
carries forward, the gate blocks and unblocks a contract, and CHSCP and BSCP are answered once."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safecom.assessments.demo import THIS_YEAR
from safecom.assessments.models import Answer, Assessment, Round
from safecom.contracts.models import Contract
from safecom.core.demo import DEMO_PASSWORD, demo_data_build
from safecom.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def _answer(assessment: Assessment, key: str) -> Answer:
    framework, ref = key.split()
    return assessment.answers.get(
        requirement__framework_version__framework__slug=framework, requirement__ref=ref
    )


def _demo_provider() -> Organisation:
    return Organisation.objects.get(memberships__user__username="provider.lead")


def _own_return() -> Assessment:
    return Assessment.objects.get(round__title=THIS_YEAR, provider=_demo_provider())


def _provider_completes_the_round(lead: Client) -> Assessment:
    assessment = _own_return()
    home = lead.get("/assessments/").content.decode()
    assert THIS_YEAR in home and f"/assessments/returns/{assessment.pk}/" in home
    page = lead.get(f"/assessments/returns/{assessment.pk}/").content.decode()
    assert "Carried forward" in page and "Given under chscp" in page and "Overdue" in page
    refused = lead.post(f"/assessments/returns/{assessment.pk}/submit/", {})
    body = refused.content.decode()
    assert refused.status_code == 400 and "There is a problem" in body
    assert "bscp 1: choose a rating" in body and "Confirm you have reviewed every answer" in body

    # One answer for both partnerships: update chscp 5, and bscp 5 follows.
    chscp5 = _answer(assessment, "chscp 5")
    form = lead.get(f"/assessments/answers/{chscp5.pk}/").content.decode()
    assert "Also satisfies bscp 5" in form
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version, "the answer form carries its version"
    saved = lead.post(
        f"/assessments/answers/{chscp5.pk}/",
        {
            "version": version.group(1),
            "rating": "met",
            "narrative": "Safeguarding is item 2 at every monitoring meeting since April.",
            "links": "https://example.org/minutes",
        },
    )
    assert saved.status_code == 302
    bscp5 = _answer(assessment, "bscp 5")
    assert (bscp5.rating, bscp5.origin, bscp5.source_id) == ("met", "mapped", chscp5.pk)

    bscp1 = _answer(assessment, "bscp 1")
    upload = io.BytesIO(b"Child Safeguarding Statement, approved by the board.")
    upload.name = "statement.txt"
    saved = lead.post(
        f"/assessments/answers/{bscp1.pk}/",
        {
            "version": bscp1.version,
            "rating": "met",
            "narrative": "Self-assessment done in March; our statement is attached.",
            "evidence": upload,
        },
    )
    assert saved.status_code == 302
    assert _answer(assessment, "bscp 1").evidence.get().name == "statement.txt"
    done = lead.post(f"/assessments/returns/{assessment.pk}/submit/", {"declared": "on"})
    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    return assessment


def test_a_provider_completes_a_round_and_the_qa_officer_moderates_it() -> None:
    demo_data_build(scale="small")
    lead = _sign_in("provider.lead")
    assessment = _provider_completes_the_round(lead)

    qa = _sign_in("qa.officer")
    assert f"/assessments/returns/{assessment.pk}/" in qa.get("/assessments/").content.decode()
    chscp4 = _answer(assessment, "chscp 4")
    page = qa.get(f"/assessments/answers/{chscp4.pk}/").content.decode()
    assert "Your decision" in page and "Partly met" in page
    for a in assessment.answers.exclude(pk=chscp4.pk):
        assert (
            qa.post(f"/assessments/answers/{a.pk}/moderate/", {"decision": "accept"}).status_code
            == 302
        )
    qa.post(
        f"/assessments/answers/{chscp4.pk}/moderate/",
        {"decision": "challenge", "comment": "When will agency staff dates be on the record?"},
    )
    respond = lead.get(f"/assessments/answers/{chscp4.pk}/").content.decode()
    assert "When will agency staff dates be on the record?" in respond
    chscp4.refresh_from_db()
    assert (
        lead.post(
            f"/assessments/answers/{chscp4.pk}/respond/",
            {
                "version": chscp4.version,
                "comment": "By the end of next month; the action is on the plan.",
                "rating": "partly_met",
                "narrative": chscp4.narrative,
            },
        ).status_code
        == 302
    )
    assert (
        qa.post(
            f"/assessments/answers/{chscp4.pk}/moderate/",
            {"decision": "close", "comment": "Agreed."},
        ).status_code
        == 302
    )
    assessment.refresh_from_db()
    assert assessment.status == "moderated"
    history = qa.get(f"/assessments/answers/{chscp4.pk}/").content.decode()
    assert history.count("Grace Okafor") >= 2 and "Sam Wright" in history

    # Actions follow: the overdue one is shown, and the provider marks it done.
    actions = lead.get("/assessments/actions/").content.decode()
    assert "Overdue" in actions
    action = chscp4.actions.first() or assessment.answers.get(pk=chscp4.pk).actions.first()
    assert action is not None
    assert (
        lead.post(
            f"/assessments/actions/{action.pk}/", {"status": "done", "next": "actions"}
        ).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == "done" and action.completed_at is not None

    # The next cycle carries forward what was accepted, and compares.
    commissioner = _sign_in("commissioner")
    form = commissioner.get("/assessments/rounds/new/").content.decode()
    assert "Open a self-assessment round" in form
    chosen = [str(v.pk) for v in Round.objects.get(title=THIS_YEAR).frameworks.all()]
    assert all(f'name="frameworks" value="{pk}"' in form for pk in chosen)
    bad = commissioner.post(
        "/assessments/rounds/new/",
        {
            "title": "Next year",
            "frameworks": chosen,
            "due_date": "31/02/2030",
            "interval": "annual",
        },
    )
    assert bad.status_code == 400 and "Enter the due date as day/month/year" in bad.content.decode()
    due = (timezone.localdate().replace(year=timezone.localdate().year + 1)).strftime("%d/%m/%Y")
    opened = commissioner.post(
        "/assessments/rounds/new/",
        {
            "title": "Riverside safeguarding self-assessment (next year)",
            "frameworks": chosen,
            "kinds": ["workforce_rule", "assurance_activity"],
            "due_date": due,
            "interval": "annual",
            "providers": [str(assessment.provider_id)],
        },
    )
    assert opened.status_code == 302, opened.content.decode()[:2000]
    following = Assessment.objects.get(round__title__endswith="(next year)")
    carried = _answer(following, "chscp 4")
    assert carried.origin == "carried" and carried.carried_from_id == chscp4.pk
    compare = lead.get(f"/assessments/returns/{following.pk}/compare/").content.decode()
    assert "compared with the last cycle" in compare and THIS_YEAR in compare


def test_the_gate_blocks_and_unblocks_a_contract_for_the_right_reasons(data: Any) -> None:
    demo_data_build(scale="small")
    provider = _demo_provider()
    contract = (
        Contract.objects.filter(commissioner__slug="riverside-council", provider=provider)
        .order_by("pk")
        .first()
    )
    assert contract is not None
    Contract.objects.filter(pk=contract.pk).update(stage="mobilising")
    data.holders = {"dsl": None}
    commissioner = _sign_in("commissioner")
    refused = commissioner.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "live"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "pre-engagement gate is not passed" in body
    assert "BSCP: no self-assessment submitted" in body and "vacant" in body

    _provider_completes_the_round(_sign_in("provider.lead"))
    data.holders = {"dsl": "Sam Wright"}
    page = commissioner.get(f"/contracts/{contract.pk}/").content.decode()
    assert "No clause check has been run" in page
    commissioner.post(
        f"/assessments/gate/{contract.pk}/clause/",
        {"reason": "Read clause 14 of the signed contract: all ten elements are there."},
    )
    assert "Passed" in commissioner.get(f"/contracts/{contract.pk}/").content.decode()
    moved = commissioner.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "live"})
    assert moved.status_code == 302
    contract.refresh_from_db()
    assert contract.stage == "live"
