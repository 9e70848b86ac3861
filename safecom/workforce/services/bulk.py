"""Bulk writes for the import and the demo: PostgreSQL's binary COPY where we have it,
executemany and Django's bulk_update elsewhere (SQLite). Called only from services inside
their transaction.

COPY skips Django's field preparation, so the two encrypted fields are encrypted here with
the same function the model fields use.

On PostgreSQL the import hands its writes to a `Writer`, which runs them in order on a thread
of its own over the same connection (so in the same transaction): while PostgreSQL stores
one batch and checks its foreign keys, the next batch's rows are being checked (decision 17).
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection

from safecom.core.crypto import encrypt_text
from safecom.workforce.importing.columns import STAFF_FIELDS
from safecom.workforce.models import StaffMember, TrainingRecord
from safecom.workforce.services.records import DERIVED_FIELDS

WRITE_FIELDS = (*STAFF_FIELDS, *DERIVED_FIELDS, "training_fingerprint")
_STAFF_TABLE = StaffMember._meta.db_table
_TRAINING_TABLE = TrainingRecord._meta.db_table
_WRITTEN = itemgetter(*WRITE_FIELDS)
_DOB, _DBS = WRITE_FIELDS.index("date_of_birth"), WRITE_FIELDS.index("dbs_number")
TRAINING_FIELDS = ("staff", "kind", "completed_on", "level", "course", "created_at")
# (staff id, kind, completed on, level, course)
TrainingRow = tuple[int, str, dt.date, str, str]


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _raw() -> Any:
    """The psycopg connection under Django's, in the current transaction."""
    connection.ensure_connection()
    return connection.connection


def _written(record: dict[str, Any]) -> list[Any]:
    """A record's values in WRITE_FIELDS order, the private two encrypted."""
    values = list(_WRITTEN(record))
    dob, number = values[_DOB], values[_DBS]
    values[_DOB] = encrypt_text(dob.isoformat()) if dob else None
    values[_DBS] = encrypt_text(number) if number else ""
    return values


# --- PostgreSQL ------------------------------------------------------------------------------

_types: dict[tuple[str, tuple[str, ...]], list[int]] = {}


def _column_types(raw: Any, table: str, columns: Sequence[str]) -> list[int]:
    """The type of each column, which a binary COPY has to state."""
    key = (table, tuple(columns))
    if key not in _types:
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            found = dict(cursor.fetchall())
        _types[key] = [int(found[c.strip('"')]) for c in columns]
    return _types[key]


def _copy(raw: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Binary COPY: cheaper to write and for the server to read than text."""
    types = _column_types(raw, table, columns)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _pg_insert_staff(
    raw: Any, provider_id: int, records: list[dict[str, Any]], now: dt.datetime
) -> dict[str, int]:
    refs = [r["staff_reference"] for r in records]
    ids = _next_ids(raw, len(records))
    return _pg_insert_rows(raw, provider_id, refs, [_written(r) for r in records], now, ids)


def _next_ids(raw: Any, count: int) -> list[int]:
    """New staff ids from the table's sequence (taken first, so nothing is looked up after)."""
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [_STAFF_TABLE, count],
        )
        return [row[0] for row in cursor.fetchall()]


class _StaffIds:
    """New staff ids for an import, taken from the sequence ahead of need: twice as many each
    time (up to LARGEST), so a 100,000-row import asks about ten times rather than once a
    batch, each ask a round trip the writer thread waits for. Ids left over at the end are
    a gap in the sequence, as a rolled-back import leaves too."""

    LARGEST = 16_000

    def __init__(self) -> None:
        self.pool: list[int] = []
        self.asked = 0

    def take(self, raw: Any, count: int) -> list[int]:
        short = count - len(self.pool)
        if short > 0:
            self.asked = max(short, min(2 * self.asked, self.LARGEST))
            self.pool.extend(_next_ids(raw, self.asked))
        taken, self.pool = self.pool[:count], self.pool[count:]
        return taken


def _pg_insert_rows(
    raw: Any,
    provider_id: int,
    refs: list[str],
    rows: list[list[Any]],
    now: dt.datetime,
    ids: list[int],
) -> dict[str, int]:
    """Staff rows already in WRITE_FIELDS order and encrypted, with their new ids; staff
    reference -> new id."""
    columns = [
        _column(StaffMember, n)
        for n in ("id", "provider", *WRITE_FIELDS, "created_at", "updated_at")
    ]
    _copy(
        raw,
        connection.ops.quote_name(_STAFF_TABLE),
        columns,
        ((pk, provider_id, *r, now, now) for pk, r in zip(ids, rows, strict=True)),
    )
    return dict(zip(refs, ids, strict=True))


