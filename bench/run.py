"""Every benchmark in one run: `make bench` (or `.venv/bin/python bench/run.py`).

    .venv/bin/python bench/run.py [--only AREA ...] [--scale large|tenth|both] [--quick]

1. Makes sure the PostgreSQL databases bench_large and bench_tenth hold the synthetic demo at
   that scale (create, migrate, `safecom demo-data --scale ...`, ANALYZE); a database whose
   staff are already there is only migrated.
2. Runs `figures(scale=..., database_url=...)` of each area (bench/<area>/run.py), each area
   and scale in a process of its own: Django holds one database a process, and a failing or
   memory-hungry area cannot spoil the next. An area without `figures` is "not measured".
3. Writes bench/results.json (per scale, figure name -> value, unit, baseline, ratio, target,
   meets, note; the environment; what each area did) and the table between the bench:table
   markers in docs/performance.md. Areas not run this time keep their last figures.

These are benchmarks, not tests: CI does not run them. A figure that misses its target is a
bug to fix, not a reason to fail.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402
from bench.table import write_table  # noqa: E402

AREAS = ("workforce", "documents", "dashboard", "reminders", "http")
RESULTS = ROOT / "bench" / "results.json"
SAFECOM = str(ROOT / ".venv" / "bin" / "safecom")
# An area that runs longer than this is stopped and reported as failed.
AREA_TIMEOUT = 20 * 60


# --- The databases --------------------------------------------------------------------------


def _admin_connect() -> Any:
    import psycopg

    url = support.DATABASE_URLS["large"].rsplit("/", 1)[0] + "/postgres"
    return psycopg.connect(url, autocommit=True)


def _staff_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('workforce_staffmember')").fetchone()
        if not exists or exists[0] is None:
            return 0
        row = conn.execute("SELECT count(*) FROM workforce_staffmember").fetchone()
        return int(row[0]) if row else 0


def _never_analysed(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT coalesce(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
            "WHERE relname = 'workforce_staffmember'"
        ).fetchone()
    return row is None or row[0] is None


def ensure_database(scale: str) -> dict[str, Any]:
    """Create, migrate and fill the database of one scale, unless it is filled already."""
    url = support.DATABASE_URLS[scale]
    name = support.database_name(url)
    started = time.perf_counter()
    with _admin_connect() as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            print(f"  creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    support.run_quiet([SAFECOM, "migrate", "--verbosity", "0"], env=env)
    staff = _staff_count(url)
    built = False
    if staff == 0:
        print(f"  building the {scale} demo in {name} (a few minutes at large scale)")
        support.run_quiet([SAFECOM, "demo-data", "--scale", scale], env=env)
        staff, built = _staff_count(url), True
    if built or _never_analysed(url):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    seconds = round(time.perf_counter() - started, 1)
    print(f"  {name}: {staff:,} staff ({'built' if built else 'already there'}, {seconds} s)")
    return {"database": name, "staff": staff, "built": built, "seconds": seconds}


# --- One area in its own process -------------------------------------------------------------


def _load_area(area: str) -> Any:
    path = ROOT / "bench" / area / "run.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"bench_{area}_run", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(area: str, scale: str, out: Path) -> None:
    """Inside the child process: call the area's figures() and write what came back."""
    url = support.DATABASE_URLS[scale]
    # Set before the area imports Django, so an area that sets it up itself sees this one.
    os.environ["DATABASE_URL"] = url
    result: dict[str, Any]
    try:
        module = _load_area(area)
        if module is None or not hasattr(module, "figures"):
            result = {"status": "not measured", "reason": f"bench/{area}/run.py has no figures()"}
        else:
            figures = module.figures(scale=scale, database_url=url)
            result = {"status": "measured", "figures": figures}
    except Exception as exc:
        result = {
            "status": "failed",
            "reason": f"{exc.__class__.__name__}: {exc}",
            "traceback": traceback.format_exc()[-4000:],
        }
    out.write_text(json.dumps(result, default=str), encoding="utf-8")


def run_area(area: str, scale: str) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        try:
            done = subprocess.run(  # noqa: S603 - this same script
                [sys.executable, __file__, "--child", area, "--scale", scale, "--out", str(out)],
                cwd=ROOT,
                timeout=AREA_TIMEOUT,
                check=False,
            )
            if out.exists():
                result = json.loads(out.read_text(encoding="utf-8"))
            else:
                result = {"status": "failed", "reason": f"exited {done.returncode}, no figures"}
        except subprocess.TimeoutExpired:
            result = {"status": "failed", "reason": f"stopped after {AREA_TIMEOUT} s"}
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["environment"] = support.environment()
    return result


# --- Results ---------------------------------------------------------------------------------


def _load_results() -> dict[str, Any]:
    if RESULTS.exists():
        try:
            data = json.loads(RESULTS.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "figures" in data:
                return data
        except ValueError:
            pass
    return {"figures": {}, "runs": {}}


def merge(results: dict[str, Any], area: str, scale: str, outcome: dict[str, Any]) -> None:
    """Replace this area's figures at this scale; everything else keeps its last figures."""
    figures = results["figures"].setdefault(scale, {})
    for name in [n for n, f in figures.items() if f.get("area") == area]:
        del figures[name]
    for f in outcome.get("figures") or []:
        entry = {k: v for k, v in f.items() if k != "name"}
        entry["area"] = area
        entry["measured"] = outcome["environment"]["date"]
        figures[f["name"]] = entry
    run = {k: v for k, v in outcome.items() if k != "figures"}
    run["figures"] = len(outcome.get("figures") or [])
    results["runs"].setdefault(area, {})[scale] = run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=AREAS, help="run only this area")
    parser.add_argument("--scale", choices=["large", "tenth", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="shorter runs, for trying it out")
    parser.add_argument("--child", choices=AREAS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.scale, args.out)
        return
    if args.quick:
        os.environ["BENCH_QUICK"] = "1"
    scales = ["tenth", "large"] if args.scale == "both" else [args.scale]
    areas = args.only or list(AREAS)
    started = time.perf_counter()

    print("Databases:")
    databases = {scale: ensure_database(scale) for scale in scales}
    results = _load_results()
    results["environment"] = support.environment(support.DATABASE_URLS[scales[0]])
    results["databases"] = {**results.get("databases", {}), **databases}
    for area in areas:
        for scale in scales:
            print(f"{area} at {scale} scale ...", flush=True)
            outcome = run_area(area, scale)
            merge(results, area, scale, outcome)
            line = f"  {outcome['status']} in {outcome['seconds']} s"
            if outcome["status"] != "measured":
                line += f": {outcome.get('reason', '')}"
            print(line, flush=True)
            for f in outcome.get("figures") or []:
                flag = {True: "meets", False: "MISSES", None: ""}[f.get("meets")]
                print(f"    {f['name']}: {f['value']} {f['unit']} {flag}")
            # Written after every area, so a long run stopped half way keeps what it measured.
            RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", "utf-8")
    results["environment"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    write_table(results)
    print(
        f"Wrote {RESULTS.relative_to(ROOT)} and the table in docs/performance.md "
        f"({results['seconds']} s)."
    )


if __name__ == "__main__":
    main()
