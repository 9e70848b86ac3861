from __future__ import annotations

from celery import shared_task

from safecom.notifications.services import notifications_deliver_pending, reminder_sweep


@shared_task(name="safecom.notifications.tasks.reminder_sweep")
def reminder_sweep_task() -> dict:
    return reminder_sweep().as_dict()


@shared_task(name="safecom.notifications.tasks.notifications_retry")
def notifications_retry_task() -> int:
    return notifications_deliver_pending()
