from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safecom.audit.models import AuditEvent
from safecom.contracts.models import Contract
from safecom.contracts.services import contract_change_stage, contract_create, contract_update
from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import (
    CommissionerFactory,
    PartnershipFactory,
    ProviderFactory,
)

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
    area = PartnershipFactory()
    contract = contract_create(
        actor=None,
        commissioner=CommissionerFactory(partnerships=[area]),
        provider=ProviderFactory(partnerships=[area]),
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


def test_a_provider_outside_the_commissioners_areas_is_refused() -> None:
    commissioner = CommissionerFactory(partnerships=[PartnershipFactory()])
    elsewhere = ProviderFactory(partnerships=[PartnershipFactory()])
    with pytest.raises(ValidationError, match=r"not a provider in .* partnership areas"):
        contract_create(
            actor=None,
            commissioner=commissioner,
            provider=elsewhere,
            reference="X-1",
            title="Service",
            client_group="children",
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", Decimal("1e20"), "below £1,000,000,000,000"),
        ("value", Decimal("10.001"), "pounds and pence"),
        ("title", "x" * 201, "200 characters or fewer"),
        ("reference", "R\x00", "null character"),
    ],
)
def test_out_of_range_input_is_refused_with_its_reason(field, value, message) -> None:  # type: ignore[no-untyped-def]
    contract = ContractFactory()
    with pytest.raises(ValidationError, match=message):
        contract_update(actor=None, contract=contract, **{field: value})


def test_an_edit_does_not_put_back_a_stage_moved_meanwhile() -> None:
    contract = ContractFactory(stage="planning")
    stale = Contract.objects.get(pk=contract.pk)
    contract_change_stage(actor=None, contract=contract, to_stage="tender")
    contract_update(actor=None, contract=stale, title="Renamed")
    contract.refresh_from_db()
    assert (contract.stage, contract.title) == ("tender", "Renamed")
