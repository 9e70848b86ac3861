"""The benchmark's documents: realistic contracts (general conditions with a safeguarding
schedule), each different, and the dense worst case (the labelled corpus repeated).
Deterministic: the same seed always gives the same text."""

from __future__ import annotations

import random
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safecom.rules.documents import RequirementSpec

BOILERPLATE = [
    "The Provider shall deliver the Services in accordance with the Specification, Good "
    "Industry Practice and the Law, and shall co-operate with the Commissioner in all matters "
    "relating to the Services.",
    "The Commissioner shall pay each valid invoice within 30 days of receipt. The Provider "
    "shall maintain complete and accurate records of all amounts invoiced.",
    "Either Party may terminate this Contract by giving not less than six months' written "
    "notice. Termination shall not affect accrued rights or remedies.",
    "The Provider shall maintain employer's liability insurance of at least ten million pounds "
    "and public liability insurance of at least five million pounds.",
    "The Provider shall comply with the Equality Act 2010 and shall not discriminate in the "
    "provision of the Services.",
    "Neither Party shall be liable for any failure or delay caused by a Force Majeure Event, "
    "provided it notifies the other Party promptly.",
    "The Provider shall provide monthly activity reports in the form set out in Schedule 4, "
    "including referrals received, waiting times and outcomes achieved.",
    "The Provider shall safeguard personal data in accordance with the Data Protection Act "
    "2018, with appropriate technical and organisational safeguards.",
]

# Partly written elements, as a drafter short of the standard might put them.
PARTIAL = {
    "2.2": "The Provider shall comply with the Children Act 1989 and all relevant safeguarding "
    "legislation.",
    "2.6": "All staff shall complete safeguarding children training during their induction.",
    "2.8": "The Provider shall ensure that its staff are alert to the signs of child abuse and "
    "neglect and know what to do if they are worried about a child.",
    "2.10": "Allegations against members of staff shall be investigated by the Provider's "
    "senior manager and reported to the Commissioner.",
}


@lru_cache(maxsize=8)
def _specs(framework: str) -> list[RequirementSpec]:
    from safecom.rules.documents.library import specs_from_files

    return specs_from_files(framework, "contract_clause")


def safeguarding_schedule(framework: str = "chscp", seed: int | None = None) -> str:
    """The framework's model wording as a numbered schedule: whole when no seed is given,
    otherwise with up to three elements left out or only partly written, as in real
    portfolios."""
    specs = _specs(framework)
    gaps: set[int] = set()
    rng = random.Random(seed)  # noqa: S311 - a benchmark text, not a secret
    if seed is not None and rng.random() >= 0.5:
        gaps = set(rng.sample(range(len(specs)), k=rng.choice((1, 1, 2, 3))))
    lines = ["SCHEDULE 7 - SAFEGUARDING CHILDREN"]
    for index, spec in enumerate(specs):
        wording = spec.model_wording
        if index in gaps:
            if spec.ref not in PARTIAL or rng.random() < 0.4:
                continue
            wording = PARTIAL[spec.ref]
        lines.append(f"7.{len(lines)} {wording}")
    return "\n".join(lines)


def contract_pages(pages: int, seed: int = 2026, schedule: str | None = None) -> list[str]:
    """A contract of so many pages: general conditions, about 3,000 characters a page, with
    the safeguarding schedule 60% of the way through."""
    rng = random.Random(seed)  # noqa: S311 - a benchmark text, not a secret
    if schedule is None:
        schedule = safeguarding_schedule()
    out = []
    clause = 1
    for page in range(pages):
        if page == int(pages * 0.6):
            out.append(schedule)
            continue
        lines = [f"PART {page // 10 + 1} - GENERAL CONDITIONS (page {page + 1})"]
        while sum(len(x) for x in lines) < 3000:
            lines.append(f"{clause}. {rng.choice(BOILERPLATE)}")
            clause += 1
        out.append("\n".join(lines))
    return out


def contract_text(megabytes: float) -> str:
    """At least this many MB of realistic contract text: 100-page contracts, each with its
    own mix of clauses and its own safeguarding schedule."""
    parts: list[str] = []
    size, seed = 0, 0
    while size < megabytes * 1024 * 1024:
        one = "\n\n".join(contract_pages(100, seed=seed, schedule=safeguarding_schedule(seed=seed)))
        parts.append(one)
        size += len(one.encode()) + 2
        seed += 1
    return "\n\n".join(parts)


def dense_text(megabytes: float) -> str:
    """At least this many MB of dense text: the labelled corpus (every sentence about
    safeguarding, the worst case for the checker), repeated."""
    from safecom.rules.documents.evaluation import load_corpus

    pieces = [p["text"] for block in load_corpus() for p in block["passages"]]
    pieces += BOILERPLATE
    target = int(megabytes * 1024 * 1024)
    parts, size, n = [], 0, 0
    while size < target:
        piece = pieces[n % len(pieces)]
        parts.append(f"SECTION {n + 1}\n{piece}\n")
        size += len(parts[-1].encode())
        n += 1
    return "".join(parts)
