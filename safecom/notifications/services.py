"""Writes for reminders and notifications: the daily sweep, delivery and retries, choices."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safecom.accounts.models import User
from safecom.notifications.models import Notification, ReminderChoice, SweepRun
from safecom.notifications.reminders import KINDS, collect_all

BATCH = 2000


@dataclass(frozen=True)
class SweepOutcome:
    day: dt.date
    dry_run: bool
    found: int
    created: int
    by_kind: dict[str, int]
    delivered: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "dry_run": self.dry_run,
            "found": self.found,
            "created": self.created,
            "by_kind": self.by_kind,
            "delivered": self.delivered,
        }


def reminder_sweep(*, today: dt.date | None = None, dry_run: bool = False) -> SweepOutcome:
    """Find everything due and make each reminder once per person; then deliver them.

    Idempotent: every reminder has a key per thing and threshold, unique per person, so a
    second sweep the same day finds them all made already and sends nothing.
    """
    day = today or timezone.localdate()
    turned_off = set(ReminderChoice.objects.filter(enabled=False).values_list("user_id", "kind"))
    emails = dict(User.objects.filter(is_active=True).exclude(email="").values_list("pk", "email"))
    candidates: list[Notification] = []
    for due in collect_all(today=day):
        for user_id in due.recipient_ids:
            if user_id in emails and (user_id, due.kind) not in turned_off:
                candidates.append(
                    Notification(
                        recipient_id=user_id,
                        email=emails[user_id],
                        kind=due.kind,
                        subject=due.subject[:200],
                        body=due.body,
                        link=due.link[:300],
                        dedupe_key=due.key[:200],
                    )
                )
    existing = _existing_keys(candidates)
    fresh = [n for n in candidates if (n.recipient_id, n.dedupe_key) not in existing]
    by_kind = dict(Counter(n.kind for n in fresh))
    if dry_run:
        return SweepOutcome(day, True, len(candidates), len(fresh), by_kind, 0)
    with transaction.atomic():
        run = SweepRun.objects.create(day=day, found=len(candidates))
        Notification.objects.bulk_create(fresh, batch_size=BATCH, ignore_conflicts=True)
        run.created, run.by_kind, run.finished_at = len(fresh), by_kind, timezone.now()
        run.save(update_fields=["created", "by_kind", "finished_at"])
    delivered = notifications_deliver_pending()
    return SweepOutcome(day, False, len(candidates), len(fresh), by_kind, delivered)


def _existing_keys(candidates: list[Notification]) -> set[tuple[int, str]]:
    keys = {n.dedupe_key for n in candidates}
    found: set[tuple[int, str]] = set()
    key_list = list(keys)
    for i in range(0, len(key_list), BATCH):
        found |= set(
            Notification.objects.filter(dedupe_key__in=key_list[i : i + BATCH]).values_list(
                "recipient_id", "dedupe_key"
            )
        )
    return found


def _send_with_notify(notification: Notification) -> str:
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    body = notification.body + (f"\n\n{notification.link}" if notification.link else "")
    response = client.send_email_notification(
        email_address=notification.email,
        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
        personalisation={"subject": notification.subject, "body": body},
        reference=f"safecom-{notification.pk}",
    )
    return str(response.get("id", ""))


def notification_deliver(*, notification: Notification) -> bool:
    """Send one notification; on failure keep it for a later try, with the reason."""
    now = timezone.now()
    if not settings.NOTIFY_API_KEY:
        # The embedded default: the outbox page shows it, and the console prints it.
        print(f"[outbox] to {notification.email}: {notification.subject}")
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.OUTBOX, sent_at=now, attempts=notification.attempts + 1
        )
        return True
    try:
        reference = _send_with_notify(notification)
    except Exception as exc:  # any failure of the service or the network is retried later
        attempts = notification.attempts + 1
        failed = attempts >= settings.SAFECOM_NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            attempts=attempts,
            last_error=str(exc)[:1000],
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
            next_attempt_at=None if failed else now + dt.timedelta(minutes=5 * 2**attempts),
        )
        return False
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT,
        sent_at=now,
        attempts=notification.attempts + 1,
        provider_reference=reference,
        last_error="",
    )
    return True


def notifications_deliver_pending(*, limit: int = 5000) -> int:
    """Deliver what is waiting and due for a try; returns how many went."""
    now = timezone.now()
    waiting = (
        Notification.objects.filter(status=Notification.Status.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at")[:limit]
    )
    return sum(notification_deliver(notification=n) for n in waiting)


@transaction.atomic
def reminder_choices_set(*, user: User, enabled_kinds: set[str]) -> None:
    """Record which kinds of reminder the person wants; the rest are turned off."""
    for kind in KINDS:
        ReminderChoice.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": kind in enabled_kinds}
        )
