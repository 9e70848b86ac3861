"""`safecom backup` and `safecom restore`: every table round trips with identical counts and
checksums, encrypted fields as their stored ciphertext (still decryptable after), on SQLite
and PostgreSQL and from one to the other. A damaged archive and a database already holding
data are refused, with the reason, and nothing changes.

The source is the test database with records of every app (made through the tenancy tables'
builders, so a new app's records come too). On SQLite the archive goes into a new SQLite
database; on PostgreSQL into a new PostgreSQL one, then into SQLite, and from that back into
PostgreSQL. The figures go to var/test-results/security.json.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from safecom.core import backup
from safecom.core.crypto import decrypt_text
from safecom.core.tests.hostile import harness as h
from safecom.core.tests.hostile.databases import Databases, run_safecom
from safecom.core.tests.tenancy_support import collect_tables

pytestmark = pytest.mark.django_db
PAGES, _, API_OPS = collect_tables()
DBS_NUMBER = "001234567890"


@pytest.fixture(scope="module")
def databases(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        made = Databases()
        yield made
        made.drop_all()


@pytest.fixture
def populated(world: Any) -> Any:
    """Records of every app on both sides, and the encrypted fields filled in."""
    from safecom.assurance.tests.factories import AllegationFactory
    from safecom.workforce.tests.factories import StaffMemberFactory

    for _method, build, *_ in PAGES.values():
        build(world, "a"), build(world, "b")
    for build, *_ in API_OPS.values():
        build(world, "a"), build(world, "b")
    world.secret_staff = StaffMemberFactory(
        provider=world.provider_a,
        staff_reference="ENC-1",
        dbs_number=DBS_NUMBER,
        date_of_birth=dt.date(1988, 4, 23),
    )
    world.allegation = AllegationFactory(contract=world.contract_a, notes="Seen by the LADO.")
    return world


def _backup(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command("backup", "--output", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _restore(archive: Path, url: str, *extra: str) -> dict[str, Any]:
    done = run_safecom(["restore", str(archive), "--format", "json", *extra], url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    return dict(json.loads(done.stdout))


def _checksums(result: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {t["table"]: (t["rows"], t["sha256"]) for t in result["verified"]}


def _from_manifest(manifest: dict[str, Any]) -> dict[str, tuple[int, str]]:
    return {t["table"]: (t["rows"], t["sha256"]) for t in manifest["tables"]}


def _still_decryptable(databases: Databases, url: str) -> None:
    ((dbs, birth),) = databases.query(
        url,
        "SELECT dbs_number, date_of_birth FROM workforce_staffmember WHERE staff_reference = %s",
        ("ENC-1",),
    )
    assert DBS_NUMBER not in dbs, "the archive must keep the ciphertext, not the number"
    assert decrypt_text(dbs) == DBS_NUMBER and decrypt_text(birth) == "1988-04-23"


def test_round_trip_gives_identical_counts_and_checksums(
    populated: Any, databases: Databases, tmp_path: Path
) -> None:
    archive = tmp_path / "safecom.zip"
    summary = _backup(archive)
    manifest = backup.archive_check(archive)
    source = _from_manifest(manifest)
    assert summary["tables"] == len(backup.tables()) >= 60
    assert source["workforce_staffmember"][0] >= 2 and source["assurance_allegation"][0] >= 1
    # Every table that the records above reach holds rows: the archive is not trivially empty.
    assert sum(1 for rows, _ in source.values() if rows) >= 40

    trips = {}
    same = databases.new()
    trips[f"{connection.vendor} to {connection.vendor}"] = _checksums(_restore(archive, same))
    _still_decryptable(databases, same)
    if connection.vendor == "postgresql":
        sqlite = databases.new("sqlite")
        trips["postgresql to sqlite"] = _checksums(_restore(archive, sqlite))
        _still_decryptable(databases, sqlite)
        again = tmp_path / "from-sqlite.zip"
        made = run_safecom(["backup", "--output", str(again), "--format", "json"], sqlite)
        assert made.returncode == 0, made.stderr[-2000:]
        assert _from_manifest(backup.archive_check(again)) == source
        back = databases.new("postgresql")
        trips["sqlite to postgresql"] = _checksums(_restore(again, back))
        _still_decryptable(databases, back)
    for trip, found in trips.items():
        assert found == source, f"{trip}: tables differ: " + ", ".join(
            t for t in source if found.get(t) != source[t]
        )
    h.record_figures(
        f"backup_{connection.vendor}",
        {
            "tables": len(source),
            "rows": sum(rows for rows, _ in source.values()),
            "encrypted_columns": sum(len(t["encrypted"]) for t in manifest["tables"]),
            "round_trips_identical": sorted(trips),
        },
    )


def test_a_database_holding_data_is_refused_unless_forced(populated: Any, tmp_path: Path) -> None:
    archive = tmp_path / "safecom.zip"
    manifest = _backup(archive)
    before = h.row_counts()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))
    assert h.row_counts() == before
    # Forced, everything is replaced by the archive's copy: the same data reads back.
    out = io.StringIO()
    call_command("restore", str(archive), "--force", "--format", "json", stdout=out)
    assert _checksums(json.loads(out.getvalue())) == {
        t: (manifest["counts"][t], manifest["checksums"][t]) for t in manifest["counts"]
    }


def _damage(archive: Path, how: str) -> None:
    data = bytearray(archive.read_bytes())
    if how == "cut short":
        archive.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "bytes flipped":
        with zipfile.ZipFile(archive) as z:
            info = z.getinfo("tables/workforce_staffmember.jsonl")
        # The data starts after the local header, whose name and extra lengths it gives.
        name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
        extra_len = int.from_bytes(
            data[info.header_offset + 28 : info.header_offset + 30], "little"
        )
        at = info.header_offset + 30 + name_len + extra_len + 5
        data[at : at + 8] = bytes(b ^ 0xFF for b in data[at : at + 8])
        archive.write_bytes(bytes(data))
    elif how == "a row changed":
        with zipfile.ZipFile(archive) as z:
            members = {n: z.read(n) for n in z.namelist()}
        members["tables/workforce_staffmember.jsonl"] = members[
            "tables/workforce_staffmember.jsonl"
        ].replace(b"ENC-1", b"ENC-9")
        with zipfile.ZipFile(archive, "w") as z:
            for name, content in members.items():
                z.writestr(name, content)
    elif how == "not an archive":
        archive.write_bytes(b"Staff reference,First name\n")


@pytest.mark.parametrize("how", ["cut short", "bytes flipped", "a row changed", "not an archive"])
def test_a_damaged_archive_is_refused_with_the_reason(
    populated: Any, tmp_path: Path, how: str
) -> None:
    archive = tmp_path / "safecom.zip"
    _backup(archive)
    _damage(archive, how)
    before = h.row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--force")
    message = str(refused.value)
    assert message.startswith("Nothing restored:")
    assert any(w in message for w in ("damaged", "cut short", "not a", "checksum")), message
    assert h.row_counts() == before


def test_a_missing_archive_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore", str(tmp_path / "none.zip"))
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", "--output", str(tmp_path))
