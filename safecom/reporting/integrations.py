"""Where the dashboard reads the other capabilities: every call to them is here.

Each area's state comes from the app that owns it; the RAG and its reason come from the
pure rules in safecom/rules/dashboard.py. Every read is set-based over the whole portfolio,
so the number of queries does not grow with the number of providers or contracts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safecom.assessments.portfolio import portfolio_assessments
from safecom.assurance.selectors.state import contract_assurance_states
from safecom.contracts.models import Contract, GateOverride
from safecom.documents.selectors import clause_checks_latest
from safecom.reporting.areas import Cell, Row
from safecom.rules import dashboard as rules
from safecom.standards.portfolio import PortfolioFrameworks, portfolio_frameworks
from safecom.workforce.policy import workforce_policies
from safecom.workforce.portfolio import WorkforcePortfolio, workforce_portfolio

DEFAULT_COVERAGE_MIN = 0.85
GATE_STAGES = {"planning", "tender", "awarded", "mobilising", "live"}


def _provider_states(
    contracts: list[Contract], today: dt.date, standards: PortfolioFrameworks
) -> tuple[WorkforcePortfolio, dict[int, float]]:
    providers = sorted({c.provider for c in contracts}, key=lambda p: p.pk)
    policies = workforce_policies(providers=providers, frameworks=standards)
    workforce = workforce_portfolio(providers=providers, day=today, policies=policies)
    coverage_min = {
        pk: policy.training_coverage_min or DEFAULT_COVERAGE_MIN for pk, policy in policies.items()
    }
    return workforce, coverage_min


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
    standards = portfolio_frameworks(provider_ids={c.provider_id for c in contracts})
    staff, coverage_min = _provider_states(contracts, today, standards)
    workforce = staff.summaries
    checks = clause_checks_latest(contracts=contracts)
    gates, assessment = portfolio_assessments(
        contracts=contracts,
        workforce=workforce,
        clause_checks=checks,
        standards=standards,
        holders=staff.holders,
        on=today,
    )
    assurance = contract_assurance_states(
        contracts=contracts,
        today=today,
        workforce=workforce,
        assessments=assessment,
        frameworks=standards,
    )
    if all(hasattr(c, "gate_overridden") for c in contracts):
        overridden = {c.pk for c in contracts if c.gate_overridden}  # type: ignore[attr-defined]
    else:
        overridden = set(
            GateOverride.objects.filter(contract__in=contracts).values_list(
                "contract_id", flat=True
            )
        )
    rows = []
    for c in contracts:
        state = assurance.get(c.pk, {})
        check = checks.get(c.pk)
        cells: dict[str, Cell] = {}
        if c.stage in GATE_STAGES:
            gate = gates[c.pk]
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
        rows.append(Row.of(c, cells))
    return rows
