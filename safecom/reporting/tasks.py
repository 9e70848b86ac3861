from __future__ import annotations

from celery import shared_task

from safecom.reporting.services import contract_statuses_refresh_all, snapshot_take


@shared_task(name="safecom.reporting.tasks.snapshot")
def snapshot_task() -> int:
    return snapshot_take()


@shared_task(name="safecom.reporting.tasks.dashboard_rows")
def dashboard_rows_task() -> int:
    """Keep the dashboard's rows up to date in the background, so people seldom wait."""
    return contract_statuses_refresh_all()
