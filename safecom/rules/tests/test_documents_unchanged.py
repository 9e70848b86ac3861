"""The document checker's results held exactly as they were when the checker was made faster:
every status, quote, offset, page, explanation and warning, for every requirement of every
framework and kind, on the labelled corpus and on texts made from it (the whole corpus in
one document, every framework's model wording as schedules with elements dropped or cut
short, the corpus wrapped at 72 columns over many pages).

The expected digests (documents_results.json) were written by the checker as it was before
the speed work. A change that is meant to alter results rewrites them on purpose:

    .venv/bin/python -m safecom.rules.tests.test_documents_unchanged --write
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from safecom.rules.documents import Checker, DocumentResult, RequirementSpec
from safecom.rules.documents.evaluation import load_corpus
from safecom.rules.documents.library import specs_from_files
from safecom.rules.tests.test_documents import GROUPS, TODAY

EXPECTED = Path(__file__).with_name("documents_results.json")
FILLER = [
    "The Provider shall deliver the Services in accordance with the Specification and the Law.",
    "The Commissioner shall pay each valid invoice within 30 days of receipt.",
    "Either Party may terminate this Contract by giving not less than six months' notice.",
    "The Provider shall safeguard personal data under the Data Protection Act 2018.",
    "Neither Party shall be liable for any failure caused by a Force Majeure Event.",
]
Text = tuple[str, list[int]]  # a document's text and where its pages start


@cache
def _specs(framework: str, kind: str) -> list[RequirementSpec]:
    return specs_from_files(framework, kind)


@cache
def _checker(framework: str, kind: str) -> Checker:
    return Checker(_specs(framework, kind), framework=framework, kind=kind)


def _pages(text: str, every: int = 3000) -> list[int]:
    """Page starts at the first line break after each `every` characters."""
    starts = [0]
    while True:
        at = text.find("\n", starts[-1] + every)
        if at < 0:
            return starts
        starts.append(at + 1)


def _corpus_text() -> str:
    passages = [p["text"] for block in load_corpus() for p in block["passages"]]
    return "".join(f"SECTION {n}\n{text}\n" for n, text in enumerate(passages, 1))


def _wrapped_text() -> str:
    """The passages shuffled and wrapped at 72 columns: sentences cut across lines."""
    passages = [p["text"] for block in load_corpus() for p in block["passages"]]
    random.Random(7).shuffle(passages)
    return "\n\n".join(
        "\n".join(textwrap.fill(paragraph, 72) for paragraph in text.split("\n"))
        for text in passages
    )


def _schedules_text(framework: str, kind: str) -> str:
    """The model wording as numbered schedules: whole, then with every third element left
    out, then each element cut to its first half, between pages of general conditions."""
    wordings = [s.model_wording for s in _specs(framework, kind) if s.model_wording]
    rng = random.Random(framework + kind)
    parts = []
    for variant in range(3):
        parts.append("\n".join(f"{n}. {rng.choice(FILLER)}" for n in range(1, 30)))
        lines = [f"SCHEDULE {variant + 1} - SAFEGUARDING"]
        for n, wording in enumerate(wordings):
            if variant == 1 and n % 3 == 0:
                continue
            if variant == 2:
                words = wording.split()
                wording = " ".join(words[: max(3, len(words) // 2)])
            lines.append(f"{variant + 1}.{n + 1} {wording}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def cases() -> Iterator[tuple[str, str, str, Text]]:
    """(case name, framework, kind, (text, page starts)) for every text and group."""
    for block in load_corpus():
        for passage in block["passages"]:
            text = passage["text"]
            yield passage["id"], block["framework"], block["kind"], (text, [0])
    corpus, wrapped = _corpus_text(), _wrapped_text()
    for framework, kind in GROUPS:
        name = f"{framework}-{kind}"
        yield f"corpus/{name}", framework, kind, (corpus, _pages(corpus))
        yield f"wrapped/{name}", framework, kind, (wrapped, _pages(wrapped))
        for source, source_kind in GROUPS:
            schedules = _schedules_text(source, source_kind)
            yield (
                f"schedules-{source}-{source_kind}/{name}",
                framework,
                kind,
                (schedules, _pages(schedules)),
            )


def digests(result: DocumentResult) -> dict[str, str]:
    """Per requirement (and for the warnings) a digest of everything the result says."""

    def digest(value: object) -> str:
        data = json.dumps(value, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(data).hexdigest()[:16]

    out = {f.ref: digest(dataclasses.asdict(f)) for f in result.findings}
    out["warnings"] = digest([dataclasses.asdict(w) for w in result.warnings])
    return out


def check(framework: str, kind: str, text: Text) -> DocumentResult:
    return _checker(framework, kind).check(
        text[0], document="t.txt", page_starts=text[1], today=TODAY
    )


@cache
def _expected() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


CASES = list(cases())


def test_every_case_has_expected_results_and_no_expected_results_lack_a_case() -> None:
    assert sorted(_expected()) == sorted(name for name, *_ in CASES)


@pytest.mark.parametrize("name,framework,kind,text", CASES, ids=[c[0] for c in CASES])
def test_results_are_exactly_as_recorded(name: str, framework: str, kind: str, text: Text) -> None:
    got = digests(check(framework, kind, text))
    expected = _expected()[name]
    changed = sorted(ref for ref in set(got) | set(expected) if got.get(ref) != expected.get(ref))
    assert not changed, f"{name}: results changed for {', '.join(changed)}"


def _write() -> None:
    results = {name: digests(check(fw, kind, text)) for name, fw, kind, text in CASES}
    EXPECTED.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(results)} cases to {EXPECTED}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit(__doc__)
    _write()
