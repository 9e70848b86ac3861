"""The numbers the workforce rules need, read from the frameworks' parameters.

For a provider, the parameters come from the framework versions of its contracts (the
version each contract was let under); where several apply, the strictest wins (fewest recheck
years, most references, highest coverage). A commissioner's own DBS recheck interval
(`DbsRecheckPolicy`) overrides the framework's. A parameter none of those frameworks sets falls
back to the strictest value in the current library; with no standards loaded it is None and
the check that needs it is not made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safecom.organisations.models import Organisation
from safecom.standards.models import Requirement
from safecom.standards.portfolio import PortfolioFrameworks, portfolio_frameworks
from safecom.workforce.models import DbsRecheckPolicy

# parameter -> how to combine several frameworks' values: the strictest.
_STRICTEST = {
    "dbs_recheck_years": min,
    "references_required": max,
    "training_refresh_years": min,
    "dsl_training_refresh_years": min,
    "training_coverage_min": max,
    "recruitment_panel_safer_recruitment_trained_min": max,
}


@dataclass(frozen=True)
class WorkforcePolicy:
    dbs_recheck_years: int | None
    references_required: int | None
    training_refresh_years: int | None
    dsl_training_refresh_years: int | None
    training_coverage_min: float | None
    recruitment_panel_min: int | None
    # parameter -> where the value came from ("dorset 2.3", "Riverside Council's policy", ...)
    sources: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dbs_recheck_years": self.dbs_recheck_years,
            "references_required": self.references_required,
            "training_refresh_years": self.training_refresh_years,
            "dsl_training_refresh_years": self.dsl_training_refresh_years,
            "training_coverage_min": self.training_coverage_min,
            "recruitment_panel_min": self.recruitment_panel_min,
            "sources": self.sources,
        }


def _collect(rows: Any) -> dict[str, tuple[Any, str]]:
    """parameter -> (strictest value, the refs that set it)."""
    found: dict[str, list[tuple[Any, str]]] = {}
    for slug, ref, parameters in rows:
        for name, value in (parameters or {}).items():
            if name in _STRICTEST and isinstance(value, int | float):
                found.setdefault(name, []).append((value, f"{slug} {ref}"))
    out = {}
    for name, pairs in found.items():
        best = _STRICTEST[name](v for v, _ in pairs)
        out[name] = (best, ", ".join(sorted({r for v, r in pairs if v == best})))
    return out


def _parameter_rows(version_filter: dict[str, Any]) -> Any:
    return (
        Requirement.objects.filter(**version_filter)
        .exclude(parameters={})
        .values_list("framework_version__framework__slug", "ref", "parameters")
    )


def workforce_policy(
    *, provider: Organisation, commissioner: Organisation | None = None
) -> WorkforcePolicy:
    """The policy for a provider's workforce, as one commissioner (or, without one, as the
    strictest of all the provider's commissioners) would apply it."""
    contract_filter: dict[str, Any] = {"framework_version__contracts__provider": provider}
    if commissioner is not None:
        contract_filter["framework_version__contracts__commissioner"] = commissioner
    own = _collect(_parameter_rows(contract_filter).distinct())
    library = _collect(_parameter_rows({"framework_version__is_current": True}))
    values = {name: own.get(name) or library.get(name) for name in _STRICTEST}

    overrides = DbsRecheckPolicy.objects.select_related("commissioner")
    if commissioner is not None:
        overrides = overrides.filter(commissioner=commissioner)
    else:
        overrides = overrides.filter(commissioner__commissioned_contracts__provider=provider)
    override_list = list(overrides.distinct())
    if override_list:
        strictest = min(override_list, key=lambda p: p.recheck_years)
        current = values["dbs_recheck_years"]
        # One commissioner's own policy replaces the framework's; across several
        # commissioners, the strictest of all applies.
        if commissioner is not None or current is None or strictest.recheck_years < current[0]:
            values["dbs_recheck_years"] = (
                strictest.recheck_years,
                f"{strictest.commissioner.name}'s own policy",
            )

    return _policy_of(values)


def _policy_of(values: dict[str, Any]) -> WorkforcePolicy:
    def number(name: str) -> Any:
        pair = values.get(name)
        return pair[0] if pair else None

    return WorkforcePolicy(
        dbs_recheck_years=number("dbs_recheck_years"),
        references_required=number("references_required"),
        training_refresh_years=number("training_refresh_years"),
        dsl_training_refresh_years=number("dsl_training_refresh_years"),
        training_coverage_min=number("training_coverage_min"),
        recruitment_panel_min=number("recruitment_panel_safer_recruitment_trained_min"),
        sources={name: pair[1] for name, pair in values.items() if pair},
    )


def workforce_policies(
    *, providers: list[Organisation], frameworks: PortfolioFrameworks | None = None
) -> dict[int, WorkforcePolicy]:
    """provider id -> `workforce_policy(provider=...)`, for many providers in three queries
    whatever their number (one, given the portfolio's `frameworks` already read)."""
    ids = [p.pk for p in providers]
    if frameworks is None:
        frameworks = portfolio_frameworks(provider_ids=ids)
    versions_of = {pk: frameworks.provider_version_ids.get(pk, set()) for pk in ids}
    # Each version's parameters once, not once per provider: a handful of versions serve
    # thousands of providers.
    by_version: dict[int, list[tuple[str, str, Any]]] = {}
    for vid, requirements in frameworks.requirements.items():
        slug = frameworks.versions[vid].slug
        by_version[vid] = [(slug, r.ref, r.parameters) for r in requirements if r.parameters]
    in_library = [row for v in frameworks.current_versions() for row in by_version.get(v.pk, [])]
    library = _collect(in_library)
    # Repeats do not matter: the strictest value and the set of refs are the same.
    per_provider = {
        pk: [row for v in versions_of[pk] for row in by_version.get(v, [])] for pk in ids
    }
    strictest_override: dict[int, tuple[int, str]] = {}
    for provider_id, years, name in (
        DbsRecheckPolicy.objects.filter(commissioner__commissioned_contracts__provider__in=ids)
        .values_list(
            "commissioner__commissioned_contracts__provider", "recheck_years", "commissioner__name"
        )
        .distinct()
    ):
        held = strictest_override.get(provider_id)
        if held is None or years < held[0]:
            strictest_override[provider_id] = (years, name)
    out = {}
    for pk in ids:
        own = _collect(per_provider[pk])
        values = {name: own.get(name) or library.get(name) for name in _STRICTEST}
        strictest = strictest_override.get(pk)
        current = values["dbs_recheck_years"]
        if strictest is not None and (current is None or strictest[0] < current[0]):
            values["dbs_recheck_years"] = (strictest[0], f"{strictest[1]}'s own policy")
        out[pk] = _policy_of(values)
    return out
