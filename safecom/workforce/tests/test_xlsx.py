"""Workbooks are read a slice at a time: every row, with its own row number, whatever the
slice boundaries, where the table starts, and which sheet holds it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from safecom.organisations.tests.factories import ProviderFactory
from safecom.workforce.importing import xlsx
from safecom.workforce.importing.reader import open_sheet
from safecom.workforce.models import StaffMember
from safecom.workforce.services.importer import staff_import

pytestmark = pytest.mark.django_db

HEAD = ["Staff reference", "First name", "Last name", "Worker type", "Date of birth"]


def _person(n: int) -> list[object]:
    return [f"X{n:04d}", "Ann", f"Lee{n}", "Employee", dt.datetime(1980, 1, 1 + n % 28)]


def _book(rows: list[list[object]], *, notes_first: bool = False, epoch: object = None) -> bytes:
    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    if notes_first:
        sheet.title = "Notes"
        sheet.append(["Read me first: how to fill the register in."])
        sheet = book.create_sheet("Register")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_many_slices_give_every_row_with_its_number(monkeypatch):
    monkeypatch.setattr(xlsx, "SLICE_BYTES", 700)  # a few rows a slice
    rows: list[list[object]] = [HEAD] + [_person(n) for n in range(60)]
    rows[31] = [None] * 5  # a blank row, which may fall on a slice's edge
    rows[40][4] = "31/02/1980"  # row 41 of the sheet
    slices = []
    real = xlsx.Workbook._slice
    monkeypatch.setattr(
        xlsx.Workbook, "_slice", lambda self, *a: slices.append(1) or real(self, *a)
    )
    sheet = open_sheet(data=_book(rows), name="r.xlsx")
    read = [(number, cells[0]) for number, cells in sheet.rows if any(cells)]
    assert len(slices) > 5
    assert [number for number, _ in read] == [n for n in range(2, 62) if n != 32]
    assert read[0] == (2, "X0000") and read[-1] == (61, "X0059")
    outcome = staff_import(actor=None, provider=ProviderFactory(), data=_book(rows), name="r.xlsx")
    assert [(e.row, e.column) for e in outcome.errors] == [(41, "Date of birth")]


def test_a_table_below_a_title_and_right_of_an_empty_column(monkeypatch):
    monkeypatch.setattr(xlsx, "SLICE_BYTES", 500)
    title: list[object] = [None, "Single central record, March"]
    rows = [title, [], [None, *HEAD]] + [[None, *_person(n)] for n in range(12)]
    provider = ProviderFactory()
    outcome = staff_import(actor=None, provider=provider, data=_book(rows), name="r.xlsx")
    assert outcome.ok, outcome.errors
    assert outcome.created == 12
    assert StaffMember.objects.get(staff_reference="X0003").date_of_birth == dt.date(1980, 1, 4)
    spoilt = [*rows]
    spoilt[8] = [None, "X0005", "", "Lee", "Employee", dt.datetime(1980, 1, 1)]
    refused = staff_import(actor=None, provider=provider, data=_book(spoilt), name="r.xlsx")
    assert [(e.row, e.column) for e in refused.errors] == [(9, "First name")]


def test_the_sheet_that_names_the_columns_is_read_and_1904_dates_hold():
    rows = [HEAD, _person(1)]
    provider = ProviderFactory()
    data = _book(rows, notes_first=True, epoch=CALENDAR_MAC_1904)
    outcome = staff_import(actor=None, provider=provider, data=data, name="r.xlsx")
    assert outcome.ok, outcome.errors
    assert StaffMember.objects.get(staff_reference="X0001").date_of_birth == dt.date(1980, 1, 2)


def test_a_workbook_with_no_rows_or_not_a_workbook_is_refused_clearly():
    empty = staff_import(actor=None, provider=ProviderFactory(), data=_book([]), name="r.xlsx")
    assert empty.errors and "heading" in empty.errors[0].message.lower()
    broken = staff_import(
        actor=None, provider=ProviderFactory(), data=b"PK\x03\x04" + b"\0" * 200, name="r.xlsx"
    )
    assert broken.errors and StaffMember.objects.count() == 0
