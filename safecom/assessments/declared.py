"""Declared versus computed: a provider's self-ratings set against the data held here.

Worked out when read, never stored, so a suggestion always reflects today's records. Only
answers awaiting the QA officer's decision count as suggested challenges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from safecom.assessments import integrations, workflow
from safecom.assessments.models import Answer
from safecom.organisations.models import Organisation
from safecom.rules import assessments as rules

AWAITING_DECISION = frozenset({workflow.PENDING, workflow.RESPONDED})


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
    unmet: set[str] = set()
    for contract in contracts:
        unmet |= integrations.unmet_clause_keys(integrations.clause_check_latest(contract=contract))
    statement = statement_of_provider(provider=provider)
    return rules.ProviderFacts(
        today=on or timezone.localdate(),
        workforce=summary,
        vacant_roles=vacant,
        statement_review_date=statement.review_date if statement else None,
        unmet_clause_refs=frozenset(unmet),
    )


def contradictions_for(answer: Answer, facts: rules.ProviderFacts) -> list[rules.Contradiction]:
    req = answer.requirement
    return rules.contradictions(
        framework=req.framework_version.framework.slug,
        ref=req.ref,
        rating=answer.rating,
        parameters=req.parameters or {},
        facts=facts,
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
