"""The real collectors over the demo portfolio: reminders go out on time, exactly once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safecom.core.demo import demo_data_build
from safecom.notifications.models import Notification
from safecom.notifications.services import reminder_sweep

pytestmark = pytest.mark.django_db


def test_the_demo_portfolio_produces_reminders_once() -> None:
    demo_data_build(scale="small")
    today = timezone.localdate()
    first = reminder_sweep(today=today)
    assert first.created > 0
    # Only the demo's first provider has people signed up, so its gaps are what is sent.
    wanted = {"lado_breach", "action_overdue", "briefing_unacknowledged", "dbs_recheck"}
    assert wanted <= set(first.by_kind), first.by_kind
    assert Notification.objects.count() == first.created
    assert all(n.recipient.memberships.exists() for n in Notification.objects.all()[:50])
    again = reminder_sweep(today=today)
    assert again.created == 0 and Notification.objects.count() == first.created


def test_vacant_named_roles_are_found_for_every_provider() -> None:
    from safecom.workforce.reminders import named_roles_vacant

    demo_data_build(scale="small")
    vacancies = list(named_roles_vacant(today=timezone.localdate()))
    assert vacancies and all(d.key.startswith("role:") for d in vacancies)
    assert any("Designated" in d.subject or "dsl" in d.key for d in vacancies)
