from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safecom.notifications.models import Notification, ReminderChoice
from safecom.notifications.reminders import KINDS


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def reminder_kinds_enabled(*, user: Any) -> set[str]:
    off = set(
        ReminderChoice.objects.filter(user=user, enabled=False).values_list("kind", flat=True)
    )
    return set(KINDS) - off
