from __future__ import annotations

from typing import Any

import pytest

from safecom.core.jobs import JobFailed, job_handler, job_run, job_start
from safecom.core.models import Job

pytestmark = pytest.mark.django_db
calls: list[int] = []


@job_handler("test.count")
def _count(job: Job, report: Any) -> dict:
    total = job.params["n"]
    for i in range(total):
        report(i + 1, total)
    calls.append(job.pk)
    return {"counted": total, "next_url": "/contracts/"}


@job_handler("test.refuse")
def _refuse(job: Job, report: Any) -> dict:
    raise JobFailed("Row 3, column dbs_number: use 12 digits.")


@job_handler("test.crash")
def _crash(job: Job, report: Any) -> dict:
    raise RuntimeError("internal detail that must not reach the user")


def test_a_job_runs_reports_progress_and_keeps_its_result(world: Any, client: Any) -> None:
    job = job_start(
        kind="test.count",
        actor=world.users["provider_hr"],
        label="Counting",
        organisation=world.provider_a,
        params={"n": 5},
        input_file=("staff.csv", b"a,b\n"),
    )
    assert (job.status, job.progress_done, job.progress_total) == ("succeeded", 5, 5)
    assert job.result["counted"] == 5 and job.input_file.read() == b"a,b\n"
    client.force_login(world.users["provider_hr"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Finished" in page and 'href="/contracts/"' in page
    assert client.get(f"/api/jobs/{job.pk}").json()["percent"] == 100


def test_a_refused_job_shows_its_reason_and_a_crash_shows_no_internals(
    world: Any, client: Any
) -> None:
    refused = job_start(
        kind="test.refuse", actor=None, label="Import", organisation=world.provider_a
    )
    crashed = job_start(
        kind="test.crash", actor=None, label="Import", organisation=world.provider_a
    )
    assert refused.status == crashed.status == "failed"
    assert refused.error == "Row 3, column dbs_number: use 12 digits."
    assert "internal detail" not in crashed.error and "Nothing was half stored" in crashed.error
    client.force_login(world.users["provider_lead"])
    assert "The work did not finish" in client.get(f"/jobs/{crashed.pk}/").content.decode()


def test_a_finished_job_is_not_run_again() -> None:
    calls.clear()
    job = job_start(kind="test.count", actor=None, label="Count", params={"n": 1})
    before = calls.count(job.pk)
    job_run(job.pk)
    assert calls.count(job.pk) == before == 1


def test_unknown_job_kind_is_a_programming_error() -> None:
    with pytest.raises(LookupError):
        job_start(kind="nope", actor=None, label="x")
