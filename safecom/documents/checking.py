"""Turning stored requirements into the pure checker, once per framework version and kind.

A loaded framework version never changes (a change is a new version), so its compiled
checker is kept for the life of the process.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from safecom.rules.documents import Checker, DocumentResult, RequirementSpec
from safecom.standards.models import FrameworkVersion, Requirement

KINDS = {
    "contract_clause": "contract clauses",
    "provider_policy": "provider policies",
}


def requirement_specs(version: FrameworkVersion, kind: str) -> list[RequirementSpec]:
    rows = Requirement.objects.filter(framework_version=version, kind=kind).order_by("order", "pk")
    return [
        RequirementSpec(
            framework=version.framework.slug,
            ref=r.ref,
            title=r.title,
            kind=r.kind,
            client_group=r.client_group,
            source_text=r.source_text,
            model_wording=r.model_wording,
            cues=dict(r.cues or {}),
            parameters=dict(r.parameters or {}),
        )
        for r in rows
    ]


@lru_cache(maxsize=32)
def _checker(version_id: int, kind: str) -> Checker:
    version = FrameworkVersion.objects.select_related("framework").get(pk=version_id)
    return Checker(requirement_specs(version, kind), framework=version.framework.slug, kind=kind)


def checker_for(version: FrameworkVersion, kind: str) -> Checker:
    return _checker(version.pk, kind)


def check_text(
    *,
    version: FrameworkVersion,
    kind: str,
    text: str,
    document: str,
    page_starts: list[int] | None = None,
    heading_hints: list[tuple[int, int]] | None = None,
    today: dt.date | None = None,
) -> DocumentResult:
    return checker_for(version, kind).check(
        text,
        document=document,
        page_starts=page_starts,
        heading_hints=heading_hints,
        today=today,
    )


def versions_with(kind: str) -> list[FrameworkVersion]:
    """Current framework versions that have requirements of this kind."""
    return list(
        FrameworkVersion.objects.filter(is_current=True, requirements__kind=kind)
        .select_related("framework")
        .distinct()
        .order_by("framework__slug")
    )
