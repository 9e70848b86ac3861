"""Writes to the standards library: loading framework files, versioned and all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from safecom.audit.services import audit_record
from safecom.standards.library import (
    MAPPINGS_FILE,
    FrameworkData,
    LibraryError,
    LibraryProblem,
    MappingSetData,
    read_library,
    version_key,
)
from safecom.standards.models import (
    Framework,
    FrameworkVersion,
    MappingSet,
    Requirement,
    RequirementMapping,
)


@dataclass(frozen=True)
class LoadOutcome:
    kind: str  # "framework" or "mappings"
    id: str
    version: str
    status: str  # "created" or "unchanged"
    requirements: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "version": self.version,
            "status": self.status,
            "requirements": self.requirements,
        }


def _load_framework(data: FrameworkData, actor: Any) -> LoadOutcome:
    details = {
        "title": data.title,
        "short_name": data.short_name,
        "publisher": data.publisher,
        "client_group": data.client_group,
    }
    framework = Framework.objects.filter(slug=data.id).first()
    existing = (
        FrameworkVersion.objects.filter(framework=framework, version=data.version).first()
        if framework
        else None
    )
    if existing is not None:
        if existing.checksum != data.checksum:
            raise LibraryError(
                [
                    LibraryProblem(
                        data.file,
                        "version",
                        f"version {data.version} of {data.id} is already loaded with different "
                        "content: give the changed file a new version",
                    )
                ]
            )
        return LoadOutcome("framework", data.id, data.version, "unchanged", len(data.requirements))
    current = framework.versions.filter(is_current=True).first() if framework else None
    # An older edition loaded late is kept for what refers to it, but does not become current.
    becomes_current = current is None or version_key(data.version) > version_key(current.version)
    if framework is None:
        framework = Framework.objects.create(slug=data.id, **details)
    elif becomes_current:
        Framework.objects.filter(pk=framework.pk).update(**details)
    if becomes_current:
        FrameworkVersion.objects.filter(framework=framework, is_current=True).update(
            is_current=False
        )
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=data.version,
        checksum=data.checksum,
        is_current=becomes_current,
        source_file=data.source_file,
        source_title=data.source_title,
        published=data.published,
        summary=data.summary,
        parameters=data.parameters,
        sections=[{"ref": ref, "title": title} for ref, title in data.sections],
    )
    Requirement.objects.bulk_create(
        Requirement(
            framework_version=version,
            ref=r.ref,
            section=r.section,
            order=r.order,
            title=r.title,
            kind=r.kind,
            client_group=r.client_group,
            source_text=r.source_text,
            evidence_expected=list(r.evidence_expected),
            parameters=r.parameters,
            question=r.question,
            applies_to=r.applies_to,
            model_wording=r.model_wording,
            cues=r.cues,
        )
        for r in data.requirements
    )
    audit_record(
        actor=actor,
        action="framework.loaded",
        obj=version,
        summary=f"Loaded {data.id} version {data.version} ({len(data.requirements)} requirements)",
        changes={"checksum": data.checksum},
    )
    return LoadOutcome("framework", data.id, data.version, "created", len(data.requirements))


def _load_mappings(data: MappingSetData, actor: Any) -> LoadOutcome:
    existing = MappingSet.objects.filter(version=data.version).first()
    if existing is not None:
        if existing.checksum != data.checksum:
            raise LibraryError(
                [
                    LibraryProblem(
                        data.file,
                        "version",
                        f"mappings version {data.version} is already loaded with different "
                        "content: give the changed file a new version",
                    )
                ]
            )
        return LoadOutcome("mappings", "mappings", data.version, "unchanged", len(data.mappings))
    MappingSet.objects.filter(is_current=True).update(is_current=False)
    mapping_set = MappingSet.objects.create(
        version=data.version, checksum=data.checksum, is_current=True
    )
    RequirementMapping.objects.bulk_create(
        RequirementMapping(
            mapping_set=mapping_set,
            from_framework=m.from_framework,
            from_ref=m.from_ref,
            to_framework=m.to_framework,
            to_ref=m.to_ref,
            relation=m.relation,
            rationale=m.rationale,
        )
        for m in data.mappings
    )
    audit_record(
        actor=actor,
        action="mappings.loaded",
        obj=mapping_set,
        summary=f"Loaded mappings version {data.version} ({len(data.mappings)} mappings)",
    )
    return LoadOutcome("mappings", "mappings", data.version, "created", len(data.mappings))


def frameworks_load(*, paths: Iterable[Path] | None = None, actor: Any = None) -> list[LoadOutcome]:
    """Load framework files (default: the bundled library) in one transaction.

    Idempotent: a file already loaded at its version changes nothing. A new version becomes
    current and the old one stays. Any problem in any file refuses the whole load.
    """
    library = read_library(paths)
    with transaction.atomic():
        outcomes = [_load_framework(f, actor) for f in library.frameworks]
        if library.mapping_set is not None:
            outcomes.append(_load_mappings(library.mapping_set, actor))
        _check_current_mappings()
    return outcomes


def _check_current_mappings() -> None:
    """Every current mapping must still name a requirement of a current version; a new
    edition that drops or renumbers a mapped requirement is refused until the mappings follow."""
    current = set(
        Requirement.objects.filter(framework_version__is_current=True).values_list(
            "framework_version__framework__slug", "ref"
        )
    )
    problems = []
    for m in RequirementMapping.objects.filter(mapping_set__is_current=True):
        for framework, ref in ((m.from_framework, m.from_ref), (m.to_framework, m.to_ref)):
            if (framework, ref) not in current:
                problems.append(
                    LibraryProblem(
                        MAPPINGS_FILE,
                        f"{m.from_framework} {m.from_ref} -> {m.to_framework} {m.to_ref}",
                        f"the current {framework} has no requirement '{ref}': "
                        "update mappings.yaml with a new version",
                    )
                )
    if problems:
        raise LibraryError(problems)
