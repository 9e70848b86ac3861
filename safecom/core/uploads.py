"""Checking uploaded files: the type from the content (never the name), the size, zip bombs,
a safe stored name and a SHA-256. Every upload and import goes through `upload_check`."""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.utils.text import get_valid_filename

KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument text"),
    "png": ("image/png", "PNG image"),
    "jpg": ("image/jpeg", "JPEG image"),
    "txt": ("text/plain", "plain text"),
    "csv": ("text/csv", "CSV"),
}
# A zip (docx, xlsx, odt) may not unpack to more than this, nor hold more entries.
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_RATIO = 200


class UploadRefused(Exception):
    """The file cannot be taken; the message says why, in words for the person uploading."""


@dataclass(frozen=True)
class UploadInfo:
    kind: str
    content_type: str
    size: int
    sha256: str
    safe_name: str


def _zip_kind(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(
            "The file looks like a Word, Excel or OpenDocument file but is "
            "damaged and cannot be opened."
        ) from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise UploadRefused("The file holds too many parts to be a real document.")
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > ZIP_MAX_UNPACKED or unpacked / packed > ZIP_MAX_RATIO:
        raise UploadRefused(
            "The file unpacks to far more than its size (a 'zip bomb'), so it is not opened."
        )
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names and archive.read("mimetype").strip() == KINDS["odt"][0].encode():
        return "odt"
    raise UploadRefused("The file is a zip archive, not a Word, Excel or OpenDocument file.")


def _is_text(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff_kind(data: bytes) -> str | None:
    """The file's type from its first bytes and structure, or None when not one we take."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data and _is_text(data):
        return "txt"
    return None


_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_name(original: str, kind: str) -> str:
    """A name safe to store and show: no folders, no odd characters, the real extension."""
    base = os.path.basename(original.replace("\\", "/")) or "upload"
    stem = os.path.splitext(base)[0]
    stem = re.sub(r"[\s_]+", "_", _UNSAFE.sub("_", stem)).strip(" ._")[:100] or "upload"
    ext = "csv" if kind == "txt" and base.lower().endswith(".csv") else kind
    return get_valid_filename(f"{stem}.{ext}")


def upload_check(
    *, data: bytes, name: str, allowed: set[str], max_bytes: int | None = None
) -> UploadInfo:
    """Check an uploaded file; raise UploadRefused with a plain reason when it is not taken."""
    limit = max_bytes or settings.SAFECOM_UPLOAD_MAX_BYTES
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > limit:
        raise UploadRefused(
            f"The file is {len(data) / 1048576:.1f} MB; the largest allowed is "
            f"{limit / 1048576:.0f} MB."
        )
    kind = sniff_kind(data)
    if kind == "txt" and "csv" in allowed and name.lower().endswith(".csv"):
        kind = "csv"
    if kind is None or kind not in allowed:
        wanted = ", ".join(KINDS[k][1] for k in sorted(allowed))
        found = f"a {KINDS[kind][1]} file" if kind else "not a type we can read"
        raise UploadRefused(f"The file is {found}. Upload one of: {wanted}.")
    return UploadInfo(
        kind=kind,
        content_type=KINDS[kind][0],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        safe_name=safe_name(name, kind),
    )
