"""Where a requirement's core is found: the sentences (or sections) where its any-of phrase
or all its core groups are, worked out as sets of units, and its partial groups near them.
The hits of a unit are gathered only when it is quoted (engine.py decides and quotes).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from safecom.rules.documents.context import CompiledCues, Context, unmasked
from safecom.rules.documents.scope import mask_span
from safecom.rules.documents.units import Group, Hit, Occurrences


class Masks:
    """The masks one requirement's cues are read under: negation and look-alikes as asked,
    and the requirement's own look-alike phrases."""

    def __init__(self, ctx: Context, cues: CompiledCues, *, negation: bool, lookalike: bool):
        self.ctx = ctx
        self.negation = negation
        self.lookalike = lookalike
        self.own: list[tuple[bytearray, set[int]]] = []
        self._own_found: dict[tuple[int, str], Occurrences] = {}
        if lookalike and cues.exclude:
            own = bytearray(len(ctx.doc.text))
            own_sentences: set[int] = set()
            for pid in cues.exclude:
                for (start, end), sentence in zip(
                    ctx.hits.get(pid, ()), ctx.sentences_of(pid), strict=True
                ):
                    mask_span(own, start, end)
                    own_sentences.add(sentence)
            if own_sentences:
                self.own = [(own, own_sentences)]

    def occurrences(self, pid: int, scope: str) -> Occurrences:
        """A phrase's hits that count under these masks, with their units."""
        shared = self.ctx.occurrences(pid, self.negation, self.lookalike, scope)
        if not self.own:
            return shared
        hits, sentences = self.ctx.kept(pid, self.negation, self.lookalike)
        if self.own[0][1].isdisjoint(sentences):
            return shared
        found = self._own_found.get((pid, scope))
        if found is None:
            hits, sentences = unmasked(hits, sentences, self.own)
            found = Occurrences(hits, self.ctx.units_of(sentences, scope))
            self._own_found[(pid, scope)] = found
        return found

    def group(self, pids: list[int], scope: str) -> Group:
        return Group([self.occurrences(pid, scope) for pid in pids])


@dataclass
class CoreUnit:
    unit: int
    hits: list[Hit]


class Cores:
    """Every sentence (or section) where the core is found, in document order; the hits of
    one are gathered only when it is asked for (most are never quoted)."""

    def __init__(
        self, units: list[int], any_of: Group, core: list[Group], met: set[int], ctx: Context
    ):
        self.units = units
        self._any_of, self._core, self._met, self._ctx = any_of, core, met, ctx
        self._made: dict[int, CoreUnit] = {}

    def __bool__(self) -> bool:
        return bool(self.units)

    def hits(self, unit: int, by_sentence: bool) -> list[Hit]:
        """The any-of hits in the unit, then (where all the groups meet) each group's, from
        the sentence itself or else from its section's heading."""
        hits = list(self._any_of.within(unit))
        if unit in self._met:
            heading = self._ctx.heading_of(unit) if by_sentence and unit >= 0 else -1
            for group in self._core:
                hits.extend(group.within(unit if unit in group.units else heading))
        return hits

    def first_sentence(self, unit: int, by_sentence: bool) -> int:
        """The sentence of the unit's first hit (as self.hits(unit)[0]), without the rest."""
        if by_sentence:  # the unit's own sentence, unless only the heading holds group one
            if unit in self._any_of.units or unit in self._core[0].units:
                return unit
            return self._ctx.heading_of(unit)
        for group in [self._any_of, *self._core]:
            for member in group.members:
                found = member.within(unit)
                if found:
                    return self._ctx.doc.sentence_of(found[0][0])
        raise ValueError(f"no hit in unit {unit}")

    def at(self, index: int, by_sentence: bool) -> CoreUnit:
        unit = self.units[index]
        made = self._made.get(unit)
        if made is None:
            made = self._made[unit] = CoreUnit(unit, self.hits(unit, by_sentence))
        return made


