"""Helpers shared by the reporting tests."""

from __future__ import annotations

from django.utils import timezone

from safecom.accounts.models import User
from safecom.assurance.services.allegations import allegation_record
from safecom.contracts.models import Contract


def log_allegation(contract: Contract) -> None:
    """An allegation recorded today against the contract by the demo commissioner, through
    the service (so with its audit event), as a person would."""
    allegation_record(
        actor=User.objects.get(username="commissioner"),
        contract=contract,
        made_on=timezone.localdate(),
        category="physical",
        subject_role="employee",
    )
