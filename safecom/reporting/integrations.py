"""Where the dashboard reads the other capabilities: every call to them is here.

Each area's state comes from the app that owns it; the RAG and its reason come from the
pure rules in safecom/rules/dashboard.py. Providers and contracts are read once each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safecom.assessments.gate import contract_gate
from safecom.assessments.selectors import provider_assessment_state
from safecom.assurance.selectors.state import contract_assurance_states
from safecom.contracts.models import Contract, GateOverride
from safecom.documents.selectors import clause_check_latest
from safecom.reporting.areas import Cell, Row
from safecom.rules import dashboard as rules
from safecom.workforce.policy import workforce_policy
from safecom.workforce.selectors import workforce_summary

DEFAULT_COVERAGE_MIN = 0.85
GATE_STAGES = {"planning", "tender", "awarded", "mobilising", "live"}


def _provider_states(
    contracts: list[Contract],
) -> tuple[dict[int, Any], dict[int, Any], dict[int, float]]:
    providers = {c.provider_id: c.provider for c in contracts}
    workforce, assessment, coverage_min = {}, {}, {}
    for pk, provider in providers.items():
        workforce[pk] = workforce_summary(provider=provider)
        assessment[pk] = provider_assessment_state(provider=provider)
        policy = workforce_policy(provider=provider)
        coverage_min[pk] = policy.training_coverage_min or DEFAULT_COVERAGE_MIN
    return workforce, assessment, coverage_min


def _assessment_state(state: dict[str, Any] | None) -> dict[str, Any] | None:
    # A provider never asked for a self-assessment has no state to judge.
    if not state or (
        state.get("due_date") is None
        and not state.get("submitted_in_date")
        and not any((state.get("ratings") or {}).values())
    ):
        return None
    return state


def portfolio_rows(contracts: list[Contract], *, today: dt.date) -> list[Row]:
    if not contracts:
        return []
    workforce, assessment, coverage_min = _provider_states(contracts)
    assurance = contract_assurance_states(contracts=contracts, today=today)
    overridden = set(
        GateOverride.objects.filter(contract__in=contracts).values_list("contract_id", flat=True)
    )
    rows = []
    for c in contracts:
        state = assurance.get(c.pk, {})
        check = clause_check_latest(contract=c)
        cells: dict[str, Cell] = {}
        if c.stage in GATE_STAGES:
            gate = contract_gate(contract=c, on=today)
            failed = [cond.name for cond in gate.conditions if not cond.passed]
            rag = rules.gate_rag(
                gate.passed, failed, overridden=c.pk in overridden and not gate.passed
            )
        else:
            rag = ("grey", "The gate applies before a contract goes live.")
        cells["gate"] = Cell(*rag, link=f"/contracts/{c.pk}/")
        clause = (
            None if check is None else {"all_met": check.all_met, "unmet_refs": check.unmet_refs}
        )
        cells["clause"] = Cell(*rules.nel_appa_1_clause_rag(clause), link=f"/contracts/{c.pk}/")
        cells["assessment"] = Cell(
            *rules.assessment_rag(_assessment_state(assessment.get(c.provider_id)), today),
            link="/assessments/",
        )
        cells["workforce"] = Cell(
            *rules.workforce_rag(workforce.get(c.provider_id), coverage_min[c.provider_id]),
            link=f"/workforce/{c.provider.slug}/",
        )
        link = f"/assurance/contracts/{c.pk}/"
        cells["monitoring"] = Cell(
            *rules.chscp_5_monitoring_rag(state.get("monitoring"), today), link=link
        )
        returns = state.get("returns") or {}
        has_returns = returns.get("latest_period") or returns.get("late") or returns.get("missing")
        cells["returns"] = Cell(*rules.returns_rag(returns if has_returns else None), link=link)
        cells["thematic"] = Cell(*rules.thematic_rag(state.get("risk"), today), link=link)
        cells["allegations"] = Cell(*rules.allegations_rag(state.get("allegations")), link=link)
        rows.append(
            Row(
                contract_id=c.pk,
                reference=c.reference,
                title=c.title,
                provider=c.provider.name,
                provider_slug=c.provider.slug,
                commissioner=c.commissioner.name,
                stage=c.get_stage_display(),
                cells=cells,
            )
        )
    return rows
