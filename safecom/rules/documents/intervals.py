"""Reading intervals a document states ("reviewed every two years", "within 5 working days"),
so checks can compare them with the framework's parameters instead of fixed wording."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from safecom.rules.documents.engine import Context, quote_span
from safecom.rules.documents.model import MET, PARTLY_MET, Finding

_NUMBERS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eighteen": 18,
    "twelve": 12,
    "twenty four": 24,
    "thirty six": 36,
}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_EVERY = re.compile(
    rf"\b(?:every|each|at least every|at least once every|within|no later than|once every)\s+"
    rf"(?:\(?\d+\)?\s+)?{_NUMBER}[\s-]+(working\s+days?|business\s+days?|days?|weeks?|months?|years?|hours?)\b",
    re.IGNORECASE,
)
_ADVERB = re.compile(
    r"\b(annually|yearly|every\s+year|each\s+year|once\s+a\s+year|biennially|"
    r"(two|three|2|3|six|6)[\s-]+(yearly|monthly)|twice\s+a\s+year|quarterly|triennially)\b",
    re.IGNORECASE,
)
_ADVERB_MONTHS = {
    "annually": 12,
    "yearly": 12,
    "every year": 12,
    "each year": 12,
    "once a year": 12,
    "biennially": 24,
    "twice a year": 6,
    "quarterly": 3,
    "triennially": 36,
}


@dataclass(frozen=True)
class Stated:
    amount: float  # in the unit asked for
    start: int
    end: int
    text: str


def _number(raw: str) -> int:
    raw = raw.lower()
    return int(raw) if raw.isdigit() else _NUMBERS.get(" ".join(raw.split()), 0)


def _to_months(amount: int, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("year"):
        return amount * 12
    if unit.startswith("month"):
        return amount
    if unit.startswith("week"):
        return amount * 12 / 52
    return amount * 12 / 365


def stated_months(ctx: Context, sentence: int) -> list[Stated]:
    """Every interval in one sentence, in months."""
    s = ctx.doc.sentences[sentence]
    text = ctx.doc.text
    out = []
    for m in _EVERY.finditer(text, s.start, s.end):
        amount = _number(m.group(1))
        unit = m.group(2).lower()
        if amount and not unit.startswith(("working", "business", "hour")):
            out.append(Stated(_to_months(amount, m.group(2)), m.start(), m.end(), m.group()))
    for m in _ADVERB.finditer(text, s.start, s.end):
        word = " ".join(m.group(1).lower().split())
        months: float = _ADVERB_MONTHS.get(word, 0)
        if not months and m.group(2):
            n = _number(m.group(2))
            months = n * 12 if "year" in word else n
        if months:
            out.append(Stated(months, m.start(), m.end(), m.group()))
    return out


def stated_working_days(ctx: Context, sentence: int) -> list[Stated]:
    s = ctx.doc.sentences[sentence]
    out = []
    for m in _EVERY.finditer(ctx.doc.text, s.start, s.end):
        unit = m.group(2).lower()
        amount = _number(m.group(1))
        if (amount and ("working" in unit or "business" in unit)) or (
            amount and unit.startswith("day")
        ):
            out.append(Stated(amount, m.start(), m.end(), m.group()))
        elif amount and unit.startswith("hour"):
            out.append(Stated(amount / 24, m.start(), m.end(), m.group()))
    return out


def sentences_with(ctx: Context, words: tuple[str, ...]) -> list[int]:
    """Sentences holding any of these words (folded), in order: each word is looked for in
    the whole text (in C) and placed in its sentence, once per document."""
    key = ("sentences_with", words)
    found = ctx.memo.get(key)
    if found is None:
        doc, folded = ctx.doc, ctx.doc.folded
        holding: set[int] = set()
        for word in words:
            at = folded.find(word)
            while at >= 0 and doc.sentences:
                index = doc.sentence_of(at)
                sentence = doc.sentences[index]
                if sentence.start <= at and at + len(word) <= sentence.end:
                    holding.add(index)
                at = folded.find(word, at + 1)
        found = ctx.memo[key] = sorted(holding)
    return list(found)


def limit_finding(
    finding: Finding,
    ctx: Context,
    *,
    stated: list[Stated],
    limit: float,
    unit: str,
    what: str,
) -> Finding:
    """Partly met when the document states only longer intervals than the parameter allows.

    A document that states an interval within the limit anywhere keeps its finding; one
    whose every stated interval is longer is partly met, quoting where it says so.
    """
    if not stated or any(st.amount <= limit for st in stated):
        return finding
    first = stated[0]
    evidence = quote_span(ctx, first.start, first.end)
    shown = f"{limit:g} {unit}" if limit != 1 else f"1 {unit.rstrip('s')}"
    why = (
        f"Partly met ({'page ' + str(evidence.page)}): {what} “{' '.join(first.text.split())}”, "
        f"longer than the {shown} the standard sets."
    )
    return replace(
        finding,
        status=PARTLY_MET,
        evidence=(evidence, *[e for e in finding.evidence if e.char_start != evidence.char_start]),
        explanation=why,
        missing=(*finding.missing, f"at most {shown}"),
    )


def met_or(finding: Finding) -> bool:
    return finding.status == MET
