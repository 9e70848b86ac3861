"""What an answer to one requirement says about requirements of other frameworks.

From the current mappings: `equal` carries an answer both ways; `subset` carries an answer
to the wider `to` requirement onto the narrower `from` one, while an answer to `from` only
partly covers `to`; `intersect` partly covers both ways. Only full cover copies an answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from safecom.standards.models import RequirementMapping

FULL = "full"
PARTIAL = "partial"


@dataclass(frozen=True)
class Cover:
    framework: str
    ref: str
    extent: str  # FULL or PARTIAL
    relation: str
    rationale: str

    @property
    def key(self) -> str:
        return f"{self.framework} {self.ref}"


def covers(*, framework: str, ref: str) -> list[Cover]:
    """Requirements an answer to (framework, ref) fully or partly covers."""
    out: list[Cover] = []
    rows = RequirementMapping.objects.filter(mapping_set__is_current=True).filter(
        Q(from_framework=framework, from_ref=ref) | Q(to_framework=framework, to_ref=ref)
    )
    for m in rows:
        forward = m.from_framework == framework and m.from_ref == ref
        other = (m.to_framework, m.to_ref) if forward else (m.from_framework, m.from_ref)
        if m.relation == RequirementMapping.Relation.EQUAL:
            extent = FULL
        elif m.relation == RequirementMapping.Relation.SUBSET:
            # `to` asks for all `from` asks and more.
            extent = PARTIAL if forward else FULL
        else:
            extent = PARTIAL
        out.append(Cover(other[0], other[1], extent, m.relation, m.rationale))
    return sorted(out, key=lambda c: (c.extent != FULL, c.framework, c.ref))


def covered_by(*, framework: str, ref: str) -> list[Cover]:
    """Requirements whose answers fully or partly cover (framework, ref): the reverse view."""
    out: list[Cover] = []
    rows = RequirementMapping.objects.filter(mapping_set__is_current=True).filter(
        Q(from_framework=framework, from_ref=ref) | Q(to_framework=framework, to_ref=ref)
    )
    for m in rows:
        forward = m.from_framework == framework and m.from_ref == ref
        other = (m.to_framework, m.to_ref) if forward else (m.from_framework, m.from_ref)
        if m.relation == RequirementMapping.Relation.EQUAL:
            extent = FULL
        elif m.relation == RequirementMapping.Relation.SUBSET:
            # This is `from`: an answer to `to` covers it fully; this is `to`: partly.
            extent = FULL if forward else PARTIAL
        else:
            extent = PARTIAL
        out.append(Cover(other[0], other[1], extent, m.relation, m.rationale))
    return sorted(out, key=lambda c: (c.extent != FULL, c.framework, c.ref))
