"""Declared versus computed: a provider's self-ratings set against the data held here.

Worked out when read, never stored, so a suggestion always reflects today's records. Only
answers awaiting the QA officer's decision count as suggested challenges.

The sources: the provider's workforce records and named roles; its Child Safeguarding
Statement; and, for the contracts its return is linked to, the latest quarterly return it
submitted (the figures as it reported them), its record of late and missing returns, and the
latest clause and policy checks. A document check that finds a requirement not met also
contradicts a "met" to any requirement about the same document that fully covers it (an
`equal` mapping, or a wider `subset`): meeting that one would mean meeting the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from safecom.assessments import integrations, mapping, workflow
from safecom.assessments.models import Answer
from safecom.organisations.models import Organisation
from safecom.rules import assessments as rules

AWAITING_DECISION = frozenset({workflow.PENDING, workflow.RESPONDED})


@dataclass
class ContractData:
    """What the other apps hold about one contract, for the facts about its provider."""

    clause: integrations.ClauseCheck
    policies: list[integrations.PolicyCheck] = field(default_factory=list)
    returned: tuple[Any, rules.ReturnFigures] | None = None  # (period end, figures)
    record: rules.ReturnsRecord | None = None


def contract_data(
    *,
    contracts: Iterable[Any],
    on: dt.date | None = None,
    clause_checks: dict[int, integrations.ClauseCheck] | None = None,
) -> dict[int, ContractData]:
    """contract id -> its clause check, policy checks, latest return figures and record of
    returns: a few queries for all the contracts together (and the clause check per contract,
    unless the caller gives them all in `clause_checks`)."""
    items = list(contracts)
    given = clause_checks or {}
    policies = integrations.policy_checks_latest(contracts=items)
    returns = integrations.returns_read(contracts=items, today=on or timezone.localdate())
    return {
        c.pk: ContractData(
            clause=given[c.pk] if c.pk in given else integrations.clause_check_latest(contract=c),
            policies=policies.get(c.pk, []),
            returned=returns[c.pk].latest if c.pk in returns else None,
            record=returns[c.pk].record if c.pk in returns else None,
        )
        for c in items
    }


def _local_day(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def contract_facts(
    data: Iterable[ContractData], graph: mapping.Graph | None = None
) -> dict[str, Any]:
    """The `ProviderFacts` fields that come from the contracts' data, taken together:
    unmet_clause_refs, document_findings, return_figures and returns_record."""
    items = list(data)
    graph = graph or mapping.current_graph()
    unmet: set[str] = set()
    direct: list[rules.DocumentFinding] = []
    for d in items:
        if d.clause.exists:
            keys = integrations.unmet_clause_keys(d.clause)
            unmet |= keys
            day = _local_day(d.clause.checked_at)
            direct += [rules.DocumentFinding(rules.CLAUSE, k, "", day) for k in sorted(keys)]
        for p in d.policies:
            day = _local_day(p.checked_at)
            direct += [
                rules.DocumentFinding(rules.POLICY, k, p.document, day) for k in p.unmet_keys
            ]
    findings: dict[str, list[rules.DocumentFinding]] = {}
    for f in direct:
        findings.setdefault(f.found_on, []).append(f)
    for f in direct:
        framework, _, ref = f.found_on.partition(" ")
        for cover in mapping.covered_by(framework=framework, ref=ref, graph=graph):
            if cover.extent == mapping.FULL:
                findings.setdefault(cover.key, []).append(f)
    returned = [d.returned for d in items if d.returned is not None]
    latest = max(returned, key=lambda r: (r[0], r[1].submitted_on or dt.date.min), default=None)
    records = [d.record for d in items if d.record is not None]
    return {
        "unmet_clause_refs": frozenset(unmet),
        # The requirement's own findings first, then those reached through a mapping.
        "document_findings": {
            key: tuple(sorted(found, key=lambda f: f.found_on != key))
            for key, found in findings.items()
        },
        "return_figures": latest[1] if latest else None,
        "returns_record": rules.ReturnsRecord(
            late=sum(r.late for r in records), missing=sum(r.missing for r in records)
        )
        if records
        else None,
    }


def provider_facts(
    *, provider: Organisation, contracts: Iterable[Any] = (), on: dt.date | None = None
) -> rules.ProviderFacts:
    from safecom.assessments.selectors import statement_of_provider

    summary = integrations.workforce_summary(provider=provider)
    vacant: frozenset[str] | None = None
    if summary is not None and summary.get("named_roles_vacant") is not None:
        vacant = frozenset(summary["named_roles_vacant"])
    else:
        holders = integrations.named_role_holders(provider=provider)
        if holders is not None:
            vacant = frozenset(code for code, name in holders.items() if not name)
    statement = statement_of_provider(provider=provider)
    return rules.ProviderFacts(
        today=on or timezone.localdate(),
        workforce=summary,
        vacant_roles=vacant,
        statement_review_date=statement.review_date if statement else None,
        **contract_facts(contract_data(contracts=contracts, on=on).values()),
    )


def contradictions_for(answer: Answer, facts: rules.ProviderFacts) -> list[rules.Contradiction]:
    req = answer.requirement
    return rules.contradictions(
        framework=req.framework_version.framework.slug,
        ref=req.ref,
        rating=answer.rating,
        parameters=req.parameters or {},
        facts=facts,
        kind=req.kind,
    )


def suggestions_for_answers(
    *,
    provider: Organisation,
    answers: Iterable[Answer],
    on: dt.date | None = None,
    awaiting_only: bool = True,
) -> dict[int, list[rules.Contradiction]]:
    """answer id -> what the data says against its rating (met answers only)."""
    chosen = [
        a
        for a in answers
        if a.rating == rules.MET and (not awaiting_only or a.moderation in AWAITING_DECISION)
    ]
    if not chosen:
        return {}
    contracts: dict[int, Any] = {}
    for a in chosen:
        for c in a.assessment.contracts.all():
            contracts[c.pk] = c
    facts = provider_facts(provider=provider, contracts=contracts.values(), on=on)
    out = {}
    for a in chosen:
        found = contradictions_for(a, facts)
        if found:
            out[a.pk] = found
    return out
