"""Faults: an import killed with SIGKILL half-way, and two people saving the same record at
once, each in its own process on a database of its own (see hostile/databases.py).

- The killed import leaves the previous records exactly as they were (every row of the staff
  and training tables compared), and running it again stores every row exactly once.
- Two saves of one staff record at the same moment keep both changes; two saves of one
  self-assessment answer from the same version keep one and refuse the other as stale.
  PostgreSQL only: SQLite lets one writer in at a time, so it cannot race.
The figures go to var/test-results/security.json.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from safecom.core.tests.hostile import harness as h
from safecom.core.tests.hostile.databases import Databases, child_env, run_safecom

pytestmark = pytest.mark.django_db
HEAD = (
    "Staff reference,First name,Last name,Worker type,Role,Start date,"
    "Safeguarding children training date\n"
)
# Fifteen batches: with the import's binary COPY on PostgreSQL the writing of fewer rows
# can be over before a kill lands, and the test would then kill a finished import.
ROWS = 30_000
FIRST = 1_000


@pytest.fixture(scope="module")
def databases(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        made = Databases()
        yield made
        made.drop_all()


def _worker(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "safecom.core.tests.hostile.faults_worker", *args],
        env=child_env(url),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _csv(path: Path, rows: int, role: str) -> Path:
    lines = [HEAD]
    lines += [
        f"K{n:06d},Sam,Person{n},Employee,{role},01/02/2021,15/03/2024\n" for n in range(rows)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _snapshot(databases: Databases, url: str) -> tuple[int, str]:
    """Every row of the staff and training tables, hashed in id order."""
    digest, count = hashlib.sha256(), 0
    for table in ("workforce_staffmember", "workforce_trainingrecord"):
        for row in databases.query(url, f"SELECT * FROM {table} ORDER BY id"):  # noqa: S608
            digest.update(repr(row).encode())
            count += 1
    return count, digest.hexdigest()


def _writing(databases: Databases, url: str, size_before: int) -> bool:
    """Whether the import has begun writing rows (not yet committed)."""
    if url.startswith("sqlite:///"):
        # A writer holds SQLite's write lock from its first INSERT: try to take it.
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        else:
            probe.rollback()
            return False
        finally:
            probe.close()
    ((size,),) = databases.query(url, "SELECT pg_relation_size('workforce_staffmember')")
    return int(size) > size_before


def test_an_import_killed_half_way_leaves_the_records_as_they_were(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.new()
    _worker(url, "seed-provider", "killed")
    first = run_safecom(
        [
            "workforce",
            "import",
            str(_csv(tmp_path / "a.csv", FIRST, "Cook")),
            "--provider",
            "killed",
            "--format",
            "json",
        ],
        url,
    )
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    before = _snapshot(databases, url)
    assert before[0] == 2 * FIRST  # the people and their training

    # Every person of the first file changes role, and more join.
    bigger = _csv(tmp_path / "b.csv", ROWS, "Senior cook")
    size_before = 0
    if connection.vendor == "postgresql":
        ((size_before,),) = databases.query(url, "SELECT pg_relation_size('workforce_staffmember')")
    started = time.monotonic()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safecom.cli",
            "workforce",
            "import",
            str(bigger),
            "--provider",
            "killed",
            "--format",
            "json",
        ],
        env=child_env(url),
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while not _writing(databases, url, int(size_before)):
        assert child.poll() is None, "the import ended before it was seen writing"
        assert time.monotonic() - started < 120
        time.sleep(0.02)
    # Well into the writing on SQLite (seen from its first INSERT); on PostgreSQL the table
    # has already grown and the writing is fast: kill at once.
    time.sleep(0.3 if url.startswith("sqlite:///") else 0.02)
    assert child.poll() is None, "the import finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    killed_after = round(time.monotonic() - started, 1)

    assert _snapshot(databases, url) == before, "the killed import changed the records"

    again = run_safecom(
        ["workforce", "import", str(bigger), "--provider", "killed", "--format", "json"], url
    )
    assert again.returncode == 0, again.stderr[-2000:]
    result = json.loads(again.stdout)
    assert (result["created"], result["updated"], result["errors"]) == (ROWS - FIRST, FIRST, [])
    ((people, distinct),) = databases.query(
        url, "SELECT COUNT(*), COUNT(DISTINCT staff_reference) FROM workforce_staffmember"
    )
    duplicates = databases.query(
        url,
        "SELECT staff_id, kind, completed_on FROM workforce_trainingrecord "
        "GROUP BY staff_id, kind, completed_on HAVING COUNT(*) > 1",
    )
    ((training,),) = databases.query(url, "SELECT COUNT(*) FROM workforce_trainingrecord")
    ((roles,),) = databases.query(
        url, "SELECT COUNT(*) FROM workforce_staffmember WHERE role = %s", ("Senior cook",)
    )
    assert people == distinct == roles == ROWS
    assert training == ROWS and not duplicates
    h.record_figures(
        f"sigkill_import_{connection.vendor}",
        {
            "rows_in_file": ROWS,
            "killed_after_seconds": killed_after,
            "records_before": before[0],
            "records_after_kill_identical": True,
            "rerun_created": result["created"],
            "rerun_updated": result["updated"],
            "people_after_rerun": people,
            "duplicates_after_rerun": len(duplicates),
        },
    )


def _race(url: str, tmp_path: Path, edits: list[list[str]]) -> list[int]:
    """Start each edit in its own process; release them together once all are ready."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    go = tmp_path / "go"
    children = []
    for n, args in enumerate(edits):
        ready = tmp_path / f"ready-{n}"
        children.append(
            (
                ready,
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "safecom.core.tests.hostile.faults_worker",
                        "edit",
                        args[0],
                        args[1],
                        str(ready),
                        str(go),
                        *args[2:],
                    ],
                    env=child_env(url),
                    cwd=settings.BASE_DIR,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    deadline = time.monotonic() + 120
    while not all(ready.exists() for ready, _ in children):
        assert time.monotonic() < deadline and all(c.poll() is None for _, c in children)
        time.sleep(0.02)
    go.touch()
    codes = []
    for _, child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode in (0, 3), err[-2000:]
        codes.append(child.returncode)
    return codes


def test_two_saves_of_one_record_at_once_lose_nothing(databases: Databases, tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time, so two saves cannot race there")
    url = databases.new()
    staff_id = _worker(url, "seed-staff", "racing").stdout.split()[-1]
    assert _race(url, tmp_path, [["left", staff_id], ["status", staff_id]]) == [0, 0]
    ((active, leaving, update_service, result),) = databases.query(
        url,
        "SELECT is_active, leaving_date, dbs_update_service, dbs_status_result "
        "FROM workforce_staffmember WHERE id = %s",
        (int(staff_id),),
    )
    # Both changes are there: neither save wrote back the record as it was before the other.
    assert (active, str(leaving), update_service, result) == (False, "2026-03-31", True, "current")

    answer_id, version = _worker(url, "seed-answer", "answering").stdout.split()[-2:]
    codes = _race(
        url,
        tmp_path / "answer",
        [["answer", answer_id, "First person's words."], ["answer", answer_id, "Second's."]],
    )
    assert sorted(codes) == [0, 3], codes
    winner = ["First person's words.", "Second's."][codes.index(0)]
    ((narrative, now),) = databases.query(
        url, "SELECT narrative, version FROM assessments_answer WHERE id = %s", (int(answer_id),)
    )
    assert (narrative, now) == (winner, int(version) + 1)
    h.record_figures(
        "concurrent_edits_postgresql",
        {
            "staff_record_both_changes_kept": True,
            "answer_saves_kept": 1,
            "answer_saves_refused_as_stale": 1,
        },
    )
