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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from safecom.rules.documents.context import (
    CompiledCues,
    Context,
    compile_cues,
)
from safecom.rules.documents.cores import (
    CoreUnit,
    Masks,
    core_units,
    other_cores,
    partial_found,
    partial_index,
    touched,
)
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
)
from safecom.rules.documents.units import Hit

MAX_QUOTE = 400
MAX_EVIDENCE = 4
SCOPES = ("sentence", "section")
PARTIAL_SCOPES = ("sentence", "section", "document")


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
    masks = Masks(ctx, cues, negation=True, lookalike=True)
    cores = core_units(ctx, cues, masks)
    by_sentence = cues.scope == "sentence"
    if cores:
        index = partial_index(ctx, cues, masks)
        best_at, best_found = 0, partial_found(ctx, cues, index, cores.units[0])
        for at in range(1, len(cores.units)):
            if len(best_found) == len(cues.partial):
                break
            found = partial_found(ctx, cues, index, cores.units[at])
            if len(found) > len(best_found):
                best_at, best_found = at, found
        best = cores.at(best_at, by_sentence)
        hit_sets = [best.hits] + [[best_found[i]] for i in sorted(best_found)]
        others = other_cores(ctx, cores, best_at, hit_sets, by_sentence, MAX_EVIDENCE)
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
            near_units = touched(ctx, cues, masks)
            if near_units:
                evidence = _quotes(ctx, [t.hits for t in near_units])
                hits = [h for t in near_units for h in t.hits]
                lead = cues.explanation_partly or f"mentions {_terms(ctx, hits)}"
                missing = [" with ".join(cues.labels)]
                return finding(
                    PARTLY_MET,
                    evidence,
                    f"Partly met ({_pages(evidence)}): {lead}, but nothing on {missing[0]}.",
                    missing,
                )
            continue
        near = core_units(
            ctx,
            cues,
            Masks(ctx, cues, negation=negation, lookalike=lookalike),
            adults_count=adults,
        )
        if not near:
            continue
        first = [near.at(at, by_sentence) for at in range(min(2, len(near.units)))]
        evidence = _quotes(ctx, [c.hits for c in first], role)
        if adults:
            why = (
                f"Not met: the only mention, on {_pages(evidence)}, is about adults, not children."
            )
        elif role == "negated":
            cause = _cause_words(ctx, first[0], ctx.special["negation"] + ctx.special["exception"])
            why = f"Not met: the only mention, on {_pages(evidence)}, is negated{cause}."
        else:
            cause = _cause_words(ctx, first[0], ctx.special["lookalike"] + cues.exclude)
            why = (
                f"Not met: only look-alike wording, on {_pages(evidence)}{cause}, "
                f"not {' with '.join(cues.labels)}."
            )
        return finding(NOT_MET, evidence, why, [" with ".join(cues.labels)])
    why = cues.explanation_not_met or f"Not met: nothing found on {' with '.join(cues.labels)}."
    if not why.startswith("Not met"):
        why = f"Not met: {why}"
    return finding(NOT_MET, [], why, [" with ".join(cues.labels)])


def _cause_words(ctx: Context, core: CoreUnit, pids: list[int]) -> str:
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
