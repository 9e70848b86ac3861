"""One analysed document with every cue phrase found once, shared by all its requirements:
the hits of each phrase with their sentences, and the negation and look-alike masks.

The cues each requirement gives (framework data) are compiled here against the document
checker's one phrase table; engine.py says what they mean.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from safecom.rules.documents.phrases import PhraseTable
from safecom.rules.documents.scope import clause_span, mask_span
from safecom.rules.documents.text import Analysed
from safecom.rules.documents.units import Hit, Occurrences


def label_of(group: Sequence[str]) -> str:
    """A readable name for a group of synonyms: its first phrase, without the syntax."""
    first = group[0] if group else ""
    words = []
    for chunk in first.split():
        chunk = chunk.rstrip("?").split("|")[0].rstrip("*")
        words.append(chunk)
    return " ".join(words)


@dataclass
class CompiledCues:
    core: list[list[int]]
    any_of: list[int]
    partial: list[list[int]]
    partial_core: list[list[list[int]]]
    exclude: list[int]
    scope: str
    partial_scope: str
    labels: list[str]
    partial_labels: list[str]
    explanation_met: str
    explanation_partly: str
    explanation_not_met: str
    children_only: bool = False

    @property
    def empty(self) -> bool:
        return not self.core and not self.any_of


def compile_cues(
    cues: dict[str, Any], table: PhraseTable, *, children_only: bool = False
) -> CompiledCues:
    core_src = [list(g) for g in cues.get("all_of") or []]
    partial_src = [list(g) for g in cues.get("partial_if_missing") or []]
    labels = list(cues.get("labels") or [])
    partial_labels = list(cues.get("partial_labels") or [])
    return CompiledCues(
        core=[table.add_all(g) for g in core_src],
        any_of=table.add_all(cues.get("any_of") or []),
        partial=[table.add_all(g) for g in partial_src],
        partial_core=[[table.add_all(g) for g in s] for s in cues.get("partial_core") or []],
        exclude=table.add_all(cues.get("exclude") or []),
        scope=cues.get("scope") or "sentence",
        partial_scope=cues.get("partial_scope") or "section",
        labels=[labels[i] if i < len(labels) else label_of(g) for i, g in enumerate(core_src)]
        or [label_of(cues.get("any_of") or [""])],
        partial_labels=[
            partial_labels[i] if i < len(partial_labels) else label_of(g)
            for i, g in enumerate(partial_src)
        ],
        explanation_met=(cues.get("explanation_met") or "").strip(),
        explanation_partly=(cues.get("explanation_partly") or "").strip(),
        explanation_not_met=(cues.get("explanation_not_met") or "").strip(),
        children_only=children_only,
    )


@dataclass
class Context:
    """One analysed document with every cue found once; shared by all its requirements."""

    doc: Analysed
    hits: dict[int, list[Hit]]
    lookalike: bytearray
    negated: bytearray
    table: PhraseTable
    special: dict[str, list[int]]
    compiled: dict[str, CompiledCues] = field(default_factory=dict)
    warnings: list[Any] = field(default_factory=list)
    # The sentence of each hit, in the same order as the hits.
    hit_sentences: dict[int, list[int]] = field(default_factory=dict)
    # Sentences holding any character of each mask: a hit elsewhere is not under it.
    negated_sentences: set[int] = field(default_factory=set)
    lookalike_sentences: set[int] = field(default_factory=set)
    _about: dict[str, set[int]] = field(default_factory=dict)
    _kept: dict[tuple[int, bool, bool], tuple[list[Hit], list[int]]] = field(default_factory=dict)
    _occurrences: dict[tuple[int, bool, bool, str], Occurrences] = field(default_factory=dict)
    _section_of: list[int] | None = None
    _section_ends: dict[int, int] | None = None
    _headings: set[int] | None = None
    # Anything a check works out once per document (intervals.sentences_with).
    memo: dict[Any, Any] = field(default_factory=dict)

    def sentences_of(self, pid: int) -> list[int]:
        """The sentence of each hit of a phrase (hits are in order)."""
        return self.hit_sentences.get(pid, [])

    def kept(self, pid: int, negation: bool, lookalike: bool) -> tuple[list[Hit], list[int]]:
        """A phrase's hits and the sentence of each, without those negated or look-alike (as
        asked). A mask's spans lie within sentences, so only hits in a marked sentence need
        their characters read."""
        key = (pid, negation, lookalike)
        found = self._kept.get(key)
        if found is None:
            hits, sentences = self.hits.get(pid, []), self.sentences_of(pid)
            masks = [
                (mask, marked)
                for mask, marked, wanted in (
                    (self.negated, self.negated_sentences, negation),
                    (self.lookalike, self.lookalike_sentences, lookalike),
                )
                if wanted and marked and not marked.isdisjoint(sentences)
            ]
            found = unmasked(hits, sentences, masks) if masks else (hits, sentences)
            self._kept[key] = found
        return found

    def section_of(self) -> list[int]:
        """The section (heading sentence, or -1) of every sentence, made once."""
        if self._section_of is None:
            self._section_of = [s.section for s in self.doc.sentences]
        return self._section_of

    def occurrences(self, pid: int, negation: bool, lookalike: bool, scope: str) -> Occurrences:
        """A phrase's kept hits with their sentences (or sections), shared by every
        requirement that masks alike."""
        key = (pid, negation, lookalike, scope)
        found = self._occurrences.get(key)
        if found is None:
            hits, sentences = self.kept(pid, negation, lookalike)
            found = Occurrences(hits, self.units_of(sentences, scope))
            self._occurrences[key] = found
        return found

    def units_of(self, sentences: list[int], scope: str) -> list[int]:
        if scope != "section":
            return sentences
        return list(map(self.section_of().__getitem__, sentences))

    def under_headings(self, units: set[int]) -> set[int]:
        """The sentences whose section's heading is one of these (the headings too)."""
        if self._section_ends is None:
            ends: dict[int, int] = {}
            heading = -1
            for index, sentence in enumerate(self.doc.sentences):
                if sentence.is_heading and sentence.section == index:
                    if heading >= 0:
                        ends[heading] = index
                    heading = index
            if heading >= 0:
                ends[heading] = len(self.doc.sentences)
            self._section_ends, self._headings = ends, set(ends)
        ends, headings = self._section_ends, self._headings
        out: set[int] = set()
        for unit in units & headings if headings else ():
            out.update(range(unit, ends[unit]))
        return out

    def sentences_about(self, which: str) -> set[int]:
        """Sentences mentioning adults ("adult") or children ("child"), found once."""
        found = self._about.get(which)
        if found is None:
            found = {sentence for pid in self.special[which] for sentence in self.sentences_of(pid)}
            self._about[which] = found
        return found

    def adults_only(self, sentence: int) -> bool:
        """About adults and not children, in the sentence or its section's heading."""
        heading = self.doc.sentences[sentence].section
        adults, children = self.sentences_about("adult"), self.sentences_about("child")
        if sentence not in adults and heading not in adults:
            return False
        return sentence not in children and heading not in children

    def heading_of(self, sentence: int) -> int:
        section = self.doc.sentences[sentence].section
        return section if section != sentence else -1


