"""Workforce import benchmark: a register imported into PostgreSQL, against a plain COPY of
the same rows, a COPY of the records it stores, and django-import-export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_workforce \
        .venv/bin/python bench/workforce/run.py [--scale large|tenth] [--rows N] [--compare-rows N]

`figures(scale=..., database_url=...)` is what `make bench` calls (large: 100,000 rows,
tenth: 10,000). In one run it generates the CSV (and the same rows as XLSX; both kept for the
day under var/bench-workforce/), then, each in its own process so each peak memory is its own:
a plain COPY of the CSV into a scratch table of text columns; the full validated import of the
CSV (every row checked, records encrypted, stored); the same file imported again (everything
unchanged); the staff and training records that import stored, dumped in binary, deleted and
copied back into the real tables in one transaction (binary COPY); the XLSX imported into a
second provider; and django-import-export importing the same CSV into a third
(--compare-rows N gives it only the first N rows, beside our import of those same rows into a
fourth). Run alone it prints the figures and writes them to
bench/results-workforce.json.

It migrates the database it is given and empties the workforce records of its own bench
providers (nothing else), and refuses a database whose name does not start with "bench".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import support  # noqa: E402

WORK = ROOT / "var" / "bench-workforce"
RESULTS = ROOT / "bench" / "results-workforce.json"
ROWS = {"large": 100_000, "tenth": 10_000}
# django-import-export imports this many rows of the same file (all of it at both scales; a
# smaller number, with --compare-rows, compares our import of those same rows).
COMPARED_ROWS = 100_000
PROVIDERS = {
    "csv": "bench-provider-csv",
    "xlsx": "bench-provider-xlsx",
    "iex": "bench-provider-import-export",
    "same": "bench-provider-same-rows",
}
MAX_RATIO_TO_COPY = 3.0
MAX_XLSX_TO_CSV = 2.0
MIN_TIMES_FASTER = 10.0
MAX_PEAK_MB = 400


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


def _server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when the server runs
    on this machine (read from /proc); None otherwise. With the client's own CPU seconds it
    shows the work done whatever else the machine is doing."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _timed(work: Any) -> tuple[Any, dict[str, Any]]:
    server = _server_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    timing: dict[str, Any] = {
        "seconds": round(time.perf_counter() - started, 3),
        "client_cpu_seconds": round(time.process_time() - cpu, 3),
        "server_cpu_seconds": None,
    }
    after = _server_cpu()
    if server is not None and after is not None:
        timing["server_cpu_seconds"] = round(after - server, 3)
    return result, timing


def phase_copy(csv_path: Path, columns: int) -> dict[str, Any]:
    """A plain COPY of the same rows into a scratch table of text columns."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_scr_copy")
        cursor.execute(
            f"CREATE TABLE bench_scr_copy ({', '.join(f'c{i} text' for i in range(columns))})"
        )

    def copy() -> None:
        sql = "COPY bench_scr_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        with (
            connection.cursor() as cursor,
            csv_path.open("rb") as handle,
            cursor.cursor.copy(sql) as out,
        ):
            while chunk := handle.read(1 << 20):
                out.write(chunk)

    _, timing = _timed(copy)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_scr_copy")
        rows = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_scr_copy")
    return {**timing, "rows": rows, "peak_rss_mb": round(_peak_mb(), 1)}


