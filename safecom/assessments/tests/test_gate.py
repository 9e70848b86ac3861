"""The pre-engagement gate: it blocks and unblocks a contract for the right reasons."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from safecom.assessments import integrations
from safecom.assessments.gate import contract_gate
from safecom.assessments.models import Assessment
from safecom.assessments.tests.factories import (
    StatementFactory,
    answer_all,
    current,
    open_round,
    submit,
)
from safecom.audit.models import AuditEvent
from safecom.contracts.models import GateOverride
from safecom.contracts.services import contract_change_stage, contract_clause_confirm

pytestmark = pytest.mark.django_db


def _contract(
    world: Any, stage: str = "mobilising", frameworks: tuple[str, ...] = ("chscp",)
) -> Any:
    contract = world.contract_a
    contract.stage = stage
    contract.save()
    contract.frameworks.set([current(s) for s in frameworks])
    return contract


def _submit_for(world: Any, frameworks: tuple[str, ...] = ("chscp",)) -> Assessment:
    assessment = open_round(
        owner=world.commissioner_a, providers=[world.provider_a], frameworks=frameworks, kinds=()
    ).assessments.get()
    answer_all(assessment, "met")
    return submit(assessment)


def _failed(contract: Any) -> dict[str, str]:
    return {c.name: c.detail for c in contract_gate(contract=contract).conditions if not c.passed}


def test_the_gate_blocks_live_until_every_condition_passes_then_unblocks(
    world: Any, data: Any
) -> None:
    contract = _contract(world)
    data.holders = {"dsl": None, "deputy_dsl": "Ali Khan"}
    with pytest.raises(ValidationError) as caught:
        contract_change_stage(actor=None, contract=contract, to_stage="live")
    message = caught.value.message_dict["to_stage"][0]
    assert "pre-engagement gate is not passed" in message
    assert "CHSCP: no self-assessment submitted" in message
    assert "vacant" in message
    assert set(_failed(contract)) == {
        "Self-assessment submitted and in date",
        "Safeguarding clause check has every element met",
        "A designated safeguarding lead is named",
    }
    _submit_for(world)
    data.holders = {"dsl": "Sam Wright"}
    assert set(_failed(contract)) == {"Safeguarding clause check has every element met"}
    contract_clause_confirm(
        actor=world.users["commissioner"], contract=contract, reason="Read clause 14: all there."
    )
    gate = contract_gate(contract=contract)
    assert gate.passed, gate.conditions
    assert "confirmed by" in gate.conditions[1].detail
    contract_change_stage(actor=None, contract=contract, to_stage="live")
    contract.refresh_from_db()
    assert contract.stage == "live"


def test_a_clause_check_counts_over_a_manual_confirmation(world: Any, data: Any) -> None:
    contract = _contract(world)
    _submit_for(world)
    contract_clause_confirm(actor=None, contract=contract, reason="Looked at it by hand.")
    data.clause = integrations.ClauseCheck(
        available=True,
        exists=True,
        all_met=False,
        checked_at=timezone.now(),
        unmet_refs=("chscp 2.4",),
        summary="9 of 10 elements",
    )
    failed = _failed(contract)
    assert "chscp 2.4" in failed["Safeguarding clause check has every element met"]
    data.clause = integrations.ClauseCheck(
        available=True, exists=True, all_met=True, checked_at=timezone.now()
    )
    assert contract_gate(contract=contract).passed


def test_an_out_of_date_self_assessment_blocks(world: Any, data: Any) -> None:
    contract = _contract(world)
    contract_clause_confirm(actor=None, contract=contract, reason="Read clause 14: all there.")
    assessment = _submit_for(world)
    Assessment.objects.filter(pk=assessment.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=400)
    )
    detail = _failed(contract)["Self-assessment submitted and in date"]
    assert "out of date since" in detail


def test_every_framework_of_the_contract_needs_its_return_and_bscp_its_statement(
    world: Any, data: Any
) -> None:
    contract = _contract(world, frameworks=("chscp", "bscp"))
    contract_clause_confirm(actor=None, contract=contract, reason="Read clause 14: all there.")
    _submit_for(world, ("chscp",))
    failed = _failed(contract)
    assert "BSCP: no self-assessment submitted" in failed["Self-assessment submitted and in date"]
    assert "No Child Safeguarding Statement" in failed["Child Safeguarding Statement in date"]
    StatementFactory(provider=world.provider_a)
    _submit_for(world, ("bscp",))
    assert contract_gate(contract=contract).passed


def test_the_award_is_gated_only_where_the_commissioner_chooses(world: Any, data: Any) -> None:
    contract = _contract(world, stage="tender")
    contract_change_stage(actor=None, contract=contract, to_stage="awarded")
    contract_change_stage(actor=None, contract=contract, to_stage="tender", reason="Re-run")
    contract.gate_at_award = True
    contract.save()
    with pytest.raises(ValidationError, match="cannot move to awarded"):
        contract_change_stage(actor=None, contract=contract, to_stage="awarded")


def test_an_override_needs_the_permission_and_a_reason_and_is_recorded(
    world: Any, data: Any
) -> None:
    contract = _contract(world)
    with pytest.raises(ValidationError, match="Only a commissioner who may override"):
        contract_change_stage(
            actor=world.users["qa_officer"],
            contract=contract,
            to_stage="live",
            override_reason="Urgent placement",
        )
    contract_change_stage(
        actor=world.users["commissioner"],
        contract=contract,
        to_stage="live",
        override_reason="Emergency placement; self-assessment due within 14 days.",
    )
    override = GateOverride.objects.get()
    assert override.overridden_by == world.users["commissioner"]
    assert {c["name"] for c in override.conditions if not c["passed"]} >= {
        "Self-assessment submitted and in date"
    }
    assert AuditEvent.objects.filter(action="contract.gate_overridden").exists()


def test_without_workforce_records_no_dsl_is_assumed(world: Any, data: Any) -> None:
    contract = _contract(world)
    data.holders = None
    assert "not available" in _failed(contract)["A designated safeguarding lead is named"]


def test_the_contract_page_api_and_command_line_show_the_gate(
    world: Any, data: Any, client: Any
) -> None:
    contract = _contract(world)
    client.force_login(world.users["commissioner"])
    page = client.get(f"/contracts/{contract.pk}/").content.decode()
    assert "Pre-engagement gate" in page and "Not passed" in page
    assert "Reason to override the pre-engagement gate" in page
    refused = client.post(f"/contracts/{contract.pk}/stage/", {"to_stage": "live"})
    assert (
        refused.status_code == 400
        and "pre-engagement gate is not passed" in refused.content.decode()
    )
    bad = client.post(f"/assessments/gate/{contract.pk}/clause/", {"reason": "ok"})
    assert bad.status_code == 400 and "Say how you confirmed it" in bad.content.decode()
    assert (
        client.post(
            f"/assessments/gate/{contract.pk}/clause/", {"reason": "Read clause 14: every element."}
        ).status_code
        == 302
    )
    data_api = client.get(f"/api/contracts/{contract.pk}/gate").json()
    assert data_api["contract"] == contract.pk and data_api["passed"] is False
    assert {c["name"] for c in data_api["conditions"]} >= {
        "A designated safeguarding lead is named"
    }
    out = StringIO()
    call_command("contracts", "gate", str(contract.pk), "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert set(printed) == {"contract", "passed", "conditions"}
    assert all(set(c) == {"name", "passed", "detail"} for c in printed["conditions"])
    assert printed["passed"] is False
    overridden = client.post(
        f"/contracts/{contract.pk}/stage/",
        {"to_stage": "live", "override_reason": "Emergency placement agreed by the director."},
    )
    assert overridden.status_code == 302
    assert "Emergency placement" in client.get(f"/contracts/{contract.pk}/").content.decode()
    client.force_login(world.users["qa_officer"])
    assert "Reason to override" not in client.get(f"/contracts/{contract.pk}/").content.decode()
