"""The standards a portfolio is let under, read once for every capability that needs them.

A dashboard over thousands of contracts asks the same questions of the standards several
times over (the workforce policy's parameters, the assurance parameters, the gate's
frameworks). `portfolio_frameworks` answers them all from two queries; each capability's
set-based reads accept it and fall back to reading for themselves without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from safecom.contracts.models import Contract
from safecom.standards.models import Requirement


@dataclass(frozen=True)
class VersionInfo:
    pk: int
    slug: str
    short_name: str
    version: str
    is_current: bool


@dataclass(frozen=True)
class RequirementInfo:
    ref: str
    kind: str
    parameters: dict[str, Any]


@dataclass
class PortfolioFrameworks:
    """Every contract of the given providers (not only the portfolio's own: a provider's
    workforce policy is the strictest of all its contracts), with their framework versions,
    and the requirements of those versions and of every current version."""

    contract_versions: dict[int, list[VersionInfo]] = field(default_factory=dict)
    contract_provider: dict[int, int] = field(default_factory=dict)
    versions: dict[int, VersionInfo] = field(default_factory=dict)
    requirements: dict[int, list[RequirementInfo]] = field(default_factory=dict)

    provider_version_ids: dict[int, set[int]] = field(default_factory=dict)

    def current_versions(self) -> list[VersionInfo]:
        return [v for v in self.versions.values() if v.is_current]


def portfolio_frameworks(*, provider_ids: Iterable[int]) -> PortfolioFrameworks:
    ids = list(provider_ids)
    out = PortfolioFrameworks()
    for contract_id, provider_id, vid, slug, short, version, current in (
        Contract.objects.filter(provider__in=ids)
        .values_list(
            "pk",
            "provider_id",
            "frameworks",
            "frameworks__framework__slug",
            "frameworks__framework__short_name",
            "frameworks__version",
            "frameworks__is_current",
        )
        .order_by("pk", "frameworks__pk")
    ):
        out.contract_provider[contract_id] = provider_id
        versions = out.contract_versions.setdefault(contract_id, [])
        held = out.provider_version_ids.setdefault(provider_id, set())
        if vid is not None:
            info = VersionInfo(vid, slug, short, version, current)
            versions.append(info)
            out.versions[vid] = info
            held.add(vid)
    for vid, slug, short, version, current, ref, kind, parameters in (
        Requirement.objects.filter(framework_version__in=set(out.versions))
        | Requirement.objects.filter(framework_version__is_current=True)
    ).values_list(
        "framework_version_id",
        "framework_version__framework__slug",
        "framework_version__framework__short_name",
        "framework_version__version",
        "framework_version__is_current",
        "ref",
        "kind",
        "parameters",
    ):
        out.versions.setdefault(vid, VersionInfo(vid, slug, short, version, current))
        out.requirements.setdefault(vid, []).append(RequirementInfo(ref, kind, parameters or {}))
    return out
