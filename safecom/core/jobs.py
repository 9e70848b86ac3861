"""Background jobs: one way to run long work, whatever runs it.

    @job_handler("workforce.import")
    def run_import(job: Job, report: Progress) -> dict: ...   # returns the job's result
    job = job_start(kind="workforce.import", actor=user, organisation=org, label="...",
                    params={...}, input_file=("staff.csv", data))

Where it runs follows SAFECOM_JOBS_MODE: "celery" (REDIS_URL set: a Celery worker), "thread"
(the embedded default: a thread in the web process, so `make demo` needs no extra service)
or "sync" (tests: at once, in the caller). A handler raises JobFailed with a message for
the person who started it; any other exception is logged and shown as a general failure.
Handlers keep their own writes atomic: a failed job leaves nothing half-stored.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.utils import timezone

from safecom.core.models import Job

logger = logging.getLogger(__name__)


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None: ...


class JobFailed(Exception):
    """A problem to show the person who started the job, in their words."""


Handler = Callable[[Job, Progress], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def _discover() -> None:
    """Import every app's `jobs.py`, where its handlers are registered."""
    for app in apps.get_app_configs():
        if app.name.startswith("safecom."):
            try:
                importlib.import_module(f"{app.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.jobs":
                    raise


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


def job_start(
    *,
    kind: str,
    actor: Any,
    label: str,
    organisation: Any = None,
    params: dict[str, Any] | None = None,
    input_file: tuple[str, bytes] | None = None,
) -> Job:
    if kind not in _HANDLERS:
        _discover()
    if kind not in _HANDLERS:
        raise LookupError(f"no job handler for {kind!r}")
    job = Job(
        kind=kind,
        label=label[:200],
        params=params or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
    )
    if input_file is not None:
        name, data = input_file
        job.input_name = name[:200]
        job.input_file.save(name, ContentFile(data), save=False)
    job.save()
    mode = settings.SAFECOM_JOBS_MODE
    if mode == "sync":
        job_run(job.pk)
        job.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(job.pk))
    else:
        from safecom.core.tasks import run_job

        transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    def target() -> None:
        try:
            job_run(job_id)
        finally:
            close_old_connections()

    threading.Thread(target=target, name=f"job-{job_id}", daemon=True).start()


def job_run(job_id: int) -> None:
    """Run one job to its end, recording progress, the result or the problem."""
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return  # a redelivered task must not run twice
    if job.kind not in _HANDLERS:
        _discover()
    handler = _HANDLERS[job.kind]
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # a write per half second is plenty
            last[0] = now
            Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

    try:
        result = handler(job, report)
    except JobFailed as exc:
        _finish(job, Job.Status.FAILED, error=str(exc))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            Job.Status.FAILED,
            error="The work stopped because of an unexpected problem. Nothing was half "
            "stored. Try again, and if it happens again tell your administrator.",
        )
    else:
        _finish(job, Job.Status.SUCCEEDED, result=result)


def _finish(
    job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = ""
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status, result=result or {}, error=error, finished_at=timezone.now()
    )