def core_units(
    ctx: Context, cues: CompiledCues, masks: Masks, *, adults_count: bool = False
) -> Cores:
    """Every sentence (or section) where the core is found: the any-of phrases, or every
    core group in one sentence (or its section's heading) or one section, as sets."""
    any_of = masks.group(cues.any_of, cues.scope)
    groups = [masks.group(g, cues.scope) for g in cues.core]
    by_sentence = cues.scope == "sentence"
    met: set[int] = set()
    if groups:
        met = set().union(*(g.units for g in groups))
        for g in groups:
            met &= (g.units | ctx.under_headings(g.units)) if by_sentence else g.units
    units = any_of.units | met
    cores = Cores([], any_of, groups, met, ctx)
    if cues.children_only and not adults_count:
        units = {
            unit for unit in units if not ctx.adults_only(cores.first_sentence(unit, by_sentence))
        }
    cores.units = sorted(units)
    return cores


def other_cores(
    ctx: Context,
    cores: Cores,
    best_at: int,
    hit_sets: list[list[Hit]],
    by_sentence: bool,
    limit: int,
) -> list[list[Hit]]:
    """The hits of the other cores quoted beside the best: the first few, as many as there is
    room for (`limit` quotes in all). With more quoted already than the limit, every other
    core but the last few (a slice to a negative end), though only those that can reach the
    first `limit` sentences quoted are read: cores come in document order, and a core's hits
    are in its own sentence or section, or its heading, never before that."""
    room = limit - len(hit_sets)
    if room >= 0:
        ahead = itertools.islice((at for at in range(len(cores.units)) if at != best_at), room)
        return [cores.at(at, by_sentence).hits for at in ahead]
    candidates = [at for at in range(len(cores.units)) if at != best_at][:room]
    quoted = {ctx.doc.sentence_of(hit[0]) for hits in hit_sets for hit in hits}
    out: list[list[Hit]] = []
    for at in candidates:
        unit = cores.units[at]
        earliest = max(unit, 0) if not by_sentence else ctx.heading_of(unit)
        if earliest < 0:
            earliest = unit
        if len(quoted) >= limit and sorted(quoted)[limit - 1] < earliest:
            break
        hits = cores.at(at, by_sentence).hits
        out.append(hits)
        quoted.update(ctx.doc.sentence_of(hit[0]) for hit in hits)
    return out


def partial_index(ctx: Context, cues: CompiledCues, masks: Masks) -> list[Group]:
    """Per partial group, its kept hits by unit of the partial scope: built once."""
    scope = "section" if cues.partial_scope == "section" else "sentence"
    return [masks.group(pids, scope) for pids in cues.partial]


def partial_found(
    ctx: Context, cues: CompiledCues, index: list[Group], unit: int
) -> dict[int, Hit]:
    """Partial group index -> its first hit within the partial scope of one core unit."""
    out: dict[int, Hit] = {}
    scope = cues.partial_scope
    if scope == "section" and cues.scope == "sentence":
        target = ctx.doc.sentences[unit].section
    else:
        target = unit
    for n, group in enumerate(index):
        if scope == "document":
            found = group.first()
        elif scope == "section":
            found = group.first_within(target)
        else:
            found = group.first_within(unit) or group.first_within(ctx.heading_of(unit))
        if found is not None:
            out[n] = found
    return out


def touched(ctx: Context, cues: CompiledCues, masks: Masks) -> list[CoreUnit]:
    units: list[CoreUnit] = []
    for pid_groups in cues.partial_core:
        groups = [masks.group(g, "sentence") for g in pid_groups]
        if not groups:
            continue
        common = set(groups[0].units).intersection(*[g.units for g in groups[1:]])
        for unit in sorted(common):
            units.append(CoreUnit(unit, sorted({h for g in groups for h in g.within(unit)})))
    return sorted(units, key=lambda u: u.unit)
