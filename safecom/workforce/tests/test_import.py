"""The import: every hostile file gets a clear message and stores nothing; a good file is
stored once, and importing it again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from safecom.audit.models import AuditEvent
from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce.exporting import template_csv, template_headings, template_xlsx
from safecom.workforce.models import StaffMember, TrainingRecord
from safecom.workforce.services.importer import staff_import

pytestmark = pytest.mark.django_db

HEAD = (
    "Staff reference,First name,Last name,Date of birth,Address,Role,Worker type,Start date,"
    "Status,Regulated activity with children,DBS certificate number,DBS level,DBS issue date,"
    "References received,Safeguarding children training date\n"
)
ROW_A = (
    'A1,Amira,Hussain,23/04/1988,"1 Mill Lane, RV1 1AA",Support worker,Employee,01/09/2023,'
    "Active,Yes,001234567890,Enhanced with children's barred list,20/08/2023,2,05/09/2023\n"
)
ROW_B = (
    "B2,Tom,Price,02/11/1979,2 Hill Road,Volunteer driver,Volunteer,15/01/2024,Active,Yes,"
    "000000000042,Enhanced with children's barred list,10/01/2024,1,\n"
)


def _run(provider, text: str | bytes, name: str = "scr.csv", **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return staff_import(actor=None, provider=provider, data=data, name=name, **kw)


def _messages(outcome) -> str:
    return " | ".join(f"{e.row}:{e.column}:{e.message}" for e in outcome.errors)


def test_good_file_is_stored_and_a_second_import_changes_nothing():
    provider = ProviderFactory()
    first = _run(provider, HEAD + ROW_A + ROW_B)
    assert first.ok, _messages(first)
    assert (first.rows, first.created, first.updated, first.unchanged) == (2, 2, 0, 0)
    amira = StaffMember.objects.get(provider=provider, staff_reference="A1")
    assert amira.dbs_number == "001234567890"  # leading zeros kept
    assert amira.dbs_number_last4 == "7890"
    assert amira.date_of_birth == dt.date(1988, 4, 23)
    assert amira.dbs_current_from == dt.date(2023, 8, 20)
    assert TrainingRecord.objects.filter(staff=amira, kind="safeguarding_children").count() == 1
    again = _run(provider, HEAD + ROW_A + ROW_B)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert StaffMember.objects.filter(provider=provider).count() == 2
    assert TrainingRecord.objects.filter(staff__provider=provider).count() == 1
    assert AuditEvent.objects.filter(action="workforce.imported").count() == 1


def test_encrypted_at_rest():
    from django.db import connection

    provider = ProviderFactory()
    assert _run(provider, HEAD + ROW_A).ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT dbs_number, date_of_birth FROM workforce_staffmember")
        number, dob = cursor.fetchone()
    assert "001234567890" not in number and "1988" not in dob


def test_a_changed_row_is_an_update_and_matches_on_reference():
    provider = ProviderFactory()
    _run(provider, HEAD + ROW_A + ROW_B)
    changed = ROW_B.replace("Volunteer driver", "Volunteer coordinator")
    outcome = _run(provider, HEAD + ROW_A + changed)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert StaffMember.objects.get(staff_reference="B2").role == "Volunteer coordinator"


def test_dry_run_counts_and_stores_nothing():
    provider = ProviderFactory()
    _run(provider, HEAD + ROW_A)
    outcome = _run(
        provider, HEAD + ROW_A.replace("Support worker", "Team leader") + ROW_B, dry_run=True
    )
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 1, 0)
    update = next(c for c in outcome.changes if c["action"] == "update")
    assert update["fields"] == ["Role"]
    assert StaffMember.objects.filter(provider=provider).count() == 1
    assert StaffMember.objects.get(staff_reference="A1").role == "Support worker"


def test_one_bad_row_stores_nothing_and_every_error_is_listed():
    provider = ProviderFactory()
    bad = (
        "C3,Ann,Lee,31/02/1990,3 Road,Cook,Employee,01/01/2020,Active,Maybe,12345678901,"
        "Enhanced,01/01/2030,2,\n"
    )
    outcome = _run(provider, HEAD + ROW_A + bad + ROW_B)
    assert not outcome.ok
    assert StaffMember.objects.count() == 0
    found = {(e.row, e.column) for e in outcome.errors}
    assert (3, "Date of birth") in found
    assert (3, "Regulated activity with children") in found
    assert (3, "DBS certificate number") in found
    assert (3, "DBS issue date") in found  # in the future
    assert outcome.rows == 3
    digits = next(e for e in outcome.errors if e.column == "DBS certificate number")
    assert "11" in digits.message


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "scr.csv", "empty"),
        (b"\x00\x01\x02binary\xff\xfe", "scr.csv", "not a type we can read"),
        (
            "Staff reference,First name,Last name,Worker type\n".encode("utf-16"),
            "scr.csv",
            "UTF-16",
        ),
        (b"Name,Age,Colour\nBob,3,red\n", "scr.csv", "No heading row"),
        (b"Staff reference,First name,Role\nA1,Bob,Cook\n", "scr.csv", "no 'Last name'"),
        (b"Staff reference,First name,Last name,Worker type\n", "scr.csv", "no staff rows"),
        (b"PK\x03\x04garbage", "scr.xlsx", "damaged"),
    ],
)
def test_hostile_files_get_a_clear_message(data, name, expected):
    provider = ProviderFactory()
    outcome = _run(provider, data, name=name)
    assert not outcome.ok
    assert expected in _messages(outcome)
    assert StaffMember.objects.count() == 0


def test_duplicate_references_and_formulas_are_refused():
    provider = ProviderFactory()
    formula = ROW_B.replace("B2,Tom", 'A1,=HYPERLINK("http://x")')
    outcome = _run(provider, HEAD + ROW_A + formula)
    messages = _messages(outcome)
    assert "also on row 2" in messages
    assert "formula" in messages
    assert StaffMember.objects.count() == 0


def test_windows_1252_and_bom_are_read():
    provider = ProviderFactory()
    text = HEAD + ROW_A.replace("Amira", "Zoë").replace("Mill Lane", "Mill Lane – East")
    assert _run(provider, text.encode("cp1252")).ok
    assert StaffMember.objects.get(staff_reference="A1").first_name == "Zoë"
    other = ProviderFactory()
    assert _run(other, "\ufeff".encode() + text.encode("utf-8")).ok
    assert StaffMember.objects.get(provider=other).address.endswith("– East, RV1 1AA")


def test_aliases_semicolons_and_a_title_row():
    provider = ProviderFactory()
    text = (
        "Single central record – updated March\n"
        "Employee No;Forename;Surname;D.O.B. (dd/mm/yyyy);Category;DBS No.;Type of DBS;"
        "Date of DBS\n"
        "E9;Raj;Mehta;01/02/1970;Paid staff;123456789012;Enhanced + adults barred list;"
        "3 Mar 2022\n"
    )
    outcome = _run(provider, text)
    assert outcome.ok, _messages(outcome)
    raj = StaffMember.objects.get(staff_reference="E9")
    assert raj.worker_type == "employee"
    assert raj.dbs_level == "enhanced_barred_adults"
    assert raj.dbs_issue_date == dt.date(2022, 3, 3)


def test_month_first_dates_make_the_columns_ambiguous_dates_refused():
    provider = ProviderFactory()
    text = (
        "Staff reference,First name,Last name,Worker type,Start date\n"
        "X1,A,B,Employee,03/04/2020\n"
        "X2,C,D,Employee,12/31/2020\n"
        "X3,E,F,Employee,25/04/2020\n"
    )
    outcome = _run(provider, text)
    rows = {e.row for e in outcome.errors}
    assert rows == {2, 3}  # 25/04 can only be day-first, so it stands
    assert "not guessed" in _messages(outcome)
    two_digit = _run(provider, text.replace("12/31/2020", "05/06/20"))
    assert "two-digit year" in _messages(two_digit)


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_date_cells_and_a_number_that_lost_its_zeros():
    provider = ProviderFactory()
    head = [
        "Staff reference",
        "First name",
        "Last name",
        "Worker type",
        "Date of birth",
        "DBS certificate number",
        "DBS level",
        "DBS issue date",
    ]
    good = [
        "Q1",
        "Ann",
        "Lee",
        "Employee",
        dt.datetime(1990, 5, 6),
        "012345678901",
        "Enhanced with both barred lists",
        dt.date(2023, 1, 2),
    ]
    outcome = _run(provider, _xlsx([head, good]), name="scr.xlsx")
    assert outcome.ok, _messages(outcome)
    assert StaffMember.objects.get(staff_reference="Q1").date_of_birth == dt.date(1990, 5, 6)
    lost = [*good[:5], 12345678901, *good[6:]]
    lost[0] = "Q2"
    refused = _run(provider, _xlsx([head, lost]), name="scr.xlsx")
    assert "format the column as text" in _messages(refused)
    serial = [*good[:4], 32999, *good[5:]]
    assert "is a number, not a date" in _messages(
        _run(provider, _xlsx([head, serial]), name="scr.xlsx")
    )


def test_templates_round_trip():
    provider = ProviderFactory()
    assert template_csv().decode("utf-8-sig").strip() == ",".join(template_headings())
    outcome = _run(provider, template_xlsx(), name="template.xlsx")
    assert outcome.ok, _messages(outcome)
    assert outcome.created == 1


def test_cli_import_json_and_exit_codes(tmp_path, capsys):
    provider = ProviderFactory(slug="cli-provider")
    good = tmp_path / "scr.csv"
    good.write_text(HEAD + ROW_A + ROW_B, encoding="utf-8")
    call_command("workforce", "import", str(good), "--provider", "cli-provider", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "errors": []}
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + ROW_A.replace("001234567890", "0012345678"), encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        call_command(
            "workforce", "import", str(bad), "--provider", "cli-provider", "--format", "json"
        )
    assert stop.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["errors"][0]["row"] == 2
    assert result["errors"][0]["column"] == "DBS certificate number"
    assert set(result) == {"rows", "created", "updated", "unchanged", "errors"}
    assert StaffMember.objects.filter(provider=provider).count() == 2


def test_cli_summary_and_template(tmp_path, capsys):
    provider = ProviderFactory(slug="sum-provider")
    _run(provider, HEAD + ROW_A + ROW_B)
    call_command("workforce", "summary", "--provider", "sum-provider", "--format", "json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["staff"] == 2
    assert summary["references_incomplete"] == 1
    out = tmp_path / "t.xlsx"
    call_command("workforce", "template", "--format", "xlsx", "--output", str(out))
    assert out.read_bytes().startswith(b"PK")


def test_new_training_dates_are_added_and_counted_once():
    provider = ProviderFactory()
    _run(provider, HEAD + ROW_A + ROW_B)
    refreshed = ROW_A.replace("2,05/09/2023", "2,06/09/2025")
    outcome = _run(provider, HEAD + refreshed + ROW_B)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert outcome.training_added == 1
    amira = StaffMember.objects.get(provider=provider, staff_reference="A1")
    dates = sorted(amira.training.values_list("completed_on", flat=True))
    assert dates == [dt.date(2023, 9, 5), dt.date(2025, 9, 6)]
    again = _run(provider, HEAD + refreshed + ROW_B)
    assert (again.updated, again.unchanged, again.training_added) == (0, 2, 0)


def test_a_field_over_the_csv_limit_is_refused_by_line_and_stores_nothing():
    provider = ProviderFactory()
    huge = ROW_B.replace("Tom", "T" * 1_100_000)
    outcome = _run(provider, HEAD + ROW_A + huge)
    assert not outcome.ok
    assert "Line 3 cannot be read as CSV" in _messages(outcome)
    assert StaffMember.objects.count() == 0 and TrainingRecord.objects.count() == 0


def test_rows_over_several_batches_get_their_own_ids_and_training(monkeypatch):
    """New people's ids are taken ahead of need across batches (on PostgreSQL): each
    person's training still lands on that person."""
    from safecom.workforce.services import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    provider = ProviderFactory()
    rows = "".join(
        f"P{n},Name{n},Last{n},,,Role,Employee,,Active,Yes,,,,,{n + 1:02d}/01/2024\n"
        for n in range(7)
    )
    outcome = _run(provider, HEAD + rows)
    assert outcome.ok, _messages(outcome)
    assert outcome.created == 7
    people = StaffMember.objects.filter(provider=provider)
    assert len({p.pk for p in people}) == 7
    for person in people:
        n = int(person.staff_reference[1:])
        done = TrainingRecord.objects.filter(staff=person).values_list("completed_on", flat=True)
        assert list(done) == [dt.date(2024, 1, n + 1)]
