"""The provider's figures: each count moves when, and only when, its gap is there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safecom.contracts.tests.factories import ContractFactory
from safecom.organisations.tests.factories import CommissionerFactory, ProviderFactory
from safecom.workforce import selectors
from safecom.workforce.models import DbsRecheckPolicy
from safecom.workforce.tests.factories import (
    TODAY,
    NamedRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db


def _years_ago(years: int, days: int = 0) -> dt.date:
    return (
        TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=days)
        if not (TODAY.month == 2 and TODAY.day == 29)
        else dt.date(TODAY.year - years, 2, 28) - dt.timedelta(days=days)
    )


def test_summary_keys_are_exactly_those_of_the_cli():
    provider = ProviderFactory()
    summary = selectors.workforce_summary(provider=provider)
    assert tuple(summary) == selectors.SUMMARY_KEYS
    assert summary["staff"] == 0
    assert summary["training_coverage"] is None
    assert "dsl" in summary["named_roles_vacant"]


def test_each_gap_is_counted():
    provider = ProviderFactory()
    StaffMemberFactory(provider=provider)  # compliant, but untrained
    StaffMemberFactory(provider=provider, dbs_number="", dbs_number_last4="")
    StaffMemberFactory(provider=provider, dbs_current_from=_years_ago(3, days=5))
    StaffMemberFactory(provider=provider, dbs_current_from=_years_ago(3, days=-20))
    StaffMemberFactory(provider=provider, dbs_level="enhanced")
    StaffMemberFactory(provider=provider, references_received=1)
    StaffMemberFactory(
        provider=provider, references_received=1, single_reference_risk_assessed=True
    )
    StaffMemberFactory(
        provider=provider,
        right_to_work_type="time_limited",
        right_to_work_expires=TODAY - dt.timedelta(days=1),
    )
    StaffMemberFactory(provider=provider, worker_type="volunteer", right_to_work_type="")
    StaffMemberFactory(provider=provider, is_active=False, dbs_level="")
    summary = selectors.workforce_summary(provider=provider)
    assert summary["staff"] == 9
    assert summary["regulated_activity"] == 9
    assert summary["dbs_missing"] == 1
    assert summary["dbs_recheck_overdue"] == 1
    assert summary["dbs_recheck_due_60d"] == 1
    assert summary["barred_list_missing"] == 1
    assert summary["references_incomplete"] == 1
    assert summary["right_to_work_missing"] == 1
    assert summary["training_coverage"] == 0.0


def test_training_coverage_and_dsl():
    provider = ProviderFactory()
    trained = StaffMemberFactory(provider=provider)
    TrainingRecordFactory(staff=trained)
    stale = StaffMemberFactory(provider=provider)
    TrainingRecordFactory(staff=stale, completed_on=_years_ago(3, days=1))
    StaffMemberFactory(provider=provider, regulated_children=False)  # not relevant
    dsl = StaffMemberFactory(provider=provider)
    TrainingRecordFactory(staff=dsl, completed_on=_years_ago(2, days=30))  # fine for staff...
    NamedRoleFactory(provider=provider, code="dsl", holder=dsl, holder_name=dsl.display_name)
    recruiter = StaffMemberFactory(provider=provider, regulated_children=False, recruits_staff=True)
    TrainingRecordFactory(staff=recruiter, kind="safer_recruitment")
    summary = selectors.workforce_summary(provider=provider)
    # ...but not for a DSL (two years), who also lacks the DSL course.
    assert summary["training_coverage"] == pytest.approx(1 / 3, abs=1e-4)
    assert summary["dsl_training_overdue"] == 1
    assert summary["safer_recruitment_trained"] == 1
    assert "dsl" not in summary["named_roles_vacant"]
    assert "deputy_dsl" in summary["named_roles_vacant"]


def test_commissioner_policy_overrides_the_framework():
    provider = ProviderFactory()
    commissioner = CommissionerFactory()
    ContractFactory(provider=provider, commissioner=commissioner)
    StaffMemberFactory(provider=provider, dbs_current_from=_years_ago(2, days=10))
    assert selectors.workforce_summary(provider=provider)["dbs_recheck_overdue"] == 0
    DbsRecheckPolicy.objects.create(commissioner=commissioner, recheck_years=2)
    assert selectors.workforce_summary(provider=provider)["dbs_recheck_overdue"] == 1
    summary = selectors.workforce_summary(provider=provider, commissioner=commissioner)
    assert summary["dbs_recheck_overdue"] == 1


def test_named_role_holders_and_health_roles():
    provider = ProviderFactory(org_type="nhs_trust")
    leaver = StaffMemberFactory(provider=provider, is_active=False)
    NamedRoleFactory(provider=provider, code="prevent_lead", holder=leaver, holder_name="X")
    NamedRoleFactory(provider=provider, code="named_doctor", holder_name="Dr A Khan")
    holders = selectors.named_role_holders(provider=provider)
    assert holders["named_doctor"] == "Dr A Khan"
    assert holders["prevent_lead"] is None  # the holder has left
    assert "named_nurse" in holders and holders["named_nurse"] is None


def test_summary_queries_do_not_grow_with_staff():
    provider = ProviderFactory()
    StaffMemberFactory.create_batch(3, provider=provider)
    with CaptureQueriesContext(connection) as few:
        selectors.workforce_summary(provider=provider)
    StaffMemberFactory.create_batch(30, provider=provider)
    with CaptureQueriesContext(connection) as many:
        selectors.workforce_summary(provider=provider)
    assert len(many) == len(few) <= 8
