from __future__ import annotations

from celery import shared_task

from safecom.reporting.services import snapshot_take


@shared_task(name="safecom.reporting.tasks.snapshot")
def snapshot_task() -> int:
    return snapshot_take()
