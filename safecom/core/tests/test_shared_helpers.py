from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from safecom.core.crypto import decrypt_text, encrypt_text
from safecom.core.exports import csv_bytes, neutralise, xlsx_bytes
from safecom.core.uploads import UploadRefused, safe_name, upload_check

ALL = {"pdf", "docx", "xlsx", "odt", "png", "jpg", "txt", "csv"}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_encryption_round_trip_and_ciphertext_differs() -> None:
    token = encrypt_text("012345678901")
    assert "012345678901" not in token and decrypt_text(token) == "012345678901"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"%PDF-1.7 rest", "x.pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\nrest", "x.png", "png"),
        (b"\xff\xd8\xffrest", "photo.jpeg", "jpg"),
        ("Policy text £".encode("cp1252"), "policy.txt", "txt"),
        (b"a,b\n1,2\n", "staff.csv", "csv"),
        (None, "contract.docx", "docx"),
    ],
)
def test_type_comes_from_content(data, name, kind) -> None:  # type: ignore[no-untyped-def]
    data = data or _zip({"word/document.xml": b"<w:document/>"})
    assert upload_check(data=data, name=name, allowed=ALL).kind == kind


@pytest.mark.parametrize(
    ("data", "allowed", "message"),
    [
        (b"", ALL, "empty"),
        (b"%PDF-1.7", {"docx"}, "is a PDF file"),
        (b"\x00\x01\x02binary", ALL, "not a type we can read"),
        (b"PK\x03\x04broken", ALL, "damaged"),
        (b"x" * 2048, ALL | {"txt"}, "largest allowed"),
    ],
)
def test_refusals_say_why(data, allowed, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UploadRefused, match=message):
        upload_check(data=data, name="f.pdf", allowed=allowed, max_bytes=1024)


def test_zip_bomb_is_refused() -> None:
    bomb = _zip({"word/document.xml": b"0" * (50 * 1024 * 1024)})
    with pytest.raises(UploadRefused, match="zip bomb"):
        upload_check(data=bomb, name="c.docx", allowed=ALL)


def test_names_lose_folders_and_get_the_real_extension() -> None:
    assert safe_name("../../etc/passwd.pdf", "pdf") == "passwd.pdf"
    assert safe_name("C:\\Users\\x\\Contract <final>.exe", "docx") == "Contract_final.docx"
    assert safe_name("staff.csv", "txt") == "staff.csv"


def test_formulas_are_neutralised_in_csv_and_xlsx() -> None:
    assert neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise("-1") == "'-1" and neutralise(-1) == -1 and neutralise("Smith") == "Smith"
    text = csv_bytes(["name"], [["@SUM(A1)"], ["Jones"]]).decode("utf-8-sig")
    assert "'@SUM(A1)" in text
    book = load_workbook(io.BytesIO(xlsx_bytes(["name"], [["+cmd|' /C calc'!A0"]])))
    assert book.active["A2"].value.startswith("'+")  # type: ignore[index,union-attr]