def _pg_update_staff(raw: Any, records: list[tuple[int, list[Any]]], now: dt.datetime) -> None:
    """Existing records (id, values already in WRITE_FIELDS order and encrypted)."""
    quote = connection.ops.quote_name
    columns = [_column(StaffMember, n) for n in (*WRITE_FIELDS, "updated_at")]
    with raw.cursor() as cursor:
        # Only the columns written: a copy of the whole table would carry its NOT NULL
        # constraints onto columns this update does not send.
        selected = ", ".join(["id", *columns])
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS wf_staff_changes ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {selected} FROM {quote(_STAFF_TABLE)} WITH NO DATA"
        )
        cursor.execute("TRUNCATE wf_staff_changes")
    _copy(raw, "wf_staff_changes", ["id", *columns], ((pk, *r, now) for pk, r in records))
    assignments = ", ".join(f"{c} = t.{c}" for c in columns)
    with raw.cursor() as cursor:
        # Names come from the model, never from input.
        sql = f"UPDATE {quote(_STAFF_TABLE)} AS s SET {assignments} FROM wf_staff_changes AS t"  # noqa: S608
        cursor.execute(sql + " WHERE s.id = t.id")


def _pg_insert_training(raw: Any, records: list[TrainingRow], now: dt.datetime) -> None:
    columns = [_column(TrainingRecord, n) for n in TRAINING_FIELDS]
    _copy(raw, connection.ops.quote_name(_TRAINING_TABLE), columns, ((*r, now) for r in records))


def _pg_update_levels(raw: Any, records: list[tuple[int, str]]) -> None:
    table = connection.ops.quote_name(_TRAINING_TABLE)
    with raw.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET level = %s WHERE id = %s",  # noqa: S608
            [(level, pk) for pk, level in records],
        )


def _pg_training_on_record(
    raw: Any, staff_ids: list[int]
) -> dict[tuple[int, str, dt.date], tuple[int, str]]:
    table = connection.ops.quote_name(_TRAINING_TABLE)
    with raw.cursor() as cursor:
        cursor.execute(
            f"SELECT staff_id, kind, completed_on, id, level FROM {table} "  # noqa: S608
            "WHERE staff_id = ANY(%s)",
            [staff_ids],
        )
        return {(s, k, d): (pk, lv) for s, k, d, pk, lv in cursor.fetchall()}


