"""Backup and restore: every table, portable between SQLite and PostgreSQL, checksummed.

The archive is a zip holding `manifest.json` (the schema's migrations, and for each table its
columns, row count and SHA-256), `manifest.sha256`, one JSON Lines file per table (a row a
line, in primary key order, each value as the database keeps it: encrypted fields stay
ciphertext, so an archive is no more readable than the database and needs the same
SAFECOM_FIELD_KEYS to be of use) and the stored files (evidence, reports) under `files/`.

Restoring checks the whole archive first, then writes everything in one transaction, reads
every table back and compares its checksum with the archive's: anything short of identical
rolls it all back. Sessions are not kept: a restored service starts with nobody signed in.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.duration import duration_iso_string

from safecom.core.crypto import EncryptedDateField, EncryptedTextField

FORMAT = "safecom-backup"
VERSION = 1
SKIPPED = {"django_session"}
# Made by `migrate` in any new database: replaced by the archive's, never counted as data.
SYSTEM = {"django_content_type", "auth_permission"}
BATCH = 1000
_ENCRYPTED = (EncryptedTextField, EncryptedDateField)


class BackupError(Exception):
    """The archive or the database cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    fields: list[models.Field]  # type: ignore[type-arg]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> list[str]:
        return [str(f.column) for f in self.fields]

    @property
    def encrypted(self) -> list[str]:
        return [str(f.column) for f in self.fields if isinstance(f, _ENCRYPTED)]


def tables() -> list[Table]:
    """Every table the project's models keep (many-to-many tables too), by name."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in SKIPPED:
            found.append(Table(model, list(meta.local_concrete_fields)))
    return sorted(found, key=lambda t: t.name)


def applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


# Reading rows as stored --------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | dict | list):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise BackupError(f"A value of type {type(value).__name__} cannot be kept in a backup.")


def table_lines(table: Table) -> Iterator[bytes]:
    """Each row as one canonical JSON line: the same data gives the same bytes, whatever the
    database. Encrypted columns are read as the stored text, never decrypted."""
    raw = {f.attname: f"backup_raw_{f.attname}" for f in table.fields if isinstance(f, _ENCRYPTED)}
    rows = table.model._base_manager.order_by("pk")
    if raw:
        rows = rows.annotate(**{a: Cast(n, models.TextField()) for n, a in raw.items()})
    names = [raw.get(f.attname, f.attname) for f in table.fields]
    for row in rows.values_list(*names).iterator(chunk_size=BATCH):
        yield (
            json.dumps(
                [_encode(v) for v in row],
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            ).encode()
            + b"\n"
        )


def table_checksum(table: Table) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for line in table_lines(table):
        digest.update(line)
        count += 1
    return count, digest.hexdigest()


def _stored_files() -> Iterator[str]:
    """Names of the stored files the records point to (evidence, reports, import inputs)."""
    seen: set[str] = set()
    for table in tables():
        for f in table.fields:
            if isinstance(f, models.FileField):
                names = table.model._base_manager.exclude(**{f.attname: ""}).values_list(
                    f.attname, flat=True
                )
                for name in names.iterator(chunk_size=BATCH):
                    if name and name not in seen:
                        seen.add(name)
                        yield name


# Writing an archive ------------------------------------------------------------------------


def backup_write(*, path: Path) -> dict[str, Any]:
    """Write the archive to `path` (replaced only once complete); the manifest is returned."""
    partial = path.with_name(path.name + ".partial")
    with transaction.atomic():
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
            # One consistent view of every table, whatever is written meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        manifest = _write(partial)
    partial.replace(path)
    return manifest


def _write(path: Path) -> dict[str, Any]:
    listed: list[dict[str, Any]] = []
    files: list[dict[str, Any]] = []
    missing: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for table in tables():
            member = f"tables/{table.name}.jsonl"
            digest, count = hashlib.sha256(), 0
            with archive.open(member, "w", force_zip64=True) as out:
                for line in table_lines(table):
                    out.write(line)
                    digest.update(line)
                    count += 1
            listed.append(
                {
                    "table": table.name,
                    "model": table.model._meta.label,
                    "columns": table.columns,
                    "encrypted": table.encrypted,
                    "rows": count,
                    "sha256": digest.hexdigest(),
                    "member": member,
                }
            )
        for name in _stored_files():
            try:
                handle = default_storage.open(name, "rb")
            except (FileNotFoundError, OSError):
                missing.append(name)
                continue
            digest, size = hashlib.sha256(), 0
            member = f"files/{name}"
            with handle, archive.open(member, "w", force_zip64=True) as out:
                while chunk := handle.read(1 << 20):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            files.append(
                {"name": name, "member": member, "size": size, "sha256": digest.hexdigest()}
            )
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "tables": listed,
            "files": files,
            "missing_files": missing,
        }
        text = json.dumps(manifest, indent=1, sort_keys=True).encode()
        archive.writestr("manifest.json", text)
        archive.writestr("manifest.sha256", hashlib.sha256(text).hexdigest())
    return manifest


# Reading and checking an archive -----------------------------------------------------------


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file {path}.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            f"{path} is not a complete backup archive (it may be cut short or damaged): {exc}"
        ) from exc


def _read(archive: zipfile.ZipFile, member: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError as exc:
        raise BackupError(f"The archive has no {member}: it is not a complete backup.") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise BackupError(f"The archive's {member} is damaged: {exc}") from exc


def archive_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    text = _read(archive, "manifest.json")
    expected = _read(archive, "manifest.sha256").decode("ascii", "replace").strip()
    if hashlib.sha256(text).hexdigest() != expected:
        raise BackupError("The archive's manifest does not match its checksum: it is damaged.")
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("The file is not a backup made by `safecom backup` (version 1).")
    return dict(manifest)


def _lines(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    try:
        with archive.open(member) as handle:
            yield from handle
    except KeyError as exc:
        raise BackupError(f"The archive has no {member}: it is not a complete backup.") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise BackupError(f"The archive's {member} is damaged: {exc}") from exc


def archive_check(path: Path) -> dict[str, Any]:
    """The manifest, once every table and file in the archive matches its checksum."""
    with _open(path) as archive:
        manifest = archive_manifest(archive)
        for entry in manifest["tables"]:
            digest, count = hashlib.sha256(), 0
            for line in _lines(archive, entry["member"]):
                digest.update(line)
                count += 1
            if (count, digest.hexdigest()) != (entry["rows"], entry["sha256"]):
                raise BackupError(
                    f"The archive's {entry['table']} does not match its checksum "
                    f"({count} rows read, {entry['rows']} written): the archive is damaged."
                )
        for entry in manifest["files"]:
            if hashlib.sha256(_read(archive, entry["member"])).hexdigest() != entry["sha256"]:
                raise BackupError(f"The archive's copy of {entry['name']} is damaged.")
    return manifest


# Restoring ---------------------------------------------------------------------------------


def _target_problems(manifest: dict[str, Any], by_name: dict[str, Table]) -> list[str]:
    """Why this database's schema cannot take the archive (none when it can)."""
    problems = []
    here, there = set(applied_migrations()), set(manifest["migrations"])
    if here != there:
        only_archive = sorted(there - here)[:3]
        only_here = sorted(here - there)[:3]
        problems.append(
            "The archive was made at another version of the database: "
            + (
                f"it has migrations this database lacks ({', '.join(only_archive)}); "
                if only_archive
                else ""
            )
            + (
                f"this database has migrations it lacks ({', '.join(only_here)}); "
                if only_here
                else ""
            )
            + "run `safecom migrate` here at the version that made it."
        )
    for entry in manifest["tables"]:
        table = by_name.get(entry["table"])
        if table is None:
            problems.append(f"This database has no table {entry['table']}.")
        elif table.columns != entry["columns"]:
            problems.append(
                f"The table {entry['table']} has other columns here than in the archive."
            )
    return problems


