"""Builders for the hostile files too big or too odd to keep in the repository: zip bombs,
PDF bombs, damaged packages, XML entity bombs. Each is made in memory, once per test session.

`python -m safecom.core.tests.hostile.generate DIR` writes the whole corpus out, to try a
file by hand (for example through the web page).
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
import zlib
from functools import cache
from pathlib import Path

MB = 1024 * 1024
GOOD_CSV = (
    "Staff reference,First name,Last name,Worker type,Role\n"
    "N1,Amira,Hussain,Employee,Support worker\n"
)
POLICY_TEXT = (
    "Safeguarding policy. We are committed to safeguarding children and comply with the "
    "Children Act 1989 and 2004. Our designated safeguarding lead is named below.\n"
)


def zip_of(entries: dict[str, bytes], *, level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _xlsx_parts(sheet_xml: bytes) -> dict[str, bytes]:
    """The fewest parts a reader takes for a workbook of one sheet."""
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            b'/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            b'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            b'//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxml'
            b'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships"><sheets><sheet name="Staff" sheetId="1" '
            b'r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            b'//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def _laughs(root: bytes) -> bytes:
    """The 'billion laughs': ten entities of ten, a thousand million copies if expanded."""
    lines = [b'<!ENTITY l0 "lol">']
    for level in range(1, 10):
        refs = b"".join(b"&l%d;" % (level - 1) for _ in range(10))
        lines.append(b'<!ENTITY l%d "%s">' % (level, refs))
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE root [' + b"".join(lines) + b"]>" + root
    )


@cache
def xlsx_entity_bomb() -> bytes:
    sheet = _laughs(
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    return zip_of(_xlsx_parts(sheet))


@cache
def xlsx_inside_traversal() -> bytes:
    """A workbook whose package also holds entries named to escape any folder it is unpacked to."""
    parts = _xlsx_parts(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    )
    parts["../../../../tmp/escaped.txt"] = b"escaped"
    parts["/etc/cron.d/evil"] = b"* * * * * root true"
    return zip_of(parts)


def _docx_parts(document_xml: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            b'.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            b'/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            b'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
            b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            b'//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document_xml,
    }


@cache
def docx_entity_bomb() -> bytes:
    return zip_of(
        _docx_parts(
            _laughs(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>'
            )
        )
    )


@cache
def docx_damaged() -> bytes:
    return zip_of(_docx_parts(b"<w:document><w:body><w:p>not closed"))


@cache
def docx_external_entity() -> bytes:
    """XXE: an entity that names a file on the server."""
    return zip_of(
        _docx_parts(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
        )
    )


@cache
def zip_bomb_ratio() -> bytes:
    """30 MB of zeros packed into some 30 KB, named as a workbook's sheet."""
    return zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(30 * MB)})


@cache
def zip_bomb_declared() -> bytes:
    """A small package whose directory declares 4 GB unpacked (headers edited after packing)."""
    data = bytearray(zip_of({"xl/workbook.xml": b"<workbook/>", "word/document.xml": b"x" * 100}))
    # Patch the uncompressed size of every central directory entry (signature PK\x01\x02).
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 24 : at + 28] = (0xFFFFFFFE).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


@cache
def zip_many_entries() -> bytes:
    entries = {"xl/workbook.xml": b"<workbook/>"}
    entries.update({f"xl/media/{i}.bin": b"" for i in range(6000)})
    return zip_of(entries, level=1)


@cache
def zip_nested() -> bytes:
    """A zip of zips of zips (the "42.zip" shape, small)."""
    inner = zip_of({"zeros.bin": bytes(MB)})
    for _ in range(3):
        inner = zip_of({f"{i}.zip": inner for i in range(8)})
    return inner


@cache
def zip_plain() -> bytes:
    return zip_of({"notes.txt": b"just a text file in an archive"})


@cache
def xlsx_truncated() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Staff reference", "First name", "Last name", "Worker type"])
    sheet.append(["N1", "A", "B", "Employee"])
    out = io.BytesIO()
    book.save(out)
    whole = out.getvalue()
    return whole[: len(whole) // 2]


@cache
def xlsx_wrong_types() -> bytes:
    """Headings right, every cell the wrong type: numbers for names, text for dates, errors."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Staff reference",
            "First name",
            "Last name",
            "Worker type",
            "Start date",
            "DBS issue date",
        ]
    )
    sheet.append([None, 12345, 3.5, True, "next Tuesday", "#DIV/0!"])
    sheet.append([1e308, "=1/0", "", "Volunteer", -99999, 45000000])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return out


def _page_pdf(content: bytes, *, compressed: bool = False, count: int = 1) -> bytes:
    stream = content
    filters = b""
    if compressed:
        stream, filters = _deflate_repeated(content), b"/Filter /FlateDecode "
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d %s>>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /S /JavaScript /JS (app.alert('hostile')) >>",
        ]
    )


def _text_ops(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"BT /F1 11 Tf 40 750 Td (" + escaped.encode("latin-1", "replace") + b") Tj ET\n"


def _deflate_repeated(head: bytes) -> bytes:
    """`head` then spaces to 300 MB, deflated: the spaces are packed once and repeated, so
    making it takes a moment, not the time of compressing 300 MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: we write the wrapper
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    # A full flush ends on a byte boundary with no back-references, so it can be repeated.
    block = packer.compress(b" " * MB) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(head)
    spaces = b" " * MB
    for _ in range(300):
        checksum = zlib.adler32(spaces, checksum)
    end = packer.flush()
    return b"\x78\xda" + first + block * 300 + end + checksum.to_bytes(4, "big")


@cache
def pdf_bomb() -> bytes:
    """About 300 KB that unpacks to 300 MB of page content, with real text at its start."""
    return _page_pdf(_text_ops(POLICY_TEXT), compressed=True)


@cache
def pdf_page_count_lie() -> bytes:
    return _page_pdf(_text_ops(POLICY_TEXT), count=2_000_000_000)


@cache
def pdf_javascript() -> bytes:
    """A readable policy that also carries a script to run on opening."""
    return _page_pdf(_text_ops(POLICY_TEXT + " <script>alert('pdf')</script>"))


@cache
def pdf_no_text() -> bytes:
    return _page_pdf(b"0 0 m 100 100 l S\n")


@cache
def pdf_self_reference() -> bytes:
    """A page tree whose page is its own parent and kid, and a stream whose length is itself."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>",
            b"<< /Type /Page /Parent 3 0 R /Kids [3 0 R] /Contents 4 0 R >>",
            b"<< /Length 4 0 R >>\nstream\nBT ET\nendstream",
        ]
    )


@cache
def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_javascript())))
    writer.encrypt(user_password="secret", owner_password="secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def random_bytes(size: int, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(size)


def write_all(folder: Path) -> list[Path]:
    from safecom.core.tests.hostile.corpus import FILES

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in FILES:
        path = folder / f"{item.key}--{Path(item.name.replace(chr(0), '')).name[-80:] or 'x'}"
        path.write_bytes(item.data)
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")):
        print(written)
