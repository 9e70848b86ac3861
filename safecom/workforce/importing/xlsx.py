"""Reading a workbook's rows a slice at a time, so memory stays flat whatever its size.

python-calamine reads a sheet whole: for a 100,000-row register that is some 300 MB held
at once. Here the sheet's XML is inflated as a stream and cut after every few megabytes at
a row's end; each slice is wrapped with the workbook's own parts (styles for date cells,
shared strings, the 1904 date setting) as a small workbook that calamine reads (decision
18). Calamine still does all the reading of cells, so dates, numbers and text arrive as
before.

A workbook laid out in a way this does not follow (no sheet list, a sheet stored elsewhere)
is read whole by calamine instead.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree import ElementTree

SLICE_BYTES = 4 << 20  # of inflated sheet XML per slice
MAX_SHEET_BYTES = 4 << 30  # a sheet inflating beyond this is refused (a zip bomb)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
)
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)

Rows = Iterator[tuple[int, list[Any]]]  # (spreadsheet row number, cells)


class Unreadable(Exception):
    """The workbook cannot be read (the message says why)."""


class NotSliceable(Exception):
    """Laid out in a way the slicer does not follow: read it whole instead."""


class Workbook:
    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = set(self.zip.namelist())
            if "xl/workbook.xml" not in members or "xl/_rels/workbook.xml.rels" not in members:
                raise NotSliceable
            book = _parse(self.zip.read("xl/workbook.xml"))
            rels = _parse(self.zip.read("xl/_rels/workbook.xml.rels"))
        except (zipfile.BadZipFile, ElementTree.ParseError, OSError, KeyError) as exc:
            raise NotSliceable from exc
        targets = {r.get("Id"): r.get("Target") or "" for r in rels}
        self.sheets: list[tuple[str, str]] = []  # (name, part)
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_REL_ID))
            if not target:
                raise NotSliceable
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            part = posixpath.normpath(part)
            if part not in members:
                raise NotSliceable
            self.sheets.append((sheet.get("name") or part, part))
        if not self.sheets:
            raise NotSliceable
        # The workbook's own parts, and every sheet but the one read as an empty sheet, so
        # a slice's workbook is small and has the same sheet list.
        self.parts = {p: self.zip.read(p) for p in _PARTS if p in members}
        for _, part in self.sheets:
            self.parts[part] = _EMPTY_SHEET

    def rows(self, index: int) -> Rows:
        """The rows of the index-th sheet, each with its row number."""
        name, part = self.sheets[index]
        with self.zip.open(part) as stream:
            head, closing, pending, done = b"", b"", b"", False
            inflated = 0
            while not done:
                chunk = stream.read(SLICE_BYTES)
                inflated += len(chunk)
                if inflated > MAX_SHEET_BYTES:
                    raise Unreadable("The sheet is too large to read.")
                done = not chunk
                pending += chunk
                if not head:
                    found = _SHEET_DATA.search(pending)
                    if found is None:
                        if done:
                            return
                        continue
                    if found.group(2):  # <sheetData/>: no rows at all
                        return
                    prefix = found.group(1) or b""
                    head = _DIMENSION.sub(b"", pending[: found.end()])
                    closing = b"</" + prefix + b"row>"
                    end_of_data = b"</" + prefix + b"sheetData>"
                    pending = pending[found.end() :]
                if done:
                    cut = pending.find(end_of_data)
                    body = pending[: cut if cut >= 0 else len(pending)]
                else:
                    cut = pending.rfind(closing)
                    if cut < 0:
                        continue  # no row has ended yet: read on
                    body, pending = pending[: cut + len(closing)], pending[cut + len(closing) :]
                    if end_of_data in body:
                        body, done = body[: body.find(end_of_data)], True
                yield from self._slice(name, part, head + body + end_of_data + _tail(head))

    def _slice(self, name: str, part: str, xml: bytes) -> Rows:
        from python_calamine import CalamineError, CalamineWorkbook

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for member, content in self.parts.items():
                out.writestr(member, xml if member == part else content)
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name(
                name
            )
            start = sheet.start
            if start is None:
                return
            rows = sheet.to_python(skip_empty_area=True)
        except CalamineError as exc:
            raise Unreadable(str(exc)[:200]) from exc
        first, pad = start[0] + 1, [""] * start[1]
        for offset, row in enumerate(rows):
            yield first + offset, pad + row if pad else row


def _parse(xml: bytes) -> ElementTree.Element:
    """A small part of the package. Without a document type nothing can declare entities,
    so none can be expanded: one with a document type is left to calamine."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise NotSliceable
    return ElementTree.fromstring(xml)  # noqa: S314 - no DTD, so no entity expansion


def _tail(head: bytes) -> bytes:
    found = re.match(rb"\s*(?:<\?xml[^>]*>\s*)?<((?:\w+:)?worksheet)\b", head)
    return b"</" + (found.group(1) if found else b"worksheet") + b">"


def whole(data: bytes) -> list[tuple[str, Callable[[], Rows]]]:
    """calamine's own reading of every sheet (each read whole when asked for)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as exc:
        raise Unreadable(str(exc)[:200]) from exc

    read: dict[str, Any] = {}

    def reader(name: str) -> Callable[[], Rows]:
        def rows() -> Rows:
            try:
                if name not in read:
                    read.clear()  # one sheet held at a time
                    read[name] = book.get_sheet_by_name(name)
            except CalamineError as exc:
                raise Unreadable(str(exc)[:200]) from exc
            # iter_rows starts at the sheet's first row, so counting gives the row number.
            return enumerate(read[name].iter_rows(), start=1)

        return rows

    return [(name, reader(name)) for name in book.sheet_names]


def sheets(data: bytes) -> list[tuple[str, Callable[[], Rows]]]:
    """Each sheet, in the workbook's order, with a way to read its rows (again)."""
    try:
        book = Workbook(data)
    except NotSliceable:
        return whole(data)
    return [(name, _reader(book, i)) for i, (name, _) in enumerate(book.sheets)]


def _reader(book: Workbook, index: int) -> Callable[[], Rows]:
    return lambda: book.rows(index)


_REF = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")


def height(data: bytes, sheet: int) -> int:
    """The last row number the sheet declares (0 when it does not say): for progress only."""
    try:
        book = Workbook(data)
        with book.zip.open(book.sheets[sheet][1]) as stream:
            found = _REF.search(stream.read(1 << 16))
    except (NotSliceable, zipfile.BadZipFile, OSError, IndexError):
        return 0
    return int(found.group(1)) if found else 0
