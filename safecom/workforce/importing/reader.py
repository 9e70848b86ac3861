"""Opening an import file: CSV (UTF-8 with or without BOM, or Windows-1252) or XLSX, finding
the heading row, and handing the rows on one at a time (the file is never expanded whole)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from safecom.core.uploads import UploadRefused, upload_check
from safecom.workforce.importing import xlsx
from safecom.workforce.importing.columns import BY_NAME, COLUMNS, match_heading

HEADING_SEARCH_ROWS = 10  # title lines above the headings are common in registers
MIN_HEADINGS = 3
csv.field_size_limit(1_000_000)
Rows = Iterator[tuple[int, list[Any]]]  # (spreadsheet row number, cells)


@dataclass
class RowError:
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class FileRefused(Exception):
    """The file as a whole cannot be read; `errors` say why."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass
class Sheet:
    kind: str  # csv or xlsx
    positions: dict[str, int]  # column name -> index in the row
    headings: dict[str, str]  # column name -> the heading as written in the file
    ignored: list[str]
    estimated_rows: int
    rows: Rows = field(repr=False)  # (spreadsheet row number, cells)
    encoding: str = ""
    # The same rows again from the start (for a check that needs a second look).
    reopen: Callable[[], Rows] | None = field(default=None, repr=False)


def _refuse(message: str, row: int | None = None, column: str = "") -> FileRefused:
    return FileRefused([RowError(row, column, message)])


def detect_encoding(data: bytes) -> str:
    """utf-8-sig, utf-8 or cp1252, decided by decoding the whole file in chunks."""
    candidates = ["utf-8-sig"] if data.startswith(codecs.BOM_UTF8) else ["utf-8", "cp1252"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 1 << 20):
                decoder.decode(data[start : start + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _refuse(
        "The file's characters are not UTF-8 or Windows-1252 text. Save it from your "
        "spreadsheet as 'CSV UTF-8' and try again."
    )


def _csv_rows(data: bytes, encoding: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    sample = [text.readline() for _ in range(HEADING_SEARCH_ROWS)]
    text.seek(0)
    reader = csv.reader(text, delimiter=_delimiter(sample))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A field over the reader's limit (or a stray quote): the rest cannot be split.
            raise _refuse(
                f"Line {reader.line_num} cannot be read as CSV ({exc}). Check that every "
                "quote is closed and that no cell holds more than a million characters.",
                row=reader.line_num,
            ) from exc
        yield row


def _delimiter(lines: list[str]) -> str:
    """Comma, semicolon (Excel in much of Europe) or tab: the one that splits a heading row."""
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(lines, delimiter=delimiter):
            if _count_known(row) >= MIN_HEADINGS:
                return delimiter
    return ","


def _xlsx_rows(data: bytes) -> tuple[Callable[[], Rows], int]:
    """The first sheet that names our columns (a template's notes sheet is skipped), read a
    slice at a time; and how many rows it says it has."""
    try:
        found = xlsx.sheets(data)
        if not found:
            raise _refuse("The workbook has no sheets.")
        index = next((i for i, (_, rows) in enumerate(found) if _names_columns(rows())), 0)
    except xlsx.Unreadable as exc:
        raise _refuse(f"The spreadsheet cannot be read: {exc}") from exc
    reader = found[index][1]

    def rows() -> Rows:
        try:
            yield from reader()
        except xlsx.Unreadable as exc:
            raise _refuse(f"The spreadsheet cannot be read: {exc}") from exc

    return rows, xlsx.height(data, index)


def _names_columns(rows: Rows) -> bool:
    """Whether one of the first rows is a heading row."""
    for _, (_, row) in zip(range(HEADING_SEARCH_ROWS), rows, strict=False):
        if _count_known(row) >= MIN_HEADINGS:
            return True
    return False


def _count_known(row: list[Any]) -> int:
    return sum(1 for cell in row if isinstance(cell, str) and match_heading(cell))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_sheet(*, data: bytes, name: str, max_bytes: int | None = None) -> Sheet:
    """Check the file, find its heading row and map headings to columns."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _refuse(
            "The file is saved as UTF-16 'Unicode text'. Save it as 'CSV UTF-8' or as an "
            "Excel workbook (.xlsx) instead."
        )
    try:
        info = upload_check(
            data=data, name=name, allowed={"csv", "xlsx", "txt"}, max_bytes=max_bytes
        )
    except UploadRefused as exc:
        raise _refuse(str(exc)) from exc
    encoding = ""
    read: Callable[[], Rows]
    if info.kind == "xlsx":
        read, estimated = _xlsx_rows(data)
        kind = "xlsx"
    else:
        encoding = detect_encoding(data)
        chosen = encoding

        def read() -> Rows:
            return enumerate(_csv_rows(data, chosen), start=1)

        estimated = max(0, data.count(b"\n"))
        kind = "csv"

    numbered = read()
    heading_row: list[Any] | None = None
    heading_number = 0
    for number, row in numbered:
        if _count_known(row) >= MIN_HEADINGS:
            heading_row, heading_number = row, number
            break
        if number >= HEADING_SEARCH_ROWS:
            break
    if heading_row is None:
        if heading_number == 0 and estimated == 0 and not data.strip():
            raise _refuse("The file is empty.")
        expected = ", ".join(c.heading for c in COLUMNS if c.required)
        raise _refuse(
            "No heading row found: none of the first rows names the columns "
            f"(at least {expected}). Download the template to see the headings we read.",
            row=1,
        )

    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, cell in enumerate(heading_row):
        text = str(cell).strip() if cell is not None else ""
        if not text:
            continue
        column = match_heading(text)
        if column is None:
            ignored.append(text)
            continue
        if column in positions:
            errors.append(
                RowError(
                    heading_number,
                    text,
                    f"Columns {_column_letter(positions[column])} ('{headings[column]}') and "
                    f"{_column_letter(index)} ('{text}') both hold "
                    f"'{BY_NAME[column].heading}'. Keep one.",
                )
            )
            continue
        positions[column] = index
        headings[column] = text
    for spec in COLUMNS:
        if spec.required and spec.name not in positions:
            errors.append(
                RowError(
                    heading_number,
                    spec.heading,
                    f"The file has no '{spec.heading}' column. Add it (or one of its other "
                    f"names: {', '.join(spec.aliases[:4])}).",
                )
            )
    if errors:
        raise FileRefused(errors)
    return Sheet(
        kind=kind,
        positions=positions,
        headings=headings,
        ignored=ignored,
        estimated_rows=max(0, estimated - heading_number),
        rows=numbered,
        encoding=encoding,
        reopen=lambda: _after(read(), heading_number),
    )


def _after(rows: Rows, heading_number: int) -> Rows:
    for number, row in rows:
        if number > heading_number:
            yield number, row
            yield from rows
            return