def phase_copy_records(provider_slug: str) -> dict[str, Any]:
    """The staff and training rows the import stored for this provider (encrypted values,
    fingerprints, all of it) dumped in binary, deleted, then timed as they are copied back in
    one transaction into the same tables, indexes, unique constraints and foreign keys. They
    come back with their own ids: the provider ends as it began."""
    from django.db import connection, transaction

    from safecom.organisations.models import Organisation
    from safecom.workforce.models import StaffMember, TrainingRecord

    provider_id = int(Organisation.objects.get(slug=provider_slug).pk)
    staff = connection.ops.quote_name(StaffMember._meta.db_table)
    training = connection.ops.quote_name(TrainingRecord._meta.db_table)
    # Table names come from the models and the id is an int: nothing here comes from input.
    mine = f"SELECT id FROM {staff} WHERE provider_id = {provider_id}"  # noqa: S608
    queries = {
        staff: f"SELECT * FROM {staff} WHERE provider_id = {provider_id} ORDER BY id",  # noqa: S608
        training: f"SELECT * FROM {training} WHERE staff_id IN ({mine}) ORDER BY id",  # noqa: S608
    }

    def count() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({queries[staff]}) s")  # noqa: S608
            people = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM ({queries[training]}) t")  # noqa: S608
            return people, cursor.fetchone()[0]

    before = count()
    dumps: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for table, query in queries.items():
            data = bytearray()
            with cursor.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    data += chunk
            dumps[table] = bytes(data)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {training} WHERE staff_id IN ({mine})")  # noqa: S608
        cursor.execute(f"DELETE FROM {staff} WHERE provider_id = {provider_id}")  # noqa: S608
    with connection.cursor() as cursor:
        # The same clean start the import had: no dead rows, fresh statistics.
        cursor.execute(f"VACUUM ANALYZE {staff}, {training}")

    def copy_back() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table, data in dumps.items():
                with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    for at in range(0, len(data), 1 << 20):
                        copy.write(data[at : at + (1 << 20)])

    _, timing = _timed(copy_back)
    after = count()
    if after != before:
        raise SystemExit(f"copied back {after} staff and training rows, expected {before}")
    return {
        **timing,
        "staff": after[0],
        "training": after[1],
        "bytes": sum(len(d) for d in dumps.values()),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def phase_import(path: Path, provider_slug: str) -> dict[str, Any]:
    from safecom.organisations.models import Organisation
    from safecom.workforce.services.importer import staff_import

    provider = Organisation.objects.get(slug=provider_slug)
    data = path.read_bytes()
    outcome, timing = _timed(
        lambda: staff_import(
            actor=None, provider=provider, data=data, name=path.name, max_bytes=2 * 1024**3
        )
    )
    if outcome.errors:
        raise SystemExit(f"the bench file has errors: {outcome.errors[:3]}")
    return {
        **timing,
        "rows": outcome.rows,
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "training_added": outcome.training_added,
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def phase_import_export(path: Path, provider_slug: str) -> dict[str, Any]:
    from bench.workforce.baseline import import_with_django_import_export
    from safecom.organisations.models import Organisation

    provider = Organisation.objects.get(slug=provider_slug)
    result, timing = _timed(lambda: import_with_django_import_export(path, provider.pk))
    return {**result, **timing, "peak_rss_mb": round(_peak_mb(), 1)}


def phase_prepare() -> dict[str, Any]:
    """Migrate, load the standards, make the bench providers and empty their records."""
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
        print(f"(standards not reloaded: {exc})", file=sys.stderr)
    for slug in PROVIDERS.values():
        provider, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").title(), "kind": "provider"}
        )
        StaffMember.objects.filter(provider=provider).delete()
    with connection.cursor() as cursor:
        # A clean start each run: no dead rows from the last run's records, fresh statistics.
        cursor.execute("VACUUM ANALYZE workforce_staffmember, workforce_trainingrecord")
        cursor.execute("SELECT count(*) FROM workforce_staffmember")
        others = cursor.fetchone()[0]
    return {"staff_already_in_database": others}


def _child(database_url: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url}
    out = subprocess.run(  # noqa: S603 - our own script, with our own arguments
        [sys.executable, __file__, "--phase", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _run_phase(name: str, rest: list[str]) -> dict[str, Any]:
    support.django_setup(os.environ["DATABASE_URL"])
    if name == "prepare":
        return phase_prepare()
    if name == "copy":
        return phase_copy(Path(rest[0]), int(rest[1]))
    if name == "import-export":
        return phase_import_export(Path(rest[0]), rest[1])
    if name == "copy-records":
        return phase_copy_records(rest[0])
    return phase_import(Path(rest[0]), rest[1])


# --- One run ---------------------------------------------------------------------------------


def _files(rows: int) -> tuple[Path, Path, Path, int]:
    """The day's register of this size as CSV and XLSX, and its first rows for the comparison
    (made once a day: the dates in them are relative to today)."""
    WORK.mkdir(parents=True, exist_ok=True)
    today = dt.date.today().isoformat()
    csv_path = WORK / f"register-{rows}-{today}.csv"
    xlsx_path = WORK / f"register-{rows}-{today}.xlsx"
    compared = min(rows, COMPARED_ROWS)
    first_path = (
        csv_path if compared == rows else WORK / f"register-{rows}-{today}-first-{compared}.csv"
    )
    for old in WORK.glob("register-*"):
        if today not in old.name:
            old.unlink()
    if not csv_path.exists():
        print(f"Generating {rows:,} rows ...", flush=True)
        generate(rows, csv_path)
    columns = len(next(csv.reader(csv_path.open(encoding="utf-8"))))
    if not xlsx_path.exists():
        print("Writing them as XLSX ...", flush=True)
        to_xlsx(csv_path, xlsx_path)
    if not first_path.exists():
        with (
            csv_path.open(encoding="utf-8") as source,
            first_path.open("w", encoding="utf-8") as out,
        ):
            for _, line in zip(range(compared + 1), source, strict=False):
                out.write(line)
    return csv_path, xlsx_path, first_path, columns


def measure(*, rows: int, database_url: str, compare_rows: int | None = None) -> dict[str, Any]:
    global COMPARED_ROWS
    COMPARED_ROWS = compare_rows or COMPARED_ROWS
    name = support.database_name(database_url)
    if not name.startswith("bench"):
        raise RuntimeError(
            f"The benchmark migrates and empties its providers' records in '{name}'. Give it a "
            "database whose name starts with 'bench'."
        )
    csv_path, xlsx_path, first_path, columns = _files(rows)
    prepared = _child(database_url, "prepare")
    print("COPY ...", flush=True)
    copy = _child(database_url, "copy", str(csv_path), str(columns))
    print("Import (CSV) ...", flush=True)
    first = _child(database_url, "import", str(csv_path), PROVIDERS["csv"])
    print("Import again (CSV, nothing changed) ...", flush=True)
    again = _child(database_url, "import", str(csv_path), PROVIDERS["csv"])
    print("COPY of the same records into the real tables ...", flush=True)
    records = _child(database_url, "copy-records", PROVIDERS["csv"])
    print("Import (XLSX) ...", flush=True)
    from_xlsx = _child(database_url, "import", str(xlsx_path), PROVIDERS["xlsx"])
    print(f"django-import-export on {min(rows, COMPARED_ROWS):,} rows ...", flush=True)
    iex = _child(database_url, "import-export", str(first_path), PROVIDERS["iex"])
    same = first
    if first_path != csv_path:
        print("Our import of those same rows ...", flush=True)
        same = _child(database_url, "import", str(first_path), PROVIDERS["same"])
    return {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rows": rows,
        "csv_bytes": csv_path.stat().st_size,
        "xlsx_bytes": xlsx_path.stat().st_size,
        "environment": support.environment(database_url),
        "database": {"name": name, **prepared},
        "copy": copy,
        "import_csv": first,
        "import_csv_again": again,
        "copy_records": records,
        "import_xlsx": from_xlsx,
        "django_import_export": iex,
        "import_csv_same_rows": same,
    }


def _figures(r: dict[str, Any]) -> list[dict[str, Any]]:
    # The names are the same at every scale, so the runner's table shows the scales side by
    # side; the number of rows is in each note.
    rows = r["rows"]
    copy, first, again, xlsx = r["copy"], r["import_csv"], r["import_csv_again"], r["import_xlsx"]
    records, iex, same = r["copy_records"], r["django_import_export"], r["import_csv_same_rows"]
    load = r["environment"]["load_average"][0]
    shared = f"1-minute load average {load} at the end (2 CPUs, shared)"
    size = f"{rows:,} rows"
    to_copy = first["seconds"] / copy["seconds"]
    to_records = round(first["seconds"] / records["seconds"], 2)
    xlsx_ratio = xlsx["seconds"] / first["seconds"]
    times = iex["seconds"] / same["seconds"]
    return [
        support.figure(
            "staff import, CSV",
            first["seconds"],
            "s",
            baseline_name="plain PostgreSQL COPY of the same CSV",
            baseline=copy["seconds"],
            note=(
                f"{size}: {first['created']:,} staff and {first['training_added']:,} training "
                f"records checked, encrypted and stored; CPU seconds {_cpu(first)} against "
                f"COPY's {_cpu(copy)}; the plain COPY stores the text, not the records, so the "
                f"issue's ≤ {MAX_RATIO_TO_COPY:g}× is judged on the next figure (decision 67; "
                f"ratio to the plain COPY {to_copy:.1f}); " + shared
            ),
        ),
        support.figure(
            "staff import CSV ÷ COPY of the same records into the real tables",
            to_records,
            "×",
            target=f"≤ {MAX_RATIO_TO_COPY:g}×",
            meets=to_records <= MAX_RATIO_TO_COPY,
            note=(
                f"{size}: our import {first['seconds']} s against {records['seconds']} s for a "
                f"binary COPY, in one transaction, of the {records['staff']:,} staff and "
                f"{records['training']:,} training rows it stored (dumped after the import, "
                "then deleted) into the same tables with their indexes, unique constraints and "
                f"foreign keys; CPU seconds {_cpu(first)} against {_cpu(records)}"
            ),
        ),
        support.figure(
            "staff import, CSV, peak memory",
            first["peak_rss_mb"],
            "MB",
            target=f"≤ {MAX_PEAK_MB} MB",
            meets=first["peak_rss_mb"] <= MAX_PEAK_MB,
            note=f"{size}: peak resident memory of the importing process",
        ),
        support.figure(
            "staff import, XLSX",
            xlsx["seconds"],
            "s",
            baseline_name="the CSV import of the same rows",
            baseline=first["seconds"],
            target=f"≤ {MAX_XLSX_TO_CSV:g}× the CSV import",
            meets=xlsx_ratio <= MAX_XLSX_TO_CSV,
            note=(
                f"{size}; date cells; {r['xlsx_bytes'] / 1e6:.0f} MB workbook, read a slice "
                "at a time"
            ),
        ),
        support.figure(
            "staff import, XLSX, peak memory",
            xlsx["peak_rss_mb"],
            "MB",
            target=f"≤ {MAX_PEAK_MB} MB",
            meets=xlsx["peak_rss_mb"] <= MAX_PEAK_MB,
            note=f"{size}: peak resident memory of the importing process",
        ),
        support.figure(
            "django-import-export, the same CSV",
            iex["seconds"],
            "s",
            baseline_name="our import of the same rows",
            baseline=same["seconds"],
            target=f"≥ {MIN_TIMES_FASTER:g}× our import's time",
            meets=times >= MIN_TIMES_FASTER,
            note=(
                f"{iex['rows']:,} rows on both sides, not scaled; ModelResource, use_bulk, "
                "batches of 2,000, skip_diff; staff fields only (no training records, no "
                f"cross-field checks); CPU seconds {_cpu(iex)} against ours {_cpu(same)}"
            ),
        ),
        support.figure(
            "staff re-import, unchanged",
            again["seconds"],
            "s",
            baseline_name="plain PostgreSQL COPY of the same CSV",
            baseline=copy["seconds"],
            target="nothing written",
            meets=again["unchanged"] == rows,
            note=f"{size}: every row checked and recognised unchanged by its fingerprint",
        ),
    ]


def _cpu(phase: dict[str, Any]) -> str:
    """'client + server' CPU seconds of a phase."""
    server = phase.get("server_cpu_seconds")
    client = phase["client_cpu_seconds"]
    return f"{client} + {server} (server)" if server is not None else f"{client} (client)"


def figures(*, scale: str, database_url: str) -> list[dict[str, Any]]:
    """The workforce figures at this scale (large: 100,000 rows; tenth: 10,000)."""
    return _figures(measure(rows=ROWS[scale], database_url=database_url))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", choices=sorted(ROWS), default="large")
    parser.add_argument("--rows", type=int, help="another number of rows than the scale's")
    parser.add_argument(
        "--compare-rows", type=int, help="give django-import-export only the first N rows"
    )
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        name, *rest = args.phase
        print(json.dumps(_run_phase(name, rest)))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    try:
        results = measure(
            rows=args.rows or ROWS[args.scale], database_url=url, compare_rows=args.compare_rows
        )
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from exc
    results["figures"] = _figures(results)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
