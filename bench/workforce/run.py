"""Workforce import benchmark: a 100,000-row register into PostgreSQL, against a plain COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_workforce \
        .venv/bin/python bench/workforce/run.py [--rows 100000]

In one run it generates the CSV (and the same rows as XLSX), then, each in its own process so
each peak memory is its own: a plain COPY of the CSV into a scratch table of text columns; the
full validated import of the CSV (every row checked, records encrypted, stored); the same file
imported again (everything unchanged); and the XLSX imported into a second provider. It
prints the figures and writes them to bench/results-workforce.json.

It migrates the database it is given and empties the workforce tables of its two bench
providers, so it refuses a database whose name does not start with "bench" unless told
--any-database.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = ROOT / "var" / "bench-workforce"
RESULTS = ROOT / "bench" / "results-workforce.json"
PROVIDERS = ("bench-provider-csv", "bench-provider-xlsx")


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safecom.config.settings.local")
    import django

    django.setup()


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, because ru_maxrss survives exec on Linux
    and would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- The file ------------------------------------------------------------------------------


def generate(rows: int, path: Path) -> list[str]:
    """A realistic register: every template column, UK dates, 12-digit DBS numbers."""
    from safecom.workforce.importing.columns import COLUMNS

    headings = [c.heading for c in COLUMNS]

    rng = random.Random(100_000)  # noqa: S311 - made-up test data
    today = dt.date.today()
    first = ["Amira", "Tom", "Priya", "Sam", "Grace", "Olu", "Megan", "Jack", "Zoë", "Ravi"]
    last = ["Hussain", "Price", "Shah", "Hill", "Okafor", "Evans", "Wright", "Morgan", "Patel"]

    def day(low: int, high: int) -> str:
        return (today - dt.timedelta(days=rng.randint(low, high))).strftime("%d/%m/%Y")

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        for n in range(rows):
            issued = day(30, 1000)
            values = {
                "Staff reference": f"BENCH-{n:06d}",
                "First name": rng.choice(first),
                "Last name": rng.choice(last),
                "Date of birth": day(20 * 365, 65 * 365),
                "Address": f"{rng.randint(1, 200)} High Street, Riverside RV{n % 9 + 1} 1AA",
                "Role": rng.choice(["Support worker", "Youth worker", "Nurse", "Team leader"]),
                "Worker type": rng.choice(["Employee", "Employee", "Volunteer", "Agency"]),
                "Start date": day(60, 3000),
                "Leaving date": "",
                "Status": "Active",
                "Regulated activity with children": "Yes",
                "Regulated activity with adults": rng.choice(["Yes", "No", "No"]),
                "Sits on recruitment panels": rng.choice(["Yes", "No", "No", "No"]),
                "Identity documents seen": "Passport; utility bill",
                "Identity checked by": "HR officer",
                "Identity checked on": issued,
                "Right to work type": "Unlimited",
                "Right to work checked on": issued,
                "Right to work expires": "",
                "Qualifications checked on": issued,
                "References received": "2",
                "Reference 1 date": issued,
                "Reference 2 date": issued,
                "Single reference risk assessment": "No",
                "Overseas check needed": "No",
                "Overseas check date": "",
                "Agency confirmation date": "",
                "DBS certificate number": f"{rng.randrange(10**12):012d}",
                "DBS level": "Enhanced with both barred lists",
                "DBS workforce": "Child and adult",
                "DBS issue date": issued,
                "DBS Update Service": rng.choice(["Yes", "No"]),
                "Update Service check date": "",
                "Update Service check result": "",
                "Safeguarding children training date": day(10, 1000),
                "Safeguarding children training level": rng.choice(["1", "2", "3"]),
                "Safeguarding adults training date": day(10, 1000),
                "Safeguarding adults training level": "2",
                "Prevent training date": day(10, 1000),
                "MCA training date": "",
                "Online safety training date": day(10, 1000),
                "Safer recruitment training date": "",
                "DSL training date": "",
                "Notes": "",
            }
            writer.writerow([values.get(h, "") for h in headings])
    return headings


def to_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """The same rows as an Excel workbook, dates as date cells (as a spreadsheet keeps them)."""
    from openpyxl import Workbook

    from safecom.workforce.importing.columns import BY_NAME, COLUMNS

    dates = {i for i, c in enumerate(COLUMNS) if c.kind == "date"}
    assert all(BY_NAME[c.name] is c for c in COLUMNS)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Staff")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        sheet.append(next(reader))
        for row in reader:
            # Empty cells are left out, as a spreadsheet saves them.
            out: list[object] = [v if v != "" else None for v in row]
            for i in dates:
                if row[i]:
                    d, m, y = row[i].split("/")
                    out[i] = dt.date(int(y), int(m), int(d))
            sheet.append(out)
    book.save(xlsx_path)


# --- The phases, each run in its own process ------------------------------------------------


def phase_copy(csv_path: Path, headings: list[str]) -> dict[str, float]:
    """A plain COPY of the same rows into a scratch table of text columns."""
    _django()
    from django.db import connection

    columns = ", ".join(f"c{i} text" for i in range(len(headings)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_scr_copy")
        cursor.execute(f"CREATE TABLE bench_scr_copy ({columns})")
    started, cpu = time.perf_counter(), time.process_time()
    sql = "COPY bench_scr_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
    with (
        connection.cursor() as cursor,
        csv_path.open("rb") as handle,
        cursor.cursor.copy(sql) as copy,
    ):
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_scr_copy")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_scr_copy")
    return {
        "seconds": round(seconds, 3),
        "client_cpu_seconds": round(cpu, 3),
        "rows": rows,
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def phase_import(path: Path, provider_slug: str) -> dict[str, object]:
    _django()
    from safecom.organisations.models import Organisation
    from safecom.workforce.services.importer import staff_import

    provider = Organisation.objects.get(slug=provider_slug)
    data = path.read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    outcome = staff_import(
        actor=None, provider=provider, data=data, name=path.name, max_bytes=2 * 1024**3
    )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if outcome.errors:
        raise SystemExit(f"the bench file has errors: {outcome.errors[:3]}")
    return {
        "seconds": round(seconds, 3),
        "client_cpu_seconds": round(cpu, 3),
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "training_added": outcome.training_added,
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def _child(*args: str) -> dict[str, object]:
    out = subprocess.run(  # noqa: S603 - our own script, with our own arguments
        [sys.executable, __file__, "--phase", *args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"phase {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare() -> dict[str, str]:
    """Migrate, load the standards, make the two bench providers and empty their records."""
    _django()
    from django.core.management import call_command
    from django.db import connection

    from safecom.organisations.models import Organisation
    from safecom.standards.library import LibraryError
    from safecom.standards.services import frameworks_load
    from safecom.workforce.models import StaffMember

    call_command("migrate", verbosity=0)
    try:
        frameworks_load()
    except LibraryError as exc:  # already loaded in an earlier run: the figures still apply
        print(f"(standards not reloaded: {exc})", flush=True)
    for slug in PROVIDERS:
        provider, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").title(), "kind": "provider"}
        )
        StaffMember.objects.filter(provider=provider).delete()
    with connection.cursor() as cursor:
        # A clean start each run: no dead rows from the last run's records, fresh statistics.
        cursor.execute("VACUUM ANALYZE workforce_staffmember, workforce_trainingrecord")
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    return {"postgresql": version.split(" on ")[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--any-database", action="store_true")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, *rest = args.phase
        if name == "copy":
            result = phase_copy(Path(rest[0]), json.loads(rest[1]))
        elif name == "xlsx":
            _django()
            started = time.perf_counter()
            to_xlsx(Path(rest[0]), Path(rest[1]))
            result = {"seconds": round(time.perf_counter() - started, 3)}
        else:
            result = phase_import(Path(rest[0]), rest[1])
        print(json.dumps(result))
        return

    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    name = parsed.path.lstrip("/")
    if not name.startswith("bench") and not args.any_database:
        raise SystemExit(
            f"The benchmark migrates and empties tables in '{name}'. Give it a scratch database "
            "whose name starts with 'bench' (or pass --any-database)."
        )
    WORK.mkdir(parents=True, exist_ok=True)
    csv_path = WORK / f"register-{args.rows}.csv"
    xlsx_path = WORK / f"register-{args.rows}.xlsx"
    print(f"Generating {args.rows:,} rows ...", flush=True)
    headings = generate(args.rows, csv_path)
    xlsx = _child("xlsx", str(csv_path), str(xlsx_path))
    environment = prepare()
    print("COPY ...", flush=True)
    copy = _child("copy", str(csv_path), json.dumps(headings))
    print("Import (CSV) ...", flush=True)
    first = _child("import", str(csv_path), PROVIDERS[0])
    print("Import again (CSV, nothing changed) ...", flush=True)
    again = _child("import", str(csv_path), PROVIDERS[0])
    print("Import (XLSX) ...", flush=True)
    from_xlsx = _child("import", str(xlsx_path), PROVIDERS[1])
    results = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rows": args.rows,
        "csv_bytes": csv_path.stat().st_size,
        "xlsx_bytes": xlsx_path.stat().st_size,
        "environment": {
            **environment,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            # Other work on the machine slows every phase; the ratios are what to compare.
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "copy": copy,
        "import_csv": first,
        "import_csv_again": again,
        "import_xlsx": from_xlsx,
        "xlsx_written_in_seconds": xlsx["seconds"],
        "ratio_import_to_copy": round(first["seconds"] / copy["seconds"], 2),  # type: ignore[operator]
        "ratio_xlsx_to_csv_import": round(from_xlsx["seconds"] / first["seconds"], 2),  # type: ignore[operator]
        "targets": {"ratio_import_to_copy_max": 3.0, "peak_rss_mb_max": 400},
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
