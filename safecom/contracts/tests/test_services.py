from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safecom.audit.models import AuditEvent
from safecom.contracts.models import Contract
from safecom.contracts.services import contract_change_stage, contract_create, contract_update
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import CommissionerFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_create_checks_everything_and_writes_nothing_when_wrong() -> None:
    provider = ProviderFactory()
    with pytest.raises(ValidationError) as caught:
        contract_create(
            actor=None,
            commissioner=provider,
            provider=provider,
            reference=" ",
            title="",
            client_group="pets",
            value=Decimal("-1"),
            start_date=dt.date(2027, 1, 1),
            end_date=dt.date(2026, 1, 1),
        )
    assert set(caught.value.message_dict) == {
        "commissioner",
        "reference",
        "title",
        "client_group",
        "value",
        "end_date",
    }
    assert Contract.objects.count() == 0


def test_create_records_first_stage_and_audit() -> None:
    contract = contract_create(
        actor=None,
        commissioner=CommissionerFactory(),
        provider=ProviderFactory(),
        reference="A-1",
        title="Service",
        client_group="both",
    )
    assert [(c.from_stage, c.to_stage) for c in contract.stage_changes.all()] == [("", "planning")]
    assert AuditEvent.objects.filter(action="contract.created", object_id=str(contract.pk)).exists()


def test_duplicate_reference_for_the_same_commissioner_is_refused() -> None:
    existing = ContractFactory(reference="DUP-1")
    with pytest.raises(ValidationError, match="already has a contract with reference DUP-1"):
        contract_create(
            actor=None,
            commissioner=existing.commissioner,
            provider=existing.provider,
            reference="DUP-1",
            title="Again",
            client_group="children",
        )


def test_stage_history_and_reasons() -> None:
    contract = ContractFactory(stage="tender")
    contract_change_stage(actor=None, contract=contract, to_stage="awarded")
    with pytest.raises(ValidationError, match="Say why"):
        contract_change_stage(actor=None, contract=contract, to_stage="tender")
    contract_change_stage(
        actor=None, contract=contract, to_stage="tender", reason="Award withdrawn"
    )
    contract.refresh_from_db()
    assert contract.stage == "tender"
    assert [c.reason for c in contract.stage_changes.all()] == ["", "Award withdrawn"]
    with pytest.raises(ValidationError, match="cannot move to live"):
        contract_change_stage(actor=None, contract=contract, to_stage="live")


def test_update_audits_only_real_changes() -> None:
    contract = ContractFactory(title="Old title")
    contract_update(actor=None, contract=contract, title="Old title")
    assert not AuditEvent.objects.filter(action="contract.updated").exists()
    contract_update(actor=None, contract=contract, title="New title")
    event = AuditEvent.objects.get(action="contract.updated")
    assert event.changes == {"title": ["Old title", "New title"]}
    with pytest.raises(ValidationError):
        contract_update(actor=None, contract=contract, stage="live")
