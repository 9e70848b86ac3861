"""The demo workforce: every provider has staff, the gaps the demo promises are there, and a
second run adds nothing."""

from __future__ import annotations

import pytest

from safecom.core.demo import demo_data_build
from safecom.organisations.models import Organisation
from safecom.workforce import selectors
from safecom.workforce.models import NamedRole, StaffMember, TrainingRecord
from safecom.workforce.selectors import COUNTED_GAPS

pytestmark = pytest.mark.django_db


def test_demo_workforce_is_varied_and_idempotent(monkeypatch):
    # Only this app's builder on top of the core portfolio: this test is about the workforce.
    monkeypatch.setattr("safecom.core.demo.DEMO_APPS", ("workforce",))
    first = demo_data_build(scale="small")
    assert first.created["staff"] == StaffMember.objects.count() > 0
    providers = Organisation.objects.filter(kind="provider")
    counts = [StaffMember.objects.filter(provider=p).count() for p in providers]
    assert all(10 <= c <= 40 for c in counts), counts
    summaries = [selectors.workforce_summary(provider=p) for p in providers]
    for key in COUNTED_GAPS:
        assert any(s[key] for s in summaries), f"no provider shows {key}"
    assert any("dsl" in s["named_roles_vacant"] for s in summaries)
    assert any(not s["named_roles_vacant"] for s in summaries)
    assert any(s["training_coverage"] and s["training_coverage"] < 0.85 for s in summaries)
    leavers = StaffMember.objects.filter(is_active=True, leaving_date__isnull=False)
    assert leavers.exists()
    risk_assessed = StaffMember.objects.filter(
        references_received=1, single_reference_risk_assessed=True
    )
    assert risk_assessed.exists()
    before = (
        StaffMember.objects.count(),
        TrainingRecord.objects.count(),
        NamedRole.objects.count(),
    )
    again = demo_data_build(scale="small")
    assert again.created.get("staff", 0) == 0
    after = (StaffMember.objects.count(), TrainingRecord.objects.count(), NamedRole.objects.count())
    assert after == before
