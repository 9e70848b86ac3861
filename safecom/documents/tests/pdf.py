"""A very small PDF writer for tests and the benchmark: text pages in Helvetica (a text
layer pdfium can read), or a page holding only an image (no text layer)."""

from __future__ import annotations

import textwrap
import zlib


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _stream(content: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(content)
    head = f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
    return head + packed + b"\nendstream"


def text_pdf(pages: list[str], *, width: int = 90) -> bytes:
    """One PDF page per string, wrapped at `width` characters, 11pt Helvetica."""
    # 1 catalog, 2 pages, 3 font, then a page and its content per page.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, page in enumerate(pages):
        lines: list[str] = []
        for paragraph in page.split("\n"):
            lines.extend(textwrap.wrap(paragraph, width) or [""])
        body = ["BT", "/F1 11 Tf", "13 TL", "56 800 Td"]
        body += [f"({_escape(line)}) Tj T*" for line in lines[:60]]
        body.append("ET")
        content = "\n".join(body).encode("cp1252", errors="replace")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(_stream(content))
    return _assemble(objects)


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages that hold a grey image and no text at all (a scan, as far as text goes)."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    image = _stream(
        bytes([128]) * (64 * 64),
        "/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        "/BitsPerComponent 8 ",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        image,
    ]
    for i in range(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /XObject << /Im1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(_stream(b"q 500 0 0 700 40 60 cm /Im1 Do Q"))
    return _assemble(objects)


def encrypted(pdf: bytes, password: str = "secret") -> bytes:  # noqa: S107 - a test file
    """The same PDF, encrypted with a user password (pypdf)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
