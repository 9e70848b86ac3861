from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from safecom.notifications import reminders
from safecom.notifications.models import Notification
from safecom.notifications.reminders import Due
from safecom.notifications.services import notifications_deliver_pending, reminder_sweep

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


@pytest.fixture
def due_items(world: Any, monkeypatch: Any) -> list[Due]:
    items = [
        Due(
            kind="dbs_recheck",
            key="dbs:staff-1:30d",
            subject="DBS recheck due in 30 days",
            body="1 person",
            recipient_ids=(world.users["provider_hr"].pk,),
            link="/workforce/",
        ),
        Due(
            kind="action_overdue",
            key="action:9:overdue",
            subject="An action is overdue",
            body="Due 1 November",
            recipient_ids=(world.users["commissioner"].pk, world.users["qa_officer"].pk),
        ),
    ]
    monkeypatch.setattr(reminders, "collect_all", lambda *, today: iter(items))
    monkeypatch.setattr("safecom.notifications.services.collect_all", lambda *, today: iter(items))
    return items


def test_a_sweep_reminds_each_person_once_and_a_second_run_sends_nothing(due_items: Any) -> None:
    first = reminder_sweep(today=DAY)
    assert (first.found, first.created) == (3, 3)
    assert first.by_kind == {"dbs_recheck": 1, "action_overdue": 2}
    assert set(Notification.objects.values_list("status", flat=True)) == {"outbox"}
    second = reminder_sweep(today=DAY)
    assert (second.found, second.created, second.delivered) == (3, 0, 0)
    assert Notification.objects.count() == 3


def test_dry_run_says_what_would_go_and_stores_nothing(due_items: Any) -> None:
    out = StringIO()
    call_command(
        "reminders", "--dry-run", "--date", DAY.isoformat(), "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["created"] == 3 and data["dry_run"] is True
    assert Notification.objects.count() == 0


def test_a_person_can_turn_a_kind_off(world: Any, client: Any, due_items: Any) -> None:
    client.force_login(world.users["qa_officer"])
    client.post("/reminders/choices/", {"kinds": ["dbs_recheck"]})
    reminder_sweep(today=DAY)
    assert not Notification.objects.filter(recipient=world.users["qa_officer"]).exists()
    assert Notification.objects.filter(recipient=world.users["commissioner"]).exists()


def test_a_failed_send_is_kept_and_retried_until_it_goes(
    world: Any, due_items: Any, settings: Any
) -> None:
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template"
    path = "safecom.notifications.services._send_with_notify"
    with mock.patch(path, side_effect=ConnectionError("Notify unreachable")):
        reminder_sweep(today=DAY)
    waiting = Notification.objects.filter(status="pending")
    assert waiting.count() == 3 and all(n.attempts == 1 for n in waiting)
    assert "Notify unreachable" in waiting.first().last_error  # type: ignore[union-attr]
    waiting.update(next_attempt_at=None)
    with mock.patch(path, return_value="notify-ref-1") as send:
        assert notifications_deliver_pending() == 3
    assert send.call_count == 3
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_after_the_last_attempt_it_shows_as_failed_not_lost(
    world: Any, due_items: Any, settings: Any
) -> None:
    settings.NOTIFY_API_KEY = "test-key"
    settings.SAFECOM_NOTIFY_MAX_ATTEMPTS = 1
    with mock.patch(
        "safecom.notifications.services._send_with_notify", side_effect=RuntimeError("bad template")
    ):
        reminder_sweep(today=DAY)
    assert Notification.objects.filter(status="failed").count() == 3


def test_people_see_only_their_own_reminders(world: Any, client: Any, due_items: Any) -> None:
    reminder_sweep(today=DAY)
    client.force_login(world.users["provider_hr"])
    page = client.get("/reminders/").content.decode()
    assert "DBS recheck due in 30 days" in page and "An action is overdue" not in page
    assert [n["kind"] for n in client.get("/api/notifications").json()["items"]] == ["dbs_recheck"]
