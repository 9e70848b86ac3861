"""A document's text cut into words, sentences and sections, with every offset kept.

Plain Python, no Django. Offsets are character offsets into the text exactly as extracted,
so evidence can be quoted and highlighted where it stands. Matching uses a lower-cased copy
of the same length (curly quotes and dashes folded), so its offsets are the text's offsets.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

# One character in, one character out: offsets stay those of the original text.
_FOLD = (
    ("’", "'"),
    ("‘", "'"),
    ("“", '"'),
    ("”", '"'),
    ("–", "-"),
    ("—", "-"),
    ("‑", "-"),
    ("‐", "-"),
    ("\u00a0", " "),
    ("\u00ad", "-"),
    ("\ufb01", "f"),  # ﬁ ligature: the "i" is lost, but the length is kept
    ("\ufb02", "f"),
)
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

# Abbreviations whose full stop does not end a sentence ("e.g.", "No.", "St."), and any
# single letter ("J. Smith").
# fmt: off
_ABBREVIATIONS = (
    "e.g", "i.e", "etc", "no", "nos", "para", "paras", "s", "ss", "st", "dr", "mr", "mrs", "ms",
    "cf", "ltd", "co", "inc", "vol", "art", "reg", "sch", "approx", "incl", "ref", "fig", "p",
    "pp", "ch", "sec", "cl", "v", "vs",
)
# fmt: on
_NOT_AN_END = re.compile(
    r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")|\b[A-Z])\.$", re.IGNORECASE
)


def _not_after_abbreviation() -> str:
    """Lookbehinds, one per length (a lookbehind has a fixed width), that fail after an
    abbreviation's full stop: the same test as _NOT_AN_END, run by the regex engine."""
    by_length: dict[int, list[str]] = {}
    for word in _ABBREVIATIONS:
        by_length.setdefault(len(word), []).append(re.escape(word))
    by_length[1].append("[A-Z]")
    return "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in sorted(by_length.items()))


# Where a sentence may end: . ! ? followed by space and something that starts a sentence.
# The regex leaves out, in one pass, full stops that never end one: after an abbreviation
# (a short word, with a space, line break or "(" among the six characters before the stop;
# every abbreviation ends in a letter), and after a list number that opens a line, followed
# by a space ("12. The Provider ...": such a line always starts a block, and a block's
# opening list number is never a sentence). _split_block still looks again near each
# sentence's start.
_SENTENCE_END = re.compile(
    r"[.!?](?:(?<=[!?])|(?<=[^ \n(]{6}\.)"
    r"|(?<![^\W\d_]\.)(?:(?!\s)|(?<!\n\d\.)(?<!\n\d\d\.)(?<!\n\d\d\d\.))"
    r"|(?<=[^\W\d_]\.)" + _not_after_abbreviation() + r")"
    r"['\")\]]*(?=\s+[\"'(\[]?[A-Z0-9•\-*·▪●◦])"
)
_LIST_NUMBER = re.compile(r"\s*\(?[\dA-Za-z]{1,3}(?:\.\d{1,3})*[.)]?")
_BULLET_MARK = r"(?:[•·▪●◦\-*–]|\(?[a-z]{1,3}\)|\(?\d{1,3}(?:\.\d{1,3})*[.)]?|[A-Z]\.|[ivx]{1,4}\.)"
_BULLET = re.compile(r"^\s*" + _BULLET_MARK + r"\s+")
# The same, for every line but the first at once: a line break, then the line's own spaces.
_BULLET_LINE = re.compile(r"\n[^\S\n]*" + _BULLET_MARK + r"[^\S\n]+")
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:(?:schedule|part|section|appendix|annex|clause|standard|chapter|article)\s+"
    r"[A-Z0-9]{1,4}\b|SC\d{1,3}(?:\.\d{1,3})*|\d{1,3}(?:\.\d{1,3}){0,3}\.?|[A-Z]\.)",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?:shall|must|will|should|may|is|are|has|have|was|were|be|to)\b", re.IGNORECASE
)
_DANGLING = re.compile(
    r"\b(?:and|or|the|of|to|for|with|a|an|in|on|by|that|which|including|any|all)$",
    re.IGNORECASE,
)
MAX_SENTENCE = 600


def fold(text: str) -> str:
    """Lower-case and fold punctuation, keeping the length (and so every offset)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; keep those as they are
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for before, after in _FOLD:  # str.replace runs in C; most texts hold few of these
        if before in lowered:
            lowered = lowered.replace(before, after)
    return lowered


class Sentence(NamedTuple):
    """A tuple, not a dataclass: a long document has tens of thousands of them."""

    start: int
    end: int
    section: int  # index of this sentence's heading sentence, or -1 before the first heading
    is_heading: bool = False


@dataclass
class Analysed:
    """The text cut up once; every requirement is then checked against this."""

    text: str
    folded: str
    page_starts: list[int]
    sentences: list[Sentence]
    sentence_starts: list[int] = field(default_factory=list, repr=False)
    _reversed: str | None = field(default=None, repr=False)

    def page_of(self, offset: int) -> int:
        """1-based page number of a character offset."""
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding a character offset (the one before, if between)."""
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def reversed_text(self) -> str:
        """The text backwards, for matching the words before a cue (made once)."""
        if self._reversed is None:
            self._reversed = self.text[::-1]
        return self._reversed

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start : s.end]


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 100 or stripped[-1] in ".,;:?!" or " | " in stripped:
        return False
    words = stripped.split()
    if len(words) > 12 or _DANGLING.search(stripped):
        return False
    if _MODAL.search(stripped) and not stripped.isupper():
        return False
    if _NUMBERED_HEADING.match(stripped):
        rest = _NUMBERED_HEADING.sub("", stripped, count=1).strip(" .:-–—)")
        return bool(rest) and (rest[0].isupper() or rest[0].isdigit())
    if stripped.isupper() and any(c.isalpha() for c in stripped):
        return True
    longer = [w for w in words if len(w) > 3 and w[0].isalpha()]
    return len(words) <= 8 and bool(longer) and all(w[0].isupper() for w in longer)