def unmasked(
    hits: list[Hit], sentences: list[int], masks: list[tuple[bytearray, set[int]]]
) -> tuple[list[Hit], list[int]]:
    """The hits (and their sentences, in order like the hits) none of whose characters any
    mask marks. A mask's marks lie within sentences, so only the hits of a sentence holding
    a mark are read against it, found by bisection; the rest are kept as they are."""
    marked = set().union(*(sentences_marked for _, sentences_marked in masks))
    dropped: list[int] = []
    for sentence in sorted(marked.intersection(sentences)):
        low = bisect.bisect_left(sentences, sentence)
        for index in range(low, bisect.bisect_right(sentences, sentence, low)):
            start, end = hits[index]
            for mask, sentences_marked in masks:
                if sentence in sentences_marked and mask.find(1, start, end) >= 0:
                    dropped.append(index)
                    break
    if not dropped:
        return hits, sentences
    kept_hits: list[Hit] = []
    kept_sentences: list[int] = []
    previous = 0
    for index in dropped:
        kept_hits += hits[previous:index]
        kept_sentences += sentences[previous:index]
        previous = index + 1
    kept_hits += hits[previous:]
    kept_sentences += sentences[previous:]
    return kept_hits, kept_sentences


def build_context(doc: Analysed, table: PhraseTable, special: dict[str, list[int]]) -> Context:
    hits, where = table.find_with_sentences(doc)
    # Masks over characters: a cue whose span touches a marked character does not count.
    lookalike = bytearray(len(doc.text))
    negated = bytearray(len(doc.text))
    lookalike_sentences: set[int] = set()
    negated_sentences: set[int] = set()
    for pid in special["lookalike"]:
        for (start, end), sentence in zip(hits.get(pid, ()), where.get(pid, ()), strict=True):
            mask_span(lookalike, start, end)
            lookalike_sentences.add(sentence)
    for pid in special["negation"]:
        for (start, _), sentence in zip(hits.get(pid, ()), where.get(pid, ()), strict=True):
            mask_span(negated, *clause_span(doc, start))
            negated_sentences.add(sentence)
    for pid in special["exception"]:
        for (start, _), sentence in zip(hits.get(pid, ()), where.get(pid, ()), strict=True):
            mask_span(negated, start, clause_span(doc, start)[1])
            negated_sentences.add(sentence)
    return Context(
        doc=doc,
        hits=hits,
        lookalike=lookalike,
        negated=negated,
        table=table,
        special=special,
        hit_sentences=where,
        negated_sentences=negated_sentences,
        lookalike_sentences=lookalike_sentences,
    )
