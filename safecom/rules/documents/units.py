"""Where a phrase counts: its hits with the sentence (or section) of each, as two sorted lists.

A requirement asks "in which sentences do all these groups meet?" and then quotes only the
first few. Sets of units answer the first question in C (set union and intersection); the
hits of one unit are a slice of the sorted lists, found by bisection when a unit is quoted.
So no requirement walks every hit of a common phrase in Python to sort it into units.
"""

from __future__ import annotations

import bisect

Hit = tuple[int, int]  # character start and end of a cue found in the text


class Occurrences:
    """One phrase's counted hits in document order, with the unit of each (never falling)."""

    __slots__ = ("_set", "hits", "units")

    def __init__(self, hits: list[Hit], units: list[int]) -> None:
        self.hits = hits
        self.units = units
        self._set: set[int] | None = None

    @property
    def unit_set(self) -> set[int]:
        """The units holding a hit; shared, so never changed by a caller."""
        if self._set is None:
            self._set = set(self.units)
        return self._set

    def within(self, unit: int) -> list[Hit]:
        units = self.units
        low = bisect.bisect_left(units, unit)
        if low == len(units) or units[low] != unit:
            return []
        return self.hits[low : bisect.bisect_right(units, unit, low)]


class Group:
    """Phrases standing for one concept (synonyms): a unit holds the group if it holds any."""

    __slots__ = ("_units", "members")

    def __init__(self, members: list[Occurrences]) -> None:
        self.members = members
        self._units: set[int] | None = None

    @property
    def units(self) -> set[int]:
        """Every unit holding a hit of any member; shared, so never changed by a caller."""
        if self._units is None:
            sets = [m.unit_set for m in self.members if m.hits]
            self._units = sets[0] if len(sets) == 1 else set().union(*sets)
        return self._units

    def within(self, unit: int) -> list[Hit]:
        """The hits in one unit: each member's in turn, each in document order."""
        if len(self.members) == 1:
            return self.members[0].within(unit)
        out: list[Hit] = []
        for member in self.members:
            out.extend(member.within(unit))
        return out

    def first_within(self, unit: int) -> Hit | None:
        """The smallest hit in one unit, if any."""
        firsts = [found[0] for m in self.members if (found := m.within(unit))]
        return min(firsts) if firsts else None

    def first(self) -> Hit | None:
        """The smallest hit anywhere, if any."""
        firsts = [m.hits[0] for m in self.members if m.hits]
        return min(firsts) if firsts else None
