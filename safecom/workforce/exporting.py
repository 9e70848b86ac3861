"""The import template (CSV and XLSX) and the staff export, safe from formula injection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from safecom.core.exports import csv_bytes, neutralise, xlsx_bytes
from safecom.workforce.importing.columns import COLUMNS, TRAINING_COLUMNS, Column
from safecom.workforce.models import StaffMember

# Never exported: shown only on a logged reveal. An export re-imported leaves them as they are,
# because a column the file does not have is not changed.
PRIVATE_COLUMNS = frozenset({"date_of_birth", "dbs_number"})
_LABELS = {
    "worker_type": dict(StaffMember._meta.get_field("worker_type").choices or []),
    "right_to_work_type": {"unlimited": "Unlimited", "time_limited": "Time-limited"},
    "dbs_level": dict(StaffMember._meta.get_field("dbs_level").choices or []),
    "dbs_workforce": dict(StaffMember._meta.get_field("dbs_workforce").choices or []),
    "dbs_status_result": {"current": "Current", "not_current": "Not current"},
}


def template_headings() -> list[str]:
    return [c.heading for c in COLUMNS]


def template_csv() -> bytes:
    return csv_bytes(template_headings(), [])


def _example(column: Column) -> Any:
    text = column.example
    if column.kind == "date" and text:
        day, month, year = (int(p) for p in text.split("/"))
        return dt.date(year, month, day)
    return text


def template_xlsx() -> bytes:
    """The heading row and one example row, with a sheet describing every column."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Staff"
    sheet.append(template_headings())
    sheet.append([_example(c) for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.heading) + 2))
        if column.kind == "date":
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
        elif column.kind in {"dbs", "text"}:
            # Text, so a spreadsheet keeps a DBS number's leading zeros.
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "B2"
    notes = book.create_sheet("Columns")
    notes.append(["Column", "Required", "What it holds", "Other headings we accept"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        notes.append(
            [
                column.heading,
                "Yes" if column.required else "No",
                column.help,
                ", ".join(column.aliases),
            ]
        )
    notes.column_dimensions["A"].width = 36
    notes.column_dimensions["C"].width = 80
    notes.column_dimensions["D"].width = 80
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_columns() -> list[Column]:
    return [c for c in COLUMNS if c.name not in PRIVATE_COLUMNS]


def _cell(column: Column, staff: StaffMember, latest: dict[str, Any]) -> Any:
    name = column.name
    if name in TRAINING_COLUMNS:
        record = latest.get(TRAINING_COLUMNS[name][0])
        return record.completed_on if record else None
    if name.startswith("level_"):
        record = latest.get(name.removeprefix("level_"))
        return record.level if record else ""
    value = getattr(staff, name)
    if name == "is_active":
        return "Active" if value else "Left"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _LABELS:
        return _LABELS[name].get(value, value)
    return value


def export_rows(
    staff: Iterable[StaffMember], latest: dict[int, dict[str, Any]], gaps: dict[int, list[str]]
) -> Iterable[list[Any]]:
    columns = export_columns()
    for person in staff:
        row = [_cell(c, person, latest.get(person.pk, {})) for c in columns]
        yield [neutralise(v) if isinstance(v, str) else v for v in row] + [
            "; ".join(gaps.get(person.pk, []))
        ]


def export_headings() -> list[str]:
    return [c.heading for c in export_columns()] + ["Gaps"]


def export_bytes(fmt: str, rows: Iterable[list[Any]]) -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(export_headings(), rows, sheet="Staff")
    return csv_bytes(export_headings(), rows)