def _blocks(text: str, heading_hints: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Paragraph-like blocks (start, end, is_heading): lines joined unless a break is meant."""
    hinted = {start for start, _ in heading_hints}
    blocks: list[tuple[int, int, bool]] = []
    append = blocks.append
    block_start = -1  # the open block, if any
    block_end = -1
    previous_ended = True
    start = 0
    # Where each bulleted or numbered line starts, found in one pass rather than line by line.
    bullets = {m.start() + 1 for m in _BULLET_LINE.finditer(text)}
    if _BULLET.match(text.split("\n", 1)[0]):
        bullets.add(0)
    for line in text.split("\n"):
        line_start, start = start, start + len(line) + 1
        right = line.rstrip()
        if not right:
            if block_start >= 0:
                append((block_start, block_end, False))
            block_start = -1
            previous_ended = True
            continue
        stripped = right.lstrip()
        trail = line_start + len(right)
        lead = trail - len(stripped)
        last = stripped[-1]
        # A line ending in a full stop or comma is never a heading: most lines, decided
        # without the call.
        if (hinted and lead in hinted) or (
            previous_ended
            and last not in ".,;:?!"
            and len(stripped) <= 100
            and len(stripped.split(None, 12)) <= 12  # as _is_heading, without the call
            and _is_heading(stripped)
        ):
            if block_start >= 0:
                append((block_start, block_end, False))
            append((lead, trail, True))
            block_start = -1
            previous_ended = True
            continue
        if block_start < 0 or previous_ended or line_start in bullets:
            if block_start >= 0:
                append((block_start, block_end, False))
            block_start = lead
        block_end = trail
        previous_ended = last in ".:;!?|"
    if block_start >= 0:
        append((block_start, block_end, False))
    return blocks


def _split_block(
    text: str, start: int, end: int, ends: list[tuple[int, int]], first: int, last: int
) -> list[tuple[int, int]]:
    """Sentences within one block, by end punctuation; very long runs cut at semicolons.
    `ends[first:last]` are the places the text may end a sentence within the block, found
    once for the whole text (abbreviations already left out)."""
    if first == last and end - start <= MAX_SENTENCE:
        return [(start, end)]  # a block is never blank
    pieces = []
    cursor = start
    for n in range(first, last):
        m_start, m_end = ends[n]
        if m_start - cursor < 12:
            # Near the sentence's start, where what came before matters: "2." before "The
            # Provider..." is a list number, and an abbreviation is read from the start.
            if _LIST_NUMBER.fullmatch(text, cursor, m_start + 1):
                continue
            tail = text[max(cursor, m_start - 11) : m_start + 1]
            space = max(tail.rfind(" "), tail.rfind("\n"), tail.rfind("("))
            if len(tail) - space <= 7 and _NOT_AN_END.search(tail):
                continue
        pieces.append((cursor, m_end))
        cursor = m_end
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        pieces.append((cursor, end))
    if all(e - s <= MAX_SENTENCE for s, e in pieces):
        return pieces  # each starts at a character that is not a space: none is blank
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if e - s <= MAX_SENTENCE:
            out.append((s, e))
            continue
        cut = s
        for m in re.finditer(r"[;•]\s+", text[s:e]):
            if s + m.end() - cut > MAX_SENTENCE // 3:
                out.append((cut, s + m.start() + 1))
                cut = s + m.end()
        out.append((cut, e))
    return [(s, e) for s, e in out if e - s > 2 or text[s:e].strip()]


def analyse(
    text: str,
    *,
    page_starts: list[int] | None = None,
    heading_hints: list[tuple[int, int]] | None = None,
) -> Analysed:
    """Cut a document's text into sentences, each knowing its section."""
    folded = fold(text)
    sentences: list[Sentence] = []
    starts: list[int] = []
    section = -1
    # Every place a sentence may end, in one pass; each block takes those inside it (blocks
    # and ends are both in order, so one cursor walks the ends).
    ends = [m.span() for m in _SENTENCE_END.finditer(text)]
    count = len(ends)
    first = 0
    new = tuple.__new__  # Sentence(...) without its Python-level __new__: one per sentence
    for b_start, b_end, is_heading in _blocks(text, heading_hints or []):
        while first < count and ends[first][0] < b_start:
            first += 1
        if is_heading:
            section = len(sentences)
            sentences.append(Sentence(b_start, b_end, section, True))
            starts.append(b_start)
            continue
        last = first
        while last < count and ends[last][0] < b_end:
            last += 1
        if (
            last - first <= 1
            and b_end - b_start <= MAX_SENTENCE
            and (last == first or ends[first][1] == b_end)
        ):
            # No end inside, or only the block's own: one sentence, whether or not that end
            # counts (what _split_block would say, without the call).
            sentences.append(new(Sentence, (b_start, b_end, section, False)))
            starts.append(b_start)
        else:
            for s, e in _split_block(text, b_start, b_end, ends, first, last):
                sentences.append(new(Sentence, (s, e, section, False)))
                starts.append(s)
        first = last
    return Analysed(
        text=text,
        folded=folded,
        page_starts=list(page_starts or [0]),
        sentences=sentences,
        sentence_starts=starts,
    )
