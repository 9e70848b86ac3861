"""Warnings for citations of superseded guidance and misnamed or misdated Acts.

- Working Together to Safeguard Children: the 2023 edition is current; 2018, 2015, 2013 and
  older are superseded, and a year that was never an edition is flagged as unknown.
- Keeping Children Safe in Education is reissued each September: an edition older than the
  one in force on the day of the check is superseded.
- Acts: a known Act with a year it was not passed in ("Public Interest Disclosure Act
  1988"), an Act that does not exist under that name ("Whistleblowing Act", "Children's
  Act"), and the Data Protection Act 1998 (replaced by the 2018 Act).
- Bodies renamed or abolished: the CRB (the DBS since 2012), LSCBs (safeguarding children
  partnerships since 2019).

Each warning quotes the sentence that holds the citation; repeated citations are reported
once, with how often and where first.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from safecom.rules.documents.model import EditionWarning
from safecom.rules.documents.text import Analysed

WORKING_TOGETHER_CURRENT = 2023
WORKING_TOGETHER_EDITIONS = frozenset({1991, 1999, 2006, 2010, 2013, 2015, 2018, 2023})
KCSIE_FIRST = 2014

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR_AFTER = (
    r"(?:\s*act)?[\s,(\[:\-]*(?:(?:hm\s+government|dfe|department\s+for\s+education|"
    r"statutory\s+guidance|guidance|edition|version|published|updated|dated|issued|"
    rf"{_MONTH})[\s,)\-:]*){{0,3}}\(?((?:19|20)\d{{2}})\b"
)
_WT_TITLE = r"working\s+together\s+to\s+safeguard(?:ing)?\s+children"
_KCSIE_TITLE = r"(?:keeping\s+children\s+safe\s+in\s+education|kcsie)"
_CITATIONS = (
    ("wt", re.compile(_WT_TITLE + _YEAR_AFTER, re.IGNORECASE)),
    ("wt", re.compile(r"\bWorking\s+Together" + _YEAR_AFTER)),
    ("wt", re.compile(r"\bWTSC\b" + _YEAR_AFTER)),
    (
        "wt",
        re.compile(
            r"\b((?:19|20)\d{2})\)?\s+(?:edition\s+of\s+|version\s+of\s+)?(?:the\s+)?"
            r"(?:working\s+together|WTSC)\b",
            re.IGNORECASE,
        ),
    ),
    ("kcsie", re.compile(_KCSIE_TITLE + _YEAR_AFTER, re.IGNORECASE)),
    (
        "kcsie",
        re.compile(
            r"\b((?:19|20)\d{2})\)?\s+(?:edition\s+of\s+|version\s+of\s+)?(?:the\s+)?"
            + _KCSIE_TITLE,
            re.IGNORECASE,
        ),
    ),
)

# name (folded, hyphens as spaces) -> (title, years passed)
KNOWN_ACTS: dict[str, tuple[str, frozenset[int]]] = {
    "children": ("Children Act", frozenset({1989, 2004})),
    "children and families": ("Children and Families Act", frozenset({2014})),
    "children and social work": ("Children and Social Work Act", frozenset({2017})),
    "children and young persons": (
        "Children and Young Persons Act",
        frozenset({1933, 1963, 1969, 2008}),
    ),
    "public interest disclosure": ("Public Interest Disclosure Act", frozenset({1998})),
    "care": ("Care Act", frozenset({2014})),
    "mental capacity": ("Mental Capacity Act", frozenset({2005})),
    "mental health": ("Mental Health Act", frozenset({1983, 2007})),
    "safeguarding vulnerable groups": ("Safeguarding Vulnerable Groups Act", frozenset({2006})),
    "protection of freedoms": ("Protection of Freedoms Act", frozenset({2012})),
    "data protection": ("Data Protection Act", frozenset({2018})),
    "human rights": ("Human Rights Act", frozenset({1998})),
    "equality": ("Equality Act", frozenset({2010})),
    "rehabilitation of offenders": ("Rehabilitation of Offenders Act", frozenset({1974})),
    "sexual offences": ("Sexual Offences Act", frozenset({1956, 2003})),
    "female genital mutilation": ("Female Genital Mutilation Act", frozenset({2003})),
    "modern slavery": ("Modern Slavery Act", frozenset({2015})),
    "counter terrorism and security": ("Counter-Terrorism and Security Act", frozenset({2015})),
    "domestic abuse": ("Domestic Abuse Act", frozenset({2021})),
    "education": ("Education Act", frozenset({1944, 1996, 2002, 2005, 2011})),
    "education and inspections": ("Education and Inspections Act", frozenset({2006})),
    "health and social care": ("Health and Social Care Act", frozenset({2008, 2012})),
    "health and care": ("Health and Care Act", frozenset({2022})),
    "police": ("Police Act", frozenset({1996, 1997})),
    "freedom of information": ("Freedom of Information Act", frozenset({2000})),
    "care standards": ("Care Standards Act", frozenset({2000})),
    "online safety": ("Online Safety Act", frozenset({2023})),
    "serious crime": ("Serious Crime Act", frozenset({2007, 2015})),
    "childcare": ("Childcare Act", frozenset({2006, 2016})),
    "adoption and children": ("Adoption and Children Act", frozenset({2002})),
    "health and safety at work": ("Health and Safety at Work etc. Act", frozenset({1974})),
    "crime and disorder": ("Crime and Disorder Act", frozenset({1998})),
}
SUPERSEDED_ACTS: dict[tuple[str, int], str] = {
    ("data protection", 1998): "the Data Protection Act 1998 was replaced by the Data "
    "Protection Act 2018 (with the UK GDPR)",
    ("data protection", 1984): "the Data Protection Act 1984 was replaced by the Data "
    "Protection Act 2018 (with the UK GDPR)",
}
MISNAMED_ACTS: dict[str, str] = {
    "children's": "the Children Act 1989 and the Children Act 2004",
    "childrens": "the Children Act 1989 and the Children Act 2004",
    "child": "the Children Act 1989 and the Children Act 2004",
    "child protection": "the Children Act 1989 and the Children Act 2004",
    "whistleblowing": "the Public Interest Disclosure Act 1998",
    "whistle blowing": "the Public Interest Disclosure Act 1998",
    "whistleblower": "the Public Interest Disclosure Act 1998",
    "whistleblowers": "the Public Interest Disclosure Act 1998",
    "public interest disclosures": "the Public Interest Disclosure Act 1998",
    "safeguarding": "the Safeguarding Vulnerable Groups Act 2006",
    "vulnerable groups": "the Safeguarding Vulnerable Groups Act 2006",
    "safeguarding vulnerable adults": "the Safeguarding Vulnerable Groups Act 2006",
    "disclosure and barring": "the Safeguarding Vulnerable Groups Act 2006 and the "
    "Protection of Freedoms Act 2012",
    "human right": "the Human Rights Act 1998",
    "equalities": "the Equality Act 2010",
    "equal opportunities": "the Equality Act 2010",
    "sexual offenses": "the Sexual Offences Act 2003",
    "mental capacities": "the Mental Capacity Act 2005",
    "care and support": "the Care Act 2014",
    "modern day slavery": "the Modern Slavery Act 2015",
}
_ACT = re.compile(
    r"\b((?:[A-Z][\w'’\-]*\s+(?:(?:and|of|for|the|to|in|on|at|&|etc\.?)\s+)*){1,8})"
    r"Acts?\b(?:\s*\(?\s*((?:1[89]|20)\d{2})\)?)?(?:\s*(?:and|&|,)\s*((?:1[89]|20)\d{2}))?"
)
_RENAMED = (
    (
        re.compile(r"\b(?:CRB|Criminal\s+Records?\s+Bureau)\b", re.IGNORECASE),
        "The Criminal Records Bureau (CRB) was replaced by the Disclosure and Barring "
        "Service (DBS) in 2012: refer to DBS checks.",
    ),
    (
        re.compile(r"\b(?:LSCBs?|Local\s+Safeguarding\s+Children\s+Boards?)\b", re.IGNORECASE),
        "Local Safeguarding Children Boards were replaced by local safeguarding children "
        "partnerships (Children and Social Work Act 2017, in place since 2019).",
    ),
)


def kcsie_current(today: dt.date) -> int:
    """The edition in force: each year's edition applies from 1 September."""
    return today.year if today >= dt.date(today.year, 9, 1) else today.year - 1


