"""Deciding met / partly met / not met for one requirement from its cues, with the evidence.

The cues (framework data, `cues:` on each requirement) say:

    all_of              concept groups that must all appear together (each a list of
                        synonyms) — the core of the element
    any_of              phrases each of which is the core on its own
    partial_if_missing  further groups needed for "met"; core without them is "partly met"
    partial_core        groups that, together but without the core, show the element is
                        touched (partly met), e.g. the LADO named but no allegations process
    exclude             look-alike phrases that never count (added to the shared ones)
    scope               sentence (default) or section: where the core groups must meet
    partial_scope       sentence, section (default) or document: where partial groups count
    labels / partial_labels   names of the groups, used in explanations
    explanation_met / explanation_partly / explanation_not_met

A group is found in a sentence, or in the heading of the sentence's section ("Safeguarding
children" over "All staff are trained at induction"). Everything is deterministic: the same
text and cues always give the same result, and the explanation names what was found where.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from safecom.rules.documents.model import (
    MET,
    NOT_MET,
    PARTLY_MET,
    Evidence,
    Finding,
    RequirementSpec,
)
from safecom.rules.documents.phrases import PhraseTable
from safecom.rules.documents.scope import (
    ADULT_TERMS,
    CHILD_TERMS,
    EXCEPTIONS,
    LOOKALIKES,
    NEGATIONS,
    clause_span,
    mask_span,
)
from safecom.rules.documents.text import Analysed, Sentence

MAX_QUOTE = 400
MAX_EVIDENCE = 4
SCOPES = ("sentence", "section")
PARTIAL_SCOPES = ("sentence", "section", "document")

Hit = tuple[int, int]  # character start and end of a cue found in the text


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
    _kept: dict[tuple[int, bool, bool], list[tuple[Hit, int]]] = field(default_factory=dict)
    # Anything a check works out once per document (intervals.sentences_with).
    memo: dict[Any, Any] = field(default_factory=dict)

    def sentences_of(self, pid: int) -> list[int]:
        """The sentence of each hit of a phrase (hits are in order)."""
        return self.hit_sentences.get(pid, [])

    def kept(self, pid: int, negation: bool, lookalike: bool) -> list[tuple[Hit, int]]:
        """(hit, sentence) of a phrase, without those negated or look-alike (as asked)."""
        key = (pid, negation, lookalike)
        found = self._kept.get(key)
        if found is None:
            pairs: Iterable[tuple[Hit, int]] = zip(
                self.hits.get(pid, ()), self.sentences_of(pid), strict=True
            )
            if negation and lookalike and self.negated_sentences and self.lookalike_sentences:
                negated, similar = self.negated, self.lookalike
                both = self.negated_sentences | self.lookalike_sentences
                pairs = [  # one pass for both masks
                    (hit, sentence)
                    for hit, sentence in pairs
                    if sentence not in both
                    or (negated.find(1, hit[0], hit[1]) < 0 and similar.find(1, hit[0], hit[1]) < 0)
                ]
            else:
                if negation:
                    pairs = _unmasked(pairs, self.negated, self.negated_sentences)
                if lookalike:
                    pairs = _unmasked(pairs, self.lookalike, self.lookalike_sentences)
            found = list(pairs)
            self._kept[key] = found
        return found

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


def _group(
    kept: list[list[tuple[Hit, int]]], scope: str, sentences: list[Sentence]
) -> dict[int, list[Hit]]:
    """(hit, sentence) pairs by sentence, or by section."""
    units: dict[int, list[Hit]] = {}
    for pairs in kept:
        if scope == "section":
            for hit, sentence in pairs:
                units.setdefault(sentences[sentence].section, []).append(hit)
        else:
            for hit, sentence in pairs:
                units.setdefault(sentence, []).append(hit)
    return units


def _unmasked(
    pairs: Iterable[tuple[Hit, int]], mask: bytearray, sentences: set[int]
) -> Iterable[tuple[Hit, int]]:
    """(hit, sentence) pairs none of whose characters is marked in the mask. A mask's spans
    lie within sentences, so only hits in a marked sentence need their characters read."""
    if not sentences:
        return pairs
    return [
        (hit, sentence)
        for hit, sentence in pairs
        if sentence not in sentences or mask.find(1, hit[0], hit[1]) < 0
    ]


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


class _Masks:
    def __init__(self, ctx: Context, cues: CompiledCues, *, negation: bool, lookalike: bool):
        self.ctx = ctx
        self.negation = negation
        self.lookalike = lookalike
        self.own: bytearray | None = None
        self.own_sentences: set[int] = set()
        if lookalike and cues.exclude:
            own = bytearray(len(ctx.doc.text))
            for pid in cues.exclude:
                for (start, end), sentence in zip(
                    ctx.hits.get(pid, ()), ctx.sentences_of(pid), strict=True
                ):
                    mask_span(own, start, end)
                    self.own_sentences.add(sentence)
            self.own = own

    def kept(self, pid: int) -> list[tuple[Hit, int]]:
        """(hit, sentence) of a phrase that count under these masks."""
        found = self.ctx.kept(pid, self.negation, self.lookalike)
        own = self.own
        if own is None or not self.own_sentences:
            return found
        return list(_unmasked(found, own, self.own_sentences))

    def group_units(self, pids: list[int], scope: str) -> dict[int, list[Hit]]:
        """Hits of any of these phrases by sentence (or section)."""
        return _group([self.kept(pid) for pid in pids], scope, self.ctx.doc.sentences)


@dataclass
class _CoreUnit:
    unit: int
    hits: list[Hit]


def _core_units(
    ctx: Context, cues: CompiledCues, masks: _Masks, *, adults_count: bool = False
) -> list[_CoreUnit]:
    """Every sentence (or section) where the core is found, in document order."""
    found: dict[int, list[Hit]] = {}
    for unit, hits in masks.group_units(cues.any_of, cues.scope).items():
        found.setdefault(unit, []).extend(hits)
    if cues.core:
        groups = [masks.group_units(g, cues.scope) for g in cues.core]
        by_sentence = cues.scope == "sentence"
        sentences = ctx.doc.sentences
        for unit in set().union(*groups):
            heading = -1
            if by_sentence and unit >= 0:
                heading = sentences[unit].section  # as ctx.heading_of, inline: a hot loop
                if heading == unit:
                    heading = -1
            chosen: list[Hit] = []
            for g in groups:
                if unit in g:
                    chosen.extend(g[unit])
                elif heading >= 0 and heading in g:
                    chosen.extend(g[heading])
                else:
                    break
            else:
                found.setdefault(unit, []).extend(chosen)
    if cues.children_only and not adults_count:
        found = {
            unit: hits
            for unit, hits in found.items()
            if not ctx.adults_only(ctx.doc.sentence_of(hits[0][0]))
        }
    return [_CoreUnit(u, h) for u, h in sorted(found.items())]


def _partial_index(
    ctx: Context, cues: CompiledCues, masks: _Masks
) -> list[tuple[dict[int, list[Hit]], dict[int, list[Hit]], list[Hit]]]:
    """Per partial group, its kept hits by sentence, by section and in all: built once."""
    index = []
    scope = cues.partial_scope
    sentences = ctx.doc.sentences
    for pids in cues.partial:
        by_sentence: dict[int, list[Hit]] = {}
        by_section: dict[int, list[Hit]] = {}
        every: list[Hit] = []
        for pid in pids:
            kept = masks.kept(pid)
            if scope == "document":
                every.extend(hit for hit, _ in kept)
            elif scope == "section":
                for hit, sentence in kept:
                    by_section.setdefault(sentences[sentence].section, []).append(hit)
            else:
                for hit, sentence in kept:
                    by_sentence.setdefault(sentence, []).append(hit)
        index.append((by_sentence, by_section, every))
    return index


def _partial_found(
    ctx: Context,
    cues: CompiledCues,
    index: list[tuple[dict[int, list[Hit]], dict[int, list[Hit]], list[Hit]]],
    core: _CoreUnit,
) -> dict[int, Hit]:
    """Partial group index -> its first hit within the partial scope of one core unit."""
    out: dict[int, Hit] = {}
    scope = cues.partial_scope
    if scope == "section" and cues.scope == "sentence":
        target = ctx.doc.sentences[core.unit].section
    else:
        target = core.unit
    for n, (by_sentence, by_section, every) in enumerate(index):
        if scope == "document":
            found = every
        elif scope == "section":
            found = by_section.get(target, [])
        else:
            found = by_sentence.get(core.unit) or by_sentence.get(ctx.heading_of(core.unit), [])
        if found:
            out[n] = min(found)
    return out


def _touched(ctx: Context, cues: CompiledCues, masks: _Masks) -> list[_CoreUnit]:
    units: list[_CoreUnit] = []
    for groups in cues.partial_core:
        per_group = [masks.group_units(g, "sentence") for g in groups]
        if not per_group:
            continue
        common = set(per_group[0]).intersection(*[set(g) for g in per_group[1:]])
        for unit in sorted(common):
            units.append(_CoreUnit(unit, sorted({h for g in per_group for h in g[unit]})))
    return sorted(units, key=lambda u: u.unit)


def _evidence(ctx: Context, hits: list[Hit], role: str = "supports") -> Evidence:
    """The sentence holding these hits (narrowed around them when very long)."""
    doc = ctx.doc
    sentence = doc.sentences[doc.sentence_of(hits[0][0])]
    start, end = sentence.start, sentence.end
    if end - start > MAX_QUOTE:
        first = min(h[0] for h in hits)
        last = max(h[1] for h in hits)
        margin = max(0, (MAX_QUOTE - (last - first)) // 2)
        start = max(sentence.start, first - margin)
        end = min(sentence.end, max(last, start + MAX_QUOTE))
        while start > sentence.start and not doc.text[start - 1].isspace():
            start -= 1
        while end < sentence.end and not doc.text[end].isspace():
            end += 1
    return Evidence(
        quote=" ".join(doc.text[start:end].split()),
        page=doc.page_of(start),
        char_start=start,
        char_end=end,
        role=role,
    )


def quote_span(ctx: Context, start: int, end: int) -> Evidence:
    """The sentence holding a character span, as evidence."""
    doc = ctx.doc
    index = max(0, bisect.bisect_right(doc.sentence_starts, start) - 1)
    sentence = doc.sentences[index] if doc.sentences else None
    if sentence is not None and sentence.start <= start < sentence.end:
        start, end = sentence.start, sentence.end
    return Evidence(
        quote=" ".join(doc.text[start:end].split())[:MAX_QUOTE],
        page=doc.page_of(start),
        char_start=start,
        char_end=end,
    )


def _quotes(ctx: Context, hit_sets: list[list[Hit]], role: str = "supports") -> list[Evidence]:
    """One evidence per sentence, in document order, at most MAX_EVIDENCE: the hits sorted
    (in C), then read only as far as the sentences quoted."""
    groups: list[list[Hit]] = []
    last = None
    for hit in sorted(itertools.chain.from_iterable(hit_sets)):
        sentence = ctx.doc.sentence_of(hit[0])
        if sentence != last:
            if len(groups) == MAX_EVIDENCE:
                break
            groups.append([])
            last = sentence
        groups[-1].append(hit)
    return [_evidence(ctx, hits, role) for hits in groups]


def _terms(ctx: Context, hits: list[Hit], limit: int = 4) -> str:
    seen: list[str] = []
    for start, end in sorted(hits):
        word = " ".join(ctx.doc.text[start:end].split())
        if word.lower() not in {s.lower() for s in seen}:
            seen.append(word)
    return ", ".join(f"“{w}”" for w in seen[:limit])


def _pages(evidence: list[Evidence]) -> str:
    pages = sorted({e.page for e in evidence})
    return ("page " if len(pages) == 1 else "pages ") + ", ".join(map(str, pages))


def _missing_text(labels: list[str]) -> str:
    return "; ".join(labels)


def evaluate(ctx: Context, requirement: RequirementSpec) -> Finding:
    """The generic check of one requirement from its cues."""
    cues = ctx.compiled[requirement.ref]

    def finding(status: str, evidence: list[Evidence], why: str, missing: list[str]) -> Finding:
        return Finding(
            ref=requirement.ref,
            title=requirement.title,
            status=status,
            evidence=tuple(evidence),
            explanation=why,
            model_wording=requirement.model_wording,
            missing=tuple(missing),
        )

    if cues.empty:
        return finding(
            NOT_MET,
            [],
            "Not checked: the framework gives no cues for this requirement yet.",
            [],
        )
    masks = _Masks(ctx, cues, negation=True, lookalike=True)
    cores = _core_units(ctx, cues, masks)
    if cores:
        index = _partial_index(ctx, cues, masks)
        best, best_found = cores[0], _partial_found(ctx, cues, index, cores[0])
        for core in cores[1:]:
            if len(best_found) == len(cues.partial):
                break
            found = _partial_found(ctx, cues, index, core)
            if len(found) > len(best_found):
                best, best_found = core, found
        hit_sets = [best.hits] + [[best_found[i]] for i in sorted(best_found)]
        others = [c.hits for c in cores if c is not best][: MAX_EVIDENCE - len(hit_sets)]
        evidence = _quotes(ctx, hit_sets + others)
        all_hits = best.hits + [best_found[i] for i in sorted(best_found)]
        missing = [cues.partial_labels[i] for i in range(len(cues.partial)) if i not in best_found]
        if not missing:
            lead = cues.explanation_met or f"found {_terms(ctx, all_hits)}"
            return finding(MET, evidence, f"Met ({_pages(evidence)}): {lead}.", [])
        lead = cues.explanation_partly or f"found {_terms(ctx, all_hits)}"
        return finding(
            PARTLY_MET,
            evidence,
            f"Partly met ({_pages(evidence)}): {lead}, but nothing on {_missing_text(missing)}.",
            missing,
        )
    # A core found only where it is negated is not met, whatever else the text touches:
    # "is not required to maintain a whistleblowing policy" says there is none.
    for role, negation, lookalike, adults in (
        ("negated", False, True, False),
        ("touched", True, True, False),
        ("lookalike", True, False, False),
        ("lookalike", True, True, True),
    ):
        if role == "touched":
            touched = _touched(ctx, cues, masks)
            if touched:
                evidence = _quotes(ctx, [t.hits for t in touched])
                hits = [h for t in touched for h in t.hits]
                lead = cues.explanation_partly or f"mentions {_terms(ctx, hits)}"
                missing = [" with ".join(cues.labels)]
                return finding(
                    PARTLY_MET,
                    evidence,
                    f"Partly met ({_pages(evidence)}): {lead}, but nothing on {missing[0]}.",
                    missing,
                )
            continue
        near = _core_units(
            ctx,
            cues,
            _Masks(ctx, cues, negation=negation, lookalike=lookalike),
            adults_count=adults,
        )
        if not near:
            continue
        evidence = _quotes(ctx, [c.hits for c in near[:2]], role)
        if adults:
            why = (
                f"Not met: the only mention, on {_pages(evidence)}, is about adults, not children."
            )
        elif role == "negated":
            cause = _cause_words(ctx, near[0], ctx.special["negation"] + ctx.special["exception"])
            why = f"Not met: the only mention, on {_pages(evidence)}, is negated{cause}."
        else:
            cause = _cause_words(ctx, near[0], ctx.special["lookalike"] + cues.exclude)
            why = (
                f"Not met: only look-alike wording, on {_pages(evidence)}{cause}, "
                f"not {' with '.join(cues.labels)}."
            )
        return finding(NOT_MET, evidence, why, [" with ".join(cues.labels)])
    why = cues.explanation_not_met or f"Not met: nothing found on {' with '.join(cues.labels)}."
    if not why.startswith("Not met"):
        why = f"Not met: {why}"
    return finding(NOT_MET, [], why, [" with ".join(cues.labels)])


def _cause_words(ctx: Context, core: _CoreUnit, pids: list[int]) -> str:
    """The negation or look-alike words in the sentence of a near miss, for the explanation."""
    sentence = ctx.doc.sentence_of(core.hits[0][0])
    words = []
    for pid in pids:
        for start, end in ctx.hits.get(pid, ()):
            if ctx.doc.sentence_of(start) == sentence:
                text = ctx.doc.text[start:end]
                words.append((start, " ".join(text.split())))
    listed = [w for _, w in sorted(set(words))][:3]
    return " (" + ", ".join(f"“{w}”" for w in listed) + ")" if listed else ""


Check = Callable[[Context, RequirementSpec], Finding]


@dataclass
class Compiled:
    table: PhraseTable
    special: dict[str, list[int]]
    cues: dict[str, CompiledCues]


def compile_requirements(requirements: Sequence[RequirementSpec]) -> Compiled:
    table = PhraseTable()
    special = {
        "lookalike": table.add_all(LOOKALIKES),
        "negation": table.add_all(NEGATIONS),
        "exception": table.add_all(EXCEPTIONS),
        "adult": table.add_all(ADULT_TERMS),
        "child": table.add_all(CHILD_TERMS),
    }
    cues = {
        r.ref: compile_cues(r.cues or {}, table, children_only=r.client_group == "children")
        for r in requirements
    }
    return Compiled(table=table, special=special, cues=cues)