def _foreign_keys(raw: Any) -> list[str]:
    """The deferrable foreign keys of the two tables the import writes."""
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(conname) FROM pg_constraint WHERE contype = 'f' "
            "AND condeferrable AND conrelid IN (%s::regclass, %s::regclass)",
            [_STAFF_TABLE, _TRAINING_TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


# --- SQLite and others -----------------------------------------------------------------------


def _insert(model: Any, names: Sequence[str], rows: Iterable[Any], *, chunk: int = 5000) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [_column(model, n) for n in names]
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


def _stamp(now: dt.datetime) -> Any:
    return now if _is_postgres() else connection.ops.adapt_datetimefield_value(now)


# --- What the import and the demo call --------------------------------------------------------


def insert_staff(
    *, provider_id: int, records: list[dict[str, Any]], now: dt.datetime
) -> dict[str, int]:
    """Create staff records (full values with derived fields); staff reference -> new id."""
    if not records:
        return {}
    if _is_postgres():
        return _pg_insert_staff(_raw(), provider_id, records, now)
    stamp = _stamp(now)
    names = ("provider", *WRITE_FIELDS, "created_at", "updated_at")
    _insert(StaffMember, names, ((provider_id, *_written(r), stamp, stamp) for r in records))
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
        _pg_update_staff(_raw(), [(pk, _written(r)) for pk, r in records], now)
        return
    objects = []
    for pk, r in records:
        staff = StaffMember(pk=pk, **{n: r[n] for n in WRITE_FIELDS})
        staff.updated_at = now
        objects.append(staff)
    StaffMember.objects.bulk_update(objects, [*WRITE_FIELDS, "updated_at"], batch_size=200)


def insert_training(*, records: list[TrainingRow], now: dt.datetime) -> None:
    if not records:
        return
    if _is_postgres():
        _pg_insert_training(_raw(), records, now)
        return
    stamp = _stamp(now)
    _insert(TrainingRecord, TRAINING_FIELDS, ((*r, stamp) for r in records))


def update_training_levels(*, records: list[tuple[int, str]]) -> None:
    if not records:
        return
    if _is_postgres():
        _pg_update_levels(_raw(), records)
        return
    TrainingRecord.objects.bulk_update(
        [TrainingRecord(pk=pk, level=level) for pk, level in records], ["level"], batch_size=500
    )


def training_on_record(staff_ids: list[int]) -> dict[tuple[int, str, dt.date], tuple[int, str]]:
    """(staff id, kind, completed on) -> (training id, level), a query per 900 people."""
    found: dict[tuple[int, str, dt.date], tuple[int, str]] = {}
    for start in range(0, len(staff_ids), 900):  # SQLite allows 999 parameters a query
        rows = TrainingRecord.objects.filter(staff_id__in=staff_ids[start : start + 900])
        found.update(
            {
                (s, k, d): (pk, lv)
                for s, k, d, pk, lv in rows.values_list(
                    "staff_id", "kind", "completed_on", "pk", "level"
                )
            }
        )
    return found


class Batch:
    """One batch of an import's writes."""

    def __init__(self) -> None:
        self.creates: list[dict[str, Any]] = []
        self.new_training: list[tuple[str, list[tuple[str, dt.date, str]]]] = []  # by reference
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.training: list[TrainingRow] = []  # for people already on record
        self.levels: list[tuple[int, str]] = []
        self.courses: dict[str, str] = {}
        # The staff rows as COPY writes them (WRITE_FIELDS order, encrypted): see `prepare`.
        self.create_refs: list[str] = []
        self.create_rows: list[list[Any]] = []
        self.update_rows: list[tuple[int, list[Any]]] = []

    def prepare(self) -> None:
        """Put the staff rows in COPY's order and encrypt them, on the calling thread, so the
        writer thread (the one waiting for PostgreSQL) holds Python's lock as little as it
        can: it then only formats and sends the rows."""
        self.create_refs = [r["staff_reference"] for r in self.creates]
        self.create_rows = [_written(r) for r in self.creates]
        self.update_rows = [(pk, _written(r)) for pk, r in self.updates]
        self.creates, self.updates = [], []


def _write_batch(
    raw: Any, provider_id: int, batch: Batch, now: dt.datetime, pool: _StaffIds | None = None
) -> None:
    """A prepared batch on PostgreSQL (`raw` its connection); elsewhere (`raw` None) the
    batch as it was made."""
    ids = (
        _pg_insert_rows(
            raw,
            provider_id,
            batch.create_refs,
            batch.create_rows,
            now,
            (pool or _StaffIds()).take(raw, len(batch.create_rows)),
        )
        if raw is not None and batch.create_rows
        else insert_staff(provider_id=provider_id, records=batch.creates, now=now)
    )
    training = batch.training
    courses = batch.courses
    for ref, done in batch.new_training:
        pk = ids[ref]
        training.extend([(pk, kind, day, level, courses[kind]) for kind, day, level in done])
    if raw is None:
        update_staff(records=batch.updates, now=now)
        insert_training(records=training, now=now)
        update_training_levels(records=batch.levels)
        return
    if batch.update_rows:
        _pg_update_staff(raw, batch.update_rows, now)
    if training:
        _pg_insert_training(raw, training, now)
    if batch.levels:
        _pg_update_levels(raw, batch.levels)


_STOP = object()


class Writer:
    """Runs an import's writes in the order given. On PostgreSQL they run on a thread of
    their own over this thread's connection, with the two tables' foreign keys checked as
    each batch is stored rather than all at the commit, so that work overlaps the checking
    of the next rows too. Elsewhere each write runs at once."""

    def __init__(self, *, provider_id: int, now: dt.datetime):
        self.provider_id, self.now = provider_id, now
        self.raw = _raw() if _is_postgres() else None
        self.ids = _StaffIds()  # used on the writer thread only
        self.error: BaseException | None = None
        self.jobs: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        if self.raw is not None:
            self.thread = threading.Thread(target=self._work, name="workforce-import-writes")
            self.thread.start()

    def write(self, batch: Batch) -> None:
        if self.thread is None:
            _write_batch(None, self.provider_id, batch, self.now)
            return
        self._raise()
        batch.prepare()
        job = (self.raw, self.provider_id, batch, self.now, self.ids)
        self.jobs.put((_write_batch, job, None))

    def training_on_record(
        self, staff_ids: list[int]
    ) -> dict[tuple[int, str, dt.date], tuple[int, str]]:
        """Once every write handed over so far is done."""
        if self.thread is None or not staff_ids:
            return training_on_record(staff_ids)
        reply: queue.Queue[Any] = queue.Queue()
        self.jobs.put((_pg_training_on_record, (self.raw, staff_ids), reply))
        answer = reply.get()
        self._raise()
        return answer  # type: ignore[no-any-return]

    def close(self) -> None:
        """Wait for every write; raise what went wrong in one."""
        if self.thread is not None:
            self.jobs.put(_STOP)
            self.thread.join()
            self.thread = None
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _work(self) -> None:
        keys: list[str] = []
        try:
            keys = _foreign_keys(self.raw)
            self._constraints(keys, "IMMEDIATE")
        except BaseException as exc:
            self.error = exc
        while (job := self.jobs.get()) is not _STOP:
            function, args, reply = job
            if self.error is not None:  # keep taking jobs so no put() waits for ever
                if reply is not None:
                    reply.put(None)
                continue
            try:
                result = function(*args)
            except BaseException as exc:
                self.error, result = exc, None
            if reply is not None:
                reply.put(result)
        if self.error is None:
            try:
                self._constraints(keys, "DEFERRED")
            except BaseException as exc:
                self.error = exc

    def _constraints(self, keys: list[str], mode: str) -> None:
        if keys and self.raw is not None:
            with self.raw.cursor() as cursor:
                # The names come from the catalogue, quoted by PostgreSQL itself.
                cursor.execute(f"SET CONSTRAINTS {', '.join(keys)} {mode}")