@dataclass
class _Found:
    code: str
    message: str
    start: int
    end: int
    key: str


_DASHES_AND_SPACES = re.compile(r"[\s\-]+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def _act_name(raw: str) -> str:
    name = _DASHES_AND_SPACES.sub(" ", raw.replace("’", "'")).strip().lower()
    return _ARTICLE.sub("", name)


# Literal first, so the regex engine can skip straight to each "Act" (checked for a word start).
_ACT_WORD = re.compile(r"Acts?\b")


_Cited = tuple[int, int, str, str, str | None, str | None]  # start, end, whole, name, years


def _act_matches(text: str) -> list[_Cited]:
    """Each Act citation once. The name regex runs only on the words just before "Act",
    and a passage read before (contract boilerplate repeats) is not read again."""
    found: dict[int, _Cited] = {}
    cache: dict[str, list[tuple[int, int, str, str, str | None, str | None]]] = {}
    for word in _ACT_WORD.finditer(text):
        if word.start() and (text[word.start() - 1].isalnum() or text[word.start() - 1] == "_"):
            continue  # "React", "FACT"
        # The few words before "Act" name it; boilerplate repeats, so a passage read once is
        # not read again. A name that may run past the short window is read again, wider.
        relative: list[tuple[int, int, str, str, str | None, str | None]] = []
        start = 0
        for reach in (45, 90):
            start = max(0, word.start() - reach)
            window = text[start : min(len(text), word.end() + 20)]
            cached = cache.get(window)
            if cached is not None:
                relative = cached
            else:
                at = word.start() - start
                relative = [
                    (m.start(), m.end(), m.group(0), m.group(1), m.group(2), m.group(3))
                    for m in _ACT.finditer(window)
                    if m.start() <= at < m.end()
                ]
                cache[window] = relative
            if start == 0 or not any(r[0] == 0 for r in relative):
                break
        for r_start, r_end, whole, name, first, second in relative:
            found.setdefault(
                start + r_end, (start + r_start, start + r_end, whole, name, first, second)
            )
    return [found[k] for k in sorted(found)]


def _acts(text: str) -> list[_Found]:
    out = []
    for m_start, m_end, whole, name_text, first, second in _act_matches(text):
        for code, message, key in _act_citation(whole, name_text, first, second):
            out.append(_Found(code, message, m_start, m_end, key))
    return out


@lru_cache(maxsize=4096)
def _act_citation(
    whole: str, name_text: str, first: str | None, second: str | None
) -> tuple[tuple[str, str, str], ...]:
    """What is wrong with one citation of an Act, as (code, message, key): worked out once
    for each way of citing it, since documents cite the same Acts again and again."""
    out = []
    words = _act_name(name_text).split()
    years = [int(y) for y in (first, second) if y]
    for n in range(len(words)):
        name = " ".join(words[n:])
        if name in ("the", "and", "of"):
            continue
        if name in MISNAMED_ACTS:
            cited = " ".join(whole.split())
            message = f"There is no “{cited}”: the law meant is {MISNAMED_ACTS[name]}."
            out.append(("misnamed_act", message, f"misnamed:{name}"))
            break
        if name in KNOWN_ACTS:
            title, passed = KNOWN_ACTS[name]
            for year in years:
                if (name, year) in SUPERSEDED_ACTS:
                    message = f"Cites the {title} {year}: {SUPERSEDED_ACTS[(name, year)]}."
                    out.append(("superseded_edition", message, f"act:{name}:{year}"))
                elif year not in passed:
                    dated = " and ".join(str(y) for y in sorted(passed))
                    message = f"There is no {title} {year}: the {title} is dated {dated}."
                    out.append(("misdated_act", message, f"act:{name}:{year}"))
            break
    return tuple(out)


def _windows(
    folded: str, needles: tuple[str, ...], before: int, after: int
) -> list[tuple[int, int]]:
    """Character windows around each occurrence of the needles, merged: the regexes then
    run only where a citation can be, not over the whole text."""
    spans = []
    for needle in needles:
        at = folded.find(needle)
        while at >= 0:
            spans.append((max(0, at - before), min(len(folded), at + len(needle) + after)))
            at = folded.find(needle, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_GUIDANCE_NEEDLES = ("working together", "wtsc", "kcsie", "keeping children safe")


def _guidance(text: str, folded: str, today: dt.date) -> list[_Found]:
    out = []
    kcsie_now = kcsie_current(today)
    seen: set[tuple[int, int]] = set()
    for w_start, w_end in _windows(folded, _GUIDANCE_NEEDLES, 40, 160):
        for which, pattern in _CITATIONS:
            for m in pattern.finditer(text, w_start, w_end):
                if (m.start(), m.end()) in seen:
                    continue
                seen.add((m.start(), m.end()))
                found = _citation(which, int(m.group(1)), m.start(), m.end(), today, kcsie_now)
                if found is not None:
                    out.append(found)
    return out


def _citation(
    which: str, year: int, start: int, end: int, today: dt.date, kcsie_now: int
) -> _Found | None:
    if which == "wt":
        if year == WORKING_TOGETHER_CURRENT:
            return None
        if year in WORKING_TOGETHER_EDITIONS and year < WORKING_TOGETHER_CURRENT:
            message = (
                f"Cites Working Together to Safeguard Children {year}, which is "
                f"superseded: the current edition is {WORKING_TOGETHER_CURRENT}."
            )
            return _Found("superseded_edition", message, start, end, f"wt:{year}")
        message = (
            f"Cites Working Together to Safeguard Children {year}, which is not an "
            f"edition: the current edition is {WORKING_TOGETHER_CURRENT}."
        )
        return _Found("unknown_edition", message, start, end, f"wt:{year}")
    if kcsie_now <= year <= today.year:
        return None
    if KCSIE_FIRST <= year < kcsie_now:
        message = (
            f"Cites Keeping Children Safe in Education {year}, which is superseded: "
            f"the edition in force is {kcsie_now}."
        )
        return _Found("superseded_edition", message, start, end, f"kcsie:{year}")
    message = (
        f"Cites Keeping Children Safe in Education {year}, which is not an "
        f"edition in force: the current edition is {kcsie_now}."
    )
    return _Found("unknown_edition", message, start, end, f"kcsie:{year}")


_RENAMED_NEEDLES = ("crb", "criminal record", "lscb", "local safeguarding children board")


def _renamed(text: str, folded: str) -> list[_Found]:
    out = []
    for w_start, w_end in _windows(folded, _RENAMED_NEEDLES, 5, 40):
        for pattern, message in _RENAMED:
            for m in pattern.finditer(text, w_start, w_end):
                out.append(_Found("outdated_name", message, m.start(), m.end(), message[:30]))
    return out


def edition_warnings(doc: Analysed, *, today: dt.date) -> list[EditionWarning]:
    """Every superseded or wrongly cited instrument in the document, first mention quoted."""
    found = (
        _guidance(doc.text, doc.folded, today) + _acts(doc.text) + _renamed(doc.text, doc.folded)
    )
    found.sort(key=lambda f: (f.start, f.code))
    grouped: dict[str, list[_Found]] = {}
    for f in found:
        same = grouped.setdefault(f.key, [])
        # Two patterns may find the same citation ("Working Together ... 2018"): count it once.
        if not any(g.start <= f.start < g.end or f.start <= g.start < f.end for g in same):
            same.append(f)
    starts = doc.sentence_starts
    out = []
    for items in sorted(grouped.values(), key=lambda fs: fs[0].start):
        first = items[0]
        index = max(0, bisect.bisect_right(starts, first.start) - 1)
        if doc.sentences and doc.sentences[index].start <= first.start < doc.sentences[index].end:
            q_start, q_end = doc.sentences[index].start, doc.sentences[index].end
        else:
            q_start, q_end = first.start, first.end
        if q_end - q_start > 400:
            q_start = max(q_start, first.start - 150)
            q_end = min(q_end, first.end + 150)
        message = first.message
        if len(items) > 1:
            message += f" Cited {len(items)} times; first on page {doc.page_of(first.start)}."
        out.append(
            EditionWarning(
                code=first.code,
                message=message,
                quote=" ".join(doc.text[q_start:q_end].split()),
                page=doc.page_of(first.start),
                char_start=first.start,
                char_end=first.end,
            )
        )
    return out
