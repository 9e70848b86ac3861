"""What the benchmark areas share: the databases per scale, Django set-up, figures, timing.

Each area's run.py imports this as `bench.support` (the repository root is put on sys.path
first), so an area stays runnable alone and the runner and the areas agree on the databases.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
SCALES = ("tenth", "large")
SCALE_PROVIDERS = {"tenth": 200, "large": 2000}
# One PostgreSQL database per scale; BENCH_DATABASE_URL_LARGE / _TENTH point elsewhere.
DATABASE_URLS = {
    scale: os.environ.get(
        f"BENCH_DATABASE_URL_{scale.upper()}", f"postgres://postgres@127.0.0.1:5432/bench_{scale}"
    )
    for scale in SCALES
}


def quick() -> bool:
    """Shorter runs (fewer repeats, seconds instead of a minute) when BENCH_QUICK is set."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def django_setup(database_url: str) -> None:
    """Set Django up against this database, with debug off (debug pages keep every query).

    A process holds one database for Django, so a second call naming another one is refused
    rather than silently measuring the first.
    """
    import django
    from django.conf import settings

    if settings.configured:
        current = settings.DATABASES["default"].get("NAME")
        if current != database_name(database_url):
            raise RuntimeError(
                f"Django is already set up on database {current!r}; "
                f"run {database_name(database_url)!r} in its own process"
            )
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.local")
    django.setup()


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    target: str = "",
    meets: bool | None = None,
    baseline_name: str | None = None,
    baseline: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One figure in the shape every area returns; the ratio is worked out here."""
    ratio = None
    if baseline not in (None, 0):
        ratio = round(value / baseline, 3)  # type: ignore[operator]
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline_name": baseline_name,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "meets": meets,
        "note": note,
    }


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least pct% of samples at or below."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def postgres_version(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def environment(database_url: str | None = None) -> dict[str, Any]:
    env: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    if database_url:
        try:
            env["postgresql"] = postgres_version(database_url)
        except Exception as exc:  # the environment line must not stop a run
            env["postgresql"] = f"unknown ({exc.__class__.__name__})"
    return env


def run_quiet(args: list[str], *, env: dict[str, str] | None = None) -> str:
    """Run a command, returning its standard output; its error output is shown on failure."""
    done = subprocess.run(  # noqa: S603 - our own commands
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def print_figures(found: list[dict[str, Any]], *, as_json: bool) -> None:
    """What an area prints when run alone: JSON, or a line per figure."""
    if as_json:
        print(json.dumps(found, indent=2))
        return
    for f in found:
        print(f"{f['name']}: {f['value']} {f['unit']}  {f['target']}  {f['note']}")
