"""Requirement specs straight from the bundled framework files (no database): for the
command line's tests, the benchmark and the labelled corpus."""

from __future__ import annotations

from safecom.rules.documents.model import RequirementSpec
from safecom.standards.library import read_library

KINDS = ("contract_clause", "provider_policy")


def specs_from_files(framework: str, kind: str = "contract_clause") -> list[RequirementSpec]:
    library = read_library()
    data = next((f for f in library.frameworks if f.id == framework), None)
    if data is None:
        raise LookupError(f"no framework {framework!r}")
    return [
        RequirementSpec(
            framework=framework,
            ref=r.ref,
            title=r.title,
            kind=r.kind,
            client_group=r.client_group,
            source_text=r.source_text,
            model_wording=r.model_wording,
            cues=dict(r.cues),
            parameters=dict(r.parameters),
        )
        for r in data.requirements
        if r.kind == kind
    ]
