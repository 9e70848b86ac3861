"""Reading documents, and refusing what cannot be read with a plain message."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.test import override_settings

from safecom.documents.extraction import ExtractionRefused, document_extract
from safecom.documents.tests.pdf import encrypted, image_only_pdf, text_pdf


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Schedule 2 Safeguarding", level=1)
    document.add_paragraph("The Provider shall safeguard children and young people.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Whistleblowing"
    table.cell(0, 1).text = "The Provider shall have a whistleblowing policy."
    table.cell(1, 0).text = "Allegations"
    table.cell(1, 1).text = "Allegations against staff go to the LADO."
    document.add_paragraph("Closing paragraph after the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_gives_paragraphs_and_table_rows_in_document_order_with_headings() -> None:
    found = document_extract(data=_docx_bytes(), name="contract.docx")
    text = found.text
    order = [
        text.index("Schedule 2 Safeguarding"),
        text.index("safeguard children"),
        text.index("Whistleblowing | The Provider shall have a whistleblowing policy."),
        text.index("Allegations | Allegations against staff"),
        text.index("Closing paragraph"),
    ]
    assert order == sorted(order)
    start, end = found.heading_hints[0]
    assert text[start:end] == "Schedule 2 Safeguarding"


def test_pdf_text_layer_and_page_starts() -> None:
    data = text_pdf(["First page about nothing.", "Second page: whistleblowing policy."])
    found = document_extract(data=data, name="contract.pdf")
    assert found.page_count == 2
    assert found.text[found.page_starts[1] :].startswith("Second page")


def test_txt_form_feeds_are_page_breaks() -> None:
    found = document_extract(data=b"one\fpage two", name="a.txt")
    assert found.page_starts == [0, 4] and found.text == "one\npage two"


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    "data,name,message",
    [
        (encrypted(text_pdf(["Secret safeguarding clause."])), "locked.pdf", "password-protected"),
        (image_only_pdf(), "scan.pdf", "no text layer"),
        (b"PK\x03\x04 this is not a real archive", "broken.docx", "damaged"),
        (_zip_bomb(), "bomb.docx", "zip bomb"),
        (b"", "empty.txt", "empty"),
        (b"   \n\n  ", "blank.txt", "no text to check"),
        (text_pdf(["A PDF."]), "renamed.docx", "is named .docx but is a PDF"),
        (b"some text", "contract.doc", "is a .doc file"),
        (b"some text", "contract", "without an extension"),
        (b"%PDF-1.4 garbage that is not a PDF", "broken.pdf", "damaged PDF"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ExtractionRefused, match=message) as refused:
        document_extract(data=data, name=name)
    assert "\n" not in str(refused.value) and "Traceback" not in str(refused.value)


@override_settings(SAFECOM_UPLOAD_MAX_BYTES=1024)
def test_very_large_files_are_refused_by_size() -> None:
    with pytest.raises(ExtractionRefused, match="largest allowed is"):
        document_extract(data=b"a" * 2048, name="big.txt")


def test_a_docx_whose_xml_is_broken_is_damaged_not_a_crash() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ExtractionRefused, match="damaged Word file"):
        document_extract(data=out.getvalue(), name="x.docx")


def test_a_pdf_bomb_is_refused_before_it_is_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    from safecom.documents import extraction

    # 8 MB of spaces deflated to a few KB, against a limit lowered to 4 MB for the test.
    content = b"BT /F1 11 Tf 40 750 Td (Safeguarding policy) Tj ET\n" + b" " * (8 << 20)
    packed = zlib.compress(content, 9)
    pdf = text_pdf(["Safeguarding policy for children"]).replace(
        b"startxref",
        b"9 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\nstartxref",
    )
    monkeypatch.setattr(extraction, "PDF_MAX_UNPACKED", 4 << 20)
    with pytest.raises(ExtractionRefused, match="PDF bomb"):
        document_extract(data=pdf, name="policy.pdf")
    monkeypatch.setattr(extraction, "PDF_MAX_UNPACKED", 16 << 20)
    assert "Safeguarding policy" in document_extract(data=pdf, name="policy.pdf").text
