"""Reads of the standards library."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from safecom.rules.registry import automatic_refs
from safecom.standards.models import (
    FrameworkVersion,
    Requirement,
    RequirementMapping,
)


def framework_versions_current() -> QuerySet[FrameworkVersion]:
    return (
        FrameworkVersion.objects.filter(is_current=True)
        .select_related("framework")
        .annotate(requirement_count=Count("requirements"))
        .order_by("framework__slug")
    )


def framework_version_get(*, slug: str, version: str | None = None) -> FrameworkVersion | None:
    qs = FrameworkVersion.objects.select_related("framework").filter(framework__slug=slug)
    qs = qs.filter(version=version) if version else qs.filter(is_current=True)
    return qs.first()


def framework_versions_of(*, slug: str) -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(framework__slug=slug).order_by("-loaded_at")


def requirements_of(version: FrameworkVersion) -> QuerySet[Requirement]:
    return version.requirements.order_by("order")


@dataclass(frozen=True)
class MappingView:
    relation: str
    relation_label: str
    other_framework: str
    other_ref: str
    rationale: str
    direction: str  # "to" when this requirement is the mapping's `from` end


def mappings_for_framework(*, slug: str) -> dict[str, list[MappingView]]:
    """ref -> the current mappings that touch it, read from this requirement's side."""
    out: dict[str, list[MappingView]] = defaultdict(list)
    rows = RequirementMapping.objects.filter(mapping_set__is_current=True).filter(
        Q(from_framework=slug) | Q(to_framework=slug)
    )
    for m in rows:
        label = m.get_relation_display()
        if m.from_framework == slug:
            out[m.from_ref].append(
                MappingView(m.relation, label, m.to_framework, m.to_ref, m.rationale, "to")
            )
        if m.to_framework == slug:
            # Read from the other side, "subset" turns round: this one covers the other.
            back = {"subset": "covers"}.get(m.relation, label)
            out[m.to_ref].append(
                MappingView(m.relation, back, m.from_framework, m.from_ref, m.rationale, "from")
            )
    return dict(out)


def requirement_as_dict(req: Requirement) -> dict[str, Any]:
    return {
        "ref": req.ref,
        "section": req.section,
        "title": req.title,
        "kind": req.kind,
        "client_group": req.client_group,
        "source_text": req.source_text,
        "evidence_expected": req.evidence_expected,
        "parameters": req.parameters,
        "question": req.question,
        "applies_to": req.applies_to,
        "model_wording": req.model_wording,
    }


def framework_as_dict(version: FrameworkVersion, *, with_requirements: bool) -> dict[str, Any]:
    framework = version.framework
    data: dict[str, Any] = {
        "id": framework.slug,
        "title": framework.title,
        "short_name": framework.short_name,
        "publisher": framework.publisher,
        "version": version.version,
        "client_group": framework.client_group,
        "published": version.published,
        "source_title": version.source_title,
        "parameters": version.parameters,
    }
    if with_requirements:
        mappings = mappings_for_framework(slug=framework.slug)
        data["requirements"] = [
            {
                **requirement_as_dict(r),
                "mappings": [
                    {
                        "relation": m.relation,
                        "framework": m.other_framework,
                        "ref": m.other_ref,
                        "direction": m.direction,
                        "rationale": m.rationale,
                    }
                    for m in mappings.get(r.ref, [])
                ],
            }
            for r in requirements_of(version)
        ]
    else:
        data["requirements"] = getattr(version, "requirement_count", version.requirements.count())
    return data


def framework_coverage() -> list[dict[str, Any]]:
    """Per current framework: requirements checked automatically, asked, or neither.

    Automatic: a registered rule checks it from the project's data. Asked: it carries a
    self-assessment question. A requirement that is both counts as automatic.
    """
    automatic = automatic_refs()
    out = []
    for version in framework_versions_current():
        slug = version.framework.slug
        counts = {"automatic": 0, "self_assessment": 0, "neither": 0}
        neither: list[str] = []
        for ref, question in version.requirements.values_list("ref", "question"):
            if (slug, ref) in automatic:
                counts["automatic"] += 1
            elif question:
                counts["self_assessment"] += 1
            else:
                counts["neither"] += 1
                neither.append(ref)
        out.append(
            {
                "id": slug,
                "version": version.version,
                "requirements": sum(counts.values()),
                **counts,
                "neither_refs": neither,
            }
        )
    return out
