"""A real Celery worker, with Redis as broker, runs a real job against the test database.

Needs PostgreSQL (the worker is another process and must see the same database) and Redis;
CI has both, and there this test must run. Elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from safecom.core.jobs import job_start
from safecom.core.models import Job
from safecom.organisations.tests.factories import CommissionerFactory

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_job_through_redis(monkeypatch: Any) -> None:
    if connection.vendor != "postgresql" or not _redis_up():
        if os.environ.get("CI") and connection.vendor == "postgresql":
            pytest.fail("CI has Redis on 127.0.0.1:6379: the worker test must run")
        pytest.skip("needs PostgreSQL and Redis (the worker is another process)")
    from safecom.config.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    broker = f"redis://{REDIS[0]}:{REDIS[1]}/15"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecom.config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": broker,
        "SAFECOM_JOBS_MODE": "celery",
        "CELERY_QUEUE": queue,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "safecom.config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        monkeypatch.setattr(settings, "SAFECOM_JOBS_MODE", "celery")
        app.conf.update(broker_url=broker, task_default_queue=queue)
        organisation = CommissionerFactory()
        job = job_start(
            kind="reporting.quarterly_report",
            actor=None,
            label="Report",
            organisation=organisation,
            params={"organisation_id": organisation.pk, "quarter": "2026-Q3"},
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.5)
        assert job.status == Job.Status.SUCCEEDED, (job.status, job.error)
        assert job.result["next_url"].endswith("/download/")
    finally:
        app.conf.update(
            broker_url=settings.CELERY_BROKER_URL,
            task_default_queue=settings.CELERY_TASK_DEFAULT_QUEUE,
        )
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
