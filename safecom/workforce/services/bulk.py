"""Bulk writes for the import: PostgreSQL's COPY where we have it, Django's bulk_create and
bulk_update elsewhere (SQLite). Called only from services inside their transaction.

COPY skips Django's field preparation, so the two encrypted fields are encrypted here with
the same function the model fields use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from safecom.core.crypto import encrypt_text
from safecom.workforce.importing.columns import STAFF_FIELDS
from safecom.workforce.models import StaffMember, TrainingRecord
from safecom.workforce.services.records import DERIVED_FIELDS

WRITE_FIELDS = (*STAFF_FIELDS, *DERIVED_FIELDS, "training_fingerprint")
_STAFF_TABLE = StaffMember._meta.db_table
_TRAINING_TABLE = TrainingRecord._meta.db_table


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _db_value(name: str, value: Any) -> Any:
    if name == "date_of_birth":
        return encrypt_text(value.isoformat()) if value else None
    if name == "dbs_number":
        return encrypt_text(value) if value else ""
    return value


def _copy(table: str, columns: Sequence[str], rows: Any) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _insert(model: Any, names: Sequence[str], rows: Any, *, chunk: int = 5000) -> None:
    """Insert plain rows: COPY on PostgreSQL, executemany elsewhere (no model instances)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [_column(model, n) for n in names]
    if _is_postgres():
        _copy(table, columns, rows)
        return
    # Table and column names come from the model, never from input.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        batch: list[Any] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _now(now: dt.datetime) -> Any:
    return now if _is_postgres() else connection.ops.adapt_datetimefield_value(now)


def insert_staff(
    *, provider_id: int, records: list[dict[str, Any]], now: dt.datetime
) -> dict[str, int]:
    """Create staff records (full values with derived fields); staff reference -> new id."""
    if not records:
        return {}
    stamp = _now(now)
    names = ("provider", *WRITE_FIELDS, "created_at", "updated_at")
    if _is_postgres():
        # Take the ids from the sequence first (one query), so nothing is looked up after.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [_STAFF_TABLE, len(records)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        _insert(
            StaffMember,
            ("id", *names),
            (
                (pk, provider_id, *(_db_value(n, r[n]) for n in WRITE_FIELDS), stamp, stamp)
                for pk, r in zip(ids, records, strict=True)
            ),
        )
        return {r["staff_reference"]: pk for pk, r in zip(ids, records, strict=True)}
    _insert(
        StaffMember,
        names,
        ((provider_id, *(_db_value(n, r[n]) for n in WRITE_FIELDS), stamp, stamp) for r in records),
    )
    refs = [r["staff_reference"] for r in records]
    found: dict[str, int] = {}
    for start in range(0, len(refs), 900):  # SQLite allows 999 parameters a query
        found.update(
            StaffMember.objects.filter(
                provider_id=provider_id, staff_reference__in=refs[start : start + 900]
            ).values_list("staff_reference", "pk")
        )
    return found


def update_staff(*, records: list[tuple[int, dict[str, Any]]], now: dt.datetime) -> None:
    """Overwrite existing records (id, full values with derived fields)."""
    if not records:
        return
    if _is_postgres():
        quote = connection.ops.quote_name
        names = (*WRITE_FIELDS, "updated_at")
        columns = [_column(StaffMember, n) for n in names]
        with connection.cursor() as cursor:
            # Only the columns written: a copy of the whole table would carry its NOT NULL
            # constraints onto columns this update does not send.
            selected = ", ".join(["id", *columns])
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS wf_staff_changes ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {selected} FROM {quote(_STAFF_TABLE)} WITH NO DATA"
            )
            cursor.execute("TRUNCATE wf_staff_changes")
        _copy(
            "wf_staff_changes",
            ["id", *columns],
            ((pk, *(_db_value(n, r[n]) for n in WRITE_FIELDS), now) for pk, r in records),
        )
        assignments = ", ".join(f"{c} = t.{c}" for c in columns)
        with connection.cursor() as cursor:
            # Names come from the model, never from input.
            sql = f"UPDATE {quote(_STAFF_TABLE)} AS s SET {assignments} FROM wf_staff_changes AS t"  # noqa: S608
            cursor.execute(sql + " WHERE s.id = t.id")
        return
    objects = []
    for pk, r in records:
        staff = StaffMember(pk=pk, **r)
        staff.updated_at = now
        objects.append(staff)
    StaffMember.objects.bulk_update(objects, [*WRITE_FIELDS, "updated_at"], batch_size=200)


def insert_training(*, records: list[tuple[int, str, dt.date, str, str]], now: dt.datetime) -> None:
    """(staff id, kind, completed on, level, course) rows."""
    if records:
        stamp = _now(now)
        _insert(
            TrainingRecord,
            ("staff", "kind", "completed_on", "level", "course", "created_at"),
            ((*r, stamp) for r in records),
        )


def update_training_levels(*, records: list[tuple[int, str]]) -> None:
    if records:
        TrainingRecord.objects.bulk_update(
            [TrainingRecord(pk=pk, level=level) for pk, level in records],
            ["level"],
            batch_size=500,
        )
