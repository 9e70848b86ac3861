"""The document's text cut into pieces for display, each piece knowing which evidence covers
it, so the page can highlight every quote where it stands (presentation only)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

# Which mark wins where quotes overlap: supporting evidence over discounted wording.
ROLE_ORDER = {"met": 0, "partly_met": 1, "warning": 2, "negated": 3, "lookalike": 3}


@dataclass
class Piece:
    text: str
    role: str = ""
    refs: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    page_break: int = 0  # the page that starts here, if any


def evidence_spans(record: dict[str, Any]) -> list[tuple[int, int, str, str, str]]:
    """(start, end, role, label, anchor id) for every quote and warning of a stored result."""
    spans = []
    for r in record.get("requirements", []):
        for n, e in enumerate(r.get("evidence", [])):
            role = e.get("role", "supports")
            shown = r["status"] if role == "supports" else role
            spans.append((e["char_start"], e["char_end"], shown, r["ref"], anchor(r["ref"], n)))
    for n, w in enumerate(record.get("warnings", [])):
        if "char_start" in w:
            spans.append((w["char_start"], w["char_end"], "warning", w["code"], f"warning-{n}"))
    return spans


def anchor(ref: str, n: int) -> str:
    return "ev-" + "".join(c if c.isalnum() else "-" for c in ref) + f"-{n}"


def pieces(text: str, record: dict[str, Any], page_starts: list[int]) -> list[Piece]:
    spans = [s for s in evidence_spans(record) if 0 <= s[0] < s[1] <= len(text)]
    cuts = {0, len(text)}
    for start, end, *_ in spans:
        cuts.update((start, end))
    pages = {start: n + 1 for n, start in enumerate(page_starts) if n > 0}
    cuts.update(p for p in pages if 0 < p < len(text))
    ordered = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(ordered):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = Piece(text[a:b], page_break=pages.get(a, 0))
        if covering:
            best = min(covering, key=lambda s: ROLE_ORDER.get(s[2], 9))
            piece.role = best[2]
            piece.refs = sorted({s[3] for s in covering})
            piece.anchors = [s[4] for s in spans if s[0] == a]
        out.append(piece)
    return out
