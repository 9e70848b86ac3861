"""The contract side of the pre-engagement gate: its setting and the manual clause confirmation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safecom.audit.models import AuditEvent
from safecom.contracts.models import ClauseConfirmation
from safecom.contracts.services import contract_clause_confirm, contract_gate_settings
from safecom.contracts.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_gate_at_award_is_audited_only_when_it_changes() -> None:
    contract = ContractFactory()
    contract_gate_settings(actor=None, contract=contract, gate_at_award=False)
    assert not AuditEvent.objects.filter(action="contract.gate_settings_changed").exists()
    contract_gate_settings(actor=None, contract=contract, gate_at_award=True)
    contract.refresh_from_db()
    assert contract.gate_at_award
    event = AuditEvent.objects.get(action="contract.gate_settings_changed")
    assert event.changes == {"gate_at_award": [False, True]}


@pytest.mark.parametrize(
    ("reason", "message"),
    [("ok", "Say how you confirmed it"), ("x" * 2001, "2,000 characters"), ("a\x00b" * 5, "null")],
)
def test_a_clause_confirmation_needs_a_real_reason(reason: str, message: str) -> None:
    contract = ContractFactory()
    with pytest.raises(ValidationError, match=message):
        contract_clause_confirm(actor=None, contract=contract, reason=reason)
    assert not ClauseConfirmation.objects.exists()


def test_a_clause_confirmation_is_kept_with_who_and_why() -> None:
    contract = ContractFactory()
    confirmation = contract_clause_confirm(
        actor=None, contract=contract, reason="  Read clause 14: every element is there.  "
    )
    assert confirmation.reason == "Read clause 14: every element is there."
    assert AuditEvent.objects.filter(
        action="contract.clause_confirmed", reason=confirmation.reason
    ).exists()
