"""Reminder sweep benchmark: `safecom reminders` over the whole demo, twice the same day.

    .venv/bin/python bench/reminders/run.py [--scale large|tenth] [--json]

Against the demo at that scale (bench/run.py builds it; large is 250,000 staff and 1,000,000
training records). Each run first empties the outbox of the bench database
(`notifications_notification`), because a reminder is made once per person and thing and
threshold (its `dedupe_key`), not once per day: without this, every bench run after the
first would find everything sent already and time a sweep that writes nothing. Then, each as
the real command in its own process with debug off, the way a daily cron job runs it:

1. a dry run (finds everything due, writes nothing): the baseline;
2. the first sweep of the day: finds, writes the reminders, delivers them to the outbox;
3. a second sweep the same day, which must make and send nothing.

Wall time includes starting Django (about a second); CPU is the command process's own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402

SAFECOM = str(ROOT / ".venv" / "bin" / "safecom")
TARGET_SECONDS = 10


def _empty_outbox(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        cursor = conn.execute("DELETE FROM notifications_notification")
        return cursor.rowcount


def _sweep(database_url: str, *extra: str) -> dict[str, Any]:
    """One `safecom reminders --format json`: its answer, wall and CPU seconds."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command
        [SAFECOM, "reminders", "--format", "json", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"safecom reminders failed:\n{done.stderr[-2000:]}")
    # Without a Notify key every delivery is also printed ("[outbox] ..."); the JSON comes last.
    start = done.stdout.find("\n{") + 1 if not done.stdout.startswith("{") else 0
    answer: dict[str, Any] = json.loads(done.stdout[start:])
    answer["wall"] = wall
    answer["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return answer


def _counts(database_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        staff = conn.execute("SELECT count(*) FROM workforce_staffmember").fetchone()
        outbox = conn.execute("SELECT count(*) FROM notifications_notification").fetchone()
    return {"staff": int(staff[0]) if staff else 0, "outbox": int(outbox[0]) if outbox else 0}


def figures(*, scale: str, database_url: str) -> list[dict[str, Any]]:
    emptied = _empty_outbox(database_url)
    dry = _sweep(database_url, "--dry-run")
    first = _sweep(database_url)
    second = _sweep(database_url)
    counts = _counts(database_url)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(first["by_kind"].items())) or "none"
    return [
        support.figure(
            "reminder sweep: first run of the day",
            round(first["wall"], 2),
            "s",
            baseline_name="dry run (find only)",
            baseline=round(dry["wall"], 2),
            target=f"≤ {TARGET_SECONDS} s",
            meets=first["wall"] <= TARGET_SECONDS,
            note=f"over {counts['staff']:,} staff; {first['found']:,} due, "
            f"{first['created']:,} made ({kinds}), {first['delivered']:,} delivered to the "
            f"outbox; CPU {first['cpu']:.2f} s; the outbox was emptied first "
            f"({emptied:,} rows from the last bench run)",
        ),
        support.figure(
            "reminder sweep: second run the same day, reminders made",
            second["created"],
            "reminders",
            target="0",
            meets=second["created"] == 0 and second["delivered"] == 0,
            note=f"{second['found']:,} found due again, {second['delivered']} delivered; "
            f"{counts['outbox']:,} in the outbox after both runs",
        ),
        support.figure(
            "reminder sweep: second run the same day",
            round(second["wall"], 2),
            "s",
            baseline_name="first run",
            baseline=round(first["wall"], 2),
            target=f"≤ {TARGET_SECONDS} s",
            meets=second["wall"] <= TARGET_SECONDS,
            note=f"CPU {second['cpu']:.2f} s; finds everything due and writes nothing",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=support.SCALES, default="large")
    parser.add_argument("--database-url", help="default: the bench database of the scale")
    parser.add_argument("--quick", action="store_true", help="the same as without (it is short)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    found = figures(
        scale=args.scale, database_url=args.database_url or support.DATABASE_URLS[args.scale]
    )
    support.print_figures(found, as_json=args.json)


if __name__ == "__main__":
    main()
