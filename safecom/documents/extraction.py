"""Reading a document's text: .docx (paragraphs and tables in order), .pdf with a text layer,
.txt. Everything that cannot be read is refused with a plain message, before anything is
stored: wrong extension, content that is not what the name says, empty, too large, zip bombs
(through `upload_check`), damaged files, encrypted PDFs and PDFs without a text layer.
"""

from __future__ import annotations

import os
import re
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from safecom.core.uploads import KINDS, UploadRefused, upload_check

EXTENSIONS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}
ACCEPTED = "a Word (.docx), PDF (.pdf) or plain text (.txt) file"
MAX_PAGES = 3000
MAX_TEXT_CHARS = 10_000_000
# Fewer letters than this per page on average and the PDF is taken to be scanned images.
MIN_LETTERS_PER_PAGE = 20
# A PDF's compressed streams may not unpack to more than this in all (a "PDF bomb").
PDF_MAX_UNPACKED = 200 * 1024 * 1024
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


class ExtractionRefused(Exception):
    """The document cannot be read; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str
    size: int
    sha256: str
    safe_name: str
    page_starts: list[int] = field(default_factory=lambda: [0])
    heading_hints: list[tuple[int, int]] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.page_starts)


def document_extract(*, data: bytes, name: str, max_bytes: int | None = None) -> Extracted:
    """The text of an uploaded document, or ExtractionRefused with the reason."""
    shown = os.path.basename(name.replace("\\", "/")) or "The file"
    extension = os.path.splitext(shown.lower())[1]
    if extension not in EXTENSIONS:
        what = f"a {extension} file" if extension else "a file without an extension"
        raise ExtractionRefused(f"{shown} is {what}: upload {ACCEPTED}.")
    try:
        info = upload_check(
            data=data, name=shown, allowed=set(EXTENSIONS.values()), max_bytes=max_bytes
        )
    except UploadRefused as exc:
        raise ExtractionRefused(f"{shown}: {exc}") from exc
    expected = EXTENSIONS[extension]
    if info.kind != expected:
        raise ExtractionRefused(
            f"{shown} is named {extension} but is a {KINDS[info.kind][1]} file: give it its real "
            f"extension, or upload {ACCEPTED}."
        )
    reader = {"pdf": _pdf, "docx": _docx, "txt": _txt}[info.kind]
    text, page_starts, headings = reader(data, shown)
    if not text.strip():
        raise ExtractionRefused(f"{shown} has no text to check.")
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionRefused(
            f"{shown} holds {len(text):,} characters of text; the most that can be checked at "
            f"once is {MAX_TEXT_CHARS:,}. Upload the contract's safeguarding schedule instead."
        )
    return Extracted(
        text=text,
        kind=info.kind,
        size=info.size,
        sha256=info.sha256,
        safe_name=info.safe_name,
        page_starts=page_starts,
        heading_hints=headings,
    )


_LINE_ENDS = re.compile(r"\r\n?")


def _txt(data: bytes, shown: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - upload_check already refused what neither decodes
        raise ExtractionRefused(f"{shown} is not readable text.")
    text = _LINE_ENDS.sub("\n", text)
    # A form feed is a page break in plain text: keep it as the page boundary.
    starts = [0] + [m.end() for m in re.finditer("\f", text)]
    return text.replace("\f", "\n"), starts, []


def _pdf_unpacked_size(data: bytes, limit: int) -> int:
    """What the PDF's deflated streams unpack to, counted a megabyte at a time and stopping
    past `limit`: the reader would hold it all in memory at once."""
    total = 0
    for match in _STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        pending = data[match.end() : match.end() + (1 << 20)]
        offset = match.end() + len(pending)
        try:
            while pending and not inflater.eof:
                total += len(inflater.decompress(pending, 1 << 20))
                if total > limit:
                    return total
                pending = inflater.unconsumed_tail
                if not pending and not inflater.eof:
                    pending = data[offset : offset + (1 << 20)]
                    offset += len(pending)
        except zlib.error:
            continue  # not a deflated stream (an image, plain content): nothing to count
    return total


def _pdf(data: bytes, shown: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    import pypdfium2 as pdfium

    if _pdf_unpacked_size(data, PDF_MAX_UNPACKED) > PDF_MAX_UNPACKED:
        raise ExtractionRefused(
            f"{shown} unpacks to more than {PDF_MAX_UNPACKED // 1048576} MB of content (a "
            "'PDF bomb'), so it is not opened. Upload the contract's safeguarding schedule, or "
            "a PDF saved again from the original."
        )
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionRefused(
                f"{shown} is a password-protected (encrypted) PDF, so its text cannot be read. "
                "Upload a copy saved without a password."
            ) from exc
        raise ExtractionRefused(f"{shown} is a damaged PDF and cannot be opened.") from exc
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise ExtractionRefused(
                f"{shown} has {pages:,} pages; the most that can be checked is {MAX_PAGES:,}."
            )
        parts: list[str] = []
        starts: list[int] = []
        offset = 0
        for index in range(pages):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                page_text = _LINE_ENDS.sub("\n", textpage.get_text_range()).replace("\x00", "")
            finally:
                textpage.close()
                page.close()
            starts.append(offset)
            parts.append(page_text)
            offset += len(page_text) + 2
        text = "\n\n".join(parts)
    except pdfium.PdfiumError as exc:
        raise ExtractionRefused(f"{shown} is a damaged PDF and its text cannot be read.") from exc
    finally:
        pdf.close()
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LETTERS_PER_PAGE * max(1, pages) and letters < 200:
        raise ExtractionRefused(
            f"{shown} has no text layer: it looks like a scan or images of pages, so there is "
            "no text to check. Upload the original Word file or a PDF saved from it (or run "
            "the scan through text recognition first)."
        )
    return text, starts or [0], []


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(data: bytes, shown: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(BytesIO(data))
        blocks: list[tuple[str, bool, bool]] = []  # text, is heading, page break before
        for child in document.element.body.iterchildren():
            if child.tag == f"{_W}p":
                paragraph = Paragraph(child, document)
                blocks.append((paragraph.text, _is_heading(paragraph), _page_break_in(child)))
            elif child.tag == f"{_W}tbl":
                table = Table(child, document)
                for row_text, breaks in _table_rows(table):
                    blocks.append((row_text, False, breaks))
    except ExtractionRefused:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ExtractionRefused(f"{shown} is a damaged Word file and cannot be read.") from exc
    parts: list[str] = []
    starts = [0]
    headings: list[tuple[int, int]] = []
    offset = 0
    for text, heading, page_break in blocks:
        text = text.replace("\x00", "").replace("\r", "\n").replace("\v", "\n")
        if page_break and offset > 0:
            starts.append(offset)
        if text.strip():
            if heading:
                lead = len(text) - len(text.lstrip())
                headings.append((offset + lead, offset + len(text.rstrip())))
            parts.append(text)
            offset += len(text) + 2
    return "\n\n".join(parts), starts, headings


def _is_heading(paragraph: Any) -> bool:
    try:
        name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return False
    return name.startswith(("heading", "title"))


def _page_break_in(element: Any) -> bool:
    for node in element.iter(f"{_W}lastRenderedPageBreak", f"{_W}br"):
        if node.tag.endswith("lastRenderedPageBreak") or node.get(f"{_W}type") == "page":
            return True
    return False


def _table_rows(table: Any) -> list[tuple[str, bool]]:
    """Each row as one line, cells joined by " | " (merged cells once), nested tables flattened."""
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        breaks = False
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            breaks = breaks or _page_break_in(cell._tc)
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            nested = [line for t in cell.tables for line, _ in _table_rows(t)]
            text = " ".join([text, *nested]).strip()
            if text:
                cells.append(text)
        if cells:
            rows.append((" | ".join(cells), breaks))
    return rows