def _data_rows() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables():
            if table.name not in SYSTEM:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table.name)}")  # noqa: S608
                counts[table.name] = cursor.fetchone()[0]
    return {t: n for t, n in counts.items() if n}


def _empty(all_tables: list[Table]) -> None:
    quote = connection.ops.quote_name
    names = [quote(t.name) for t in all_tables] + [quote(n) for n in SKIPPED]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with foreign-key checks still pending in this
            # transaction: run them now, then defer again for the rows to come.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(names)} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for name in names:
                cursor.execute(f"DELETE FROM {name}")  # noqa: S608 - names from the models


def _stored(table: Table, row: list[Any]) -> list[Any]:
    """An archived row's values as this database stores them."""
    out = []
    for f, value in zip(table.fields, row, strict=True):
        if value is None or isinstance(f, _ENCRYPTED):
            out.append(value)  # ciphertext goes back exactly as it was stored
        elif isinstance(f, models.BinaryField):
            out.append(bytes.fromhex(value))
        else:
            out.append(f.get_db_prep_save(f.to_python(value), connection))
    return out


def _insert(archive: zipfile.ZipFile, table: Table, entry: dict[str, Any]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in table.columns)
    marks = ", ".join(["%s"] * len(table.columns))
    sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for line in _lines(archive, entry["member"]):
            batch.append(_stored(table, json.loads(line)))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _restore_files(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    for entry in manifest["files"]:
        data = _read(archive, entry["member"])
        if default_storage.exists(entry["name"]):
            with default_storage.open(entry["name"], "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() == entry["sha256"]:
                    continue
            default_storage.delete(entry["name"])
        saved = default_storage.save(entry["name"], ContentFile(data))
        if saved != entry["name"]:
            raise BackupError(f"The file {entry['name']} could not be put back under its name.")


def restore(*, path: Path, force: bool = False) -> dict[str, Any]:
    """Put an archive's data into this database; everything or nothing."""
    manifest = archive_check(path)
    by_name = {t.name: t for t in tables()}
    problems = _target_problems(manifest, by_name)
    if problems:
        raise BackupError(" ".join(problems))
    holding = _data_rows()
    if holding and not force:
        shown = ", ".join(f"{t} ({n} rows)" for t, n in sorted(holding.items())[:5])
        raise BackupError(
            f"This database already holds data ({shown}{', ...' if len(holding) > 5 else ''}). "
            "Restore into an empty database (`safecom migrate` on a new one), or give --force "
            "to replace everything in it."
        )
    with _open(path) as archive:
        _restore_files(archive, manifest)
        with transaction.atomic():
            _empty(list(by_name.values()))
            for entry in manifest["tables"]:
                _insert(archive, by_name[entry["table"]], entry)
            if connection.vendor == "postgresql":
                models_ = [t.model for t in by_name.values()]
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                        cursor.execute(sql)
            verified = []
            for entry in manifest["tables"]:
                rows, checksum = table_checksum(by_name[entry["table"]])
                if (rows, checksum) != (entry["rows"], entry["sha256"]):
                    raise BackupError(
                        f"{entry['table']} reads back differently after restoring ({rows} rows, "
                        f"{entry['rows']} in the archive): nothing was restored."
                    )
                verified.append({"table": entry["table"], "rows": rows, "sha256": checksum})
    return {
        "tables": len(verified),
        "rows": sum(t["rows"] for t in verified),
        "files": len(manifest["files"]),
        "verified": verified,
        "archive_created_at": manifest["created_at"],
        "archive_database": manifest["database"],
    }
