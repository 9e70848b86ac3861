"""The per-person gaps (from the rules) and the set-based filters (selectors) say the same."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce import selectors
from safecom.workforce.models import StaffMember
from safecom.workforce.selectors import COUNTED_GAPS
from safecom.workforce.tests.factories import (
    TODAY,
    NamedRoleFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db


def _varied(provider, n: int) -> None:
    rng = random.Random(n)
    for i in range(n):
        days = rng.choice([100, 900, 1080, 1096, 1100, 1200, 1500])
        staff = StaffMemberFactory(
            provider=provider,
            regulated_children=rng.random() < 0.7,
            regulated_adults=rng.random() < 0.4,
            recruits_staff=rng.random() < 0.2,
            worker_type=rng.choice(["employee", "volunteer", "agency", "trustee"]),
            dbs_number=rng.choice(["", f"{i:012d}", f"{i:012d}"]),
            dbs_level=rng.choice(["enhanced", "enhanced_barred_children", "enhanced_barred_both"]),
            dbs_current_from=TODAY - dt.timedelta(days=days),
            references_received=rng.choice([0, 1, 2]),
            single_reference_risk_assessed=rng.random() < 0.5,
            right_to_work_type=rng.choice(["", "unlimited", "time_limited"]),
            right_to_work_expires=TODAY + dt.timedelta(days=rng.choice([-5, 30])),
            leaving_date=rng.choice([None, TODAY - dt.timedelta(days=3)]),
            address=rng.choice(["", "1 Road"]),
            identity_checked_by=rng.choice(["", "HR"]),
        )
        staff.dbs_number_last4 = staff.dbs_number[-4:]
        staff.save()
        for kind in (
            "safeguarding_children",
            "safeguarding_adults",
            "mca",
            "prevent",
            "dsl",
            "safer_recruitment",
        ):
            if rng.random() < 0.6:
                TrainingRecordFactory(
                    staff=staff,
                    kind=kind,
                    completed_on=TODAY - dt.timedelta(days=rng.choice([100, 800, 1000, 1200])),
                )
        if i in (0, 7):  # a DSL and a deputy, held to the two-year interval
            NamedRoleFactory(
                provider=provider, code="dsl" if i == 0 else "deputy_dsl", holder=staff
            )


def test_person_gaps_match_the_filters_for_every_gap():
    provider = ProviderFactory()
    _varied(provider, 60)
    people = list(StaffMember.objects.filter(provider=provider, is_active=True))
    gaps = selectors.staff_page_gaps(provider=provider, staff=people)
    for code in selectors.GAP_LABELS:
        from_rules = {pk for pk, found in gaps.items() if any(g.code == code for g in found)}
        from_filter = set(
            selectors.staff_list(provider=provider, gap=code).values_list("pk", flat=True)
        )
        assert from_rules == from_filter, code
    summary = selectors.workforce_summary(provider=provider)
    for code in COUNTED_GAPS:
        assert summary[code] == sum(
            1 for found in gaps.values() if any(g.code == code for g in found)
        ), code
    relevant = [p for p in people if p.regulated]
    up_to_date = [
        p for p in relevant if not any(g.code == "training_out_of_date" for g in gaps[p.pk])
    ]
    assert summary["training_coverage"] == pytest.approx(len(up_to_date) / len(relevant), abs=1e-4)
