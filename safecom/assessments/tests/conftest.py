"""Fixtures for self-assessment tests: the other apps' data, replaced where a test says so."""

from __future__ import annotations

from typing import Any

import pytest

from safecom.assessments import integrations


class FakeData:
    """What the workforce and documents apps would say, set per test."""

    def __init__(self) -> None:
        self.summary: dict[str, Any] | None = {
            "staff": 20,
            "regulated_activity": 18,
            "dbs_missing": 0,
            "dbs_recheck_overdue": 0,
            "training_coverage": 0.9,
            "dsl_training_overdue": 0,
            "safer_recruitment_trained": 2,
            "named_roles_vacant": [],
        }
        self.holders: dict[str, str | None] | None = {"dsl": "Sam Wright", "deputy_dsl": "Ali Khan"}
        self.clause: Any = None  # None: the contract has never been checked

    def install(self, monkeypatch: Any) -> None:
        monkeypatch.setattr(integrations, "workforce_summary", lambda *, provider: self.summary)
        monkeypatch.setattr(integrations, "named_role_holders", lambda *, provider: self.holders)

        def clause(*, contract: Any) -> integrations.ClauseCheck:
            if self.clause is None:
                return integrations.ClauseCheck(available=True)
            return self.clause

        monkeypatch.setattr(integrations, "clause_check_latest", clause)


@pytest.fixture
def data(monkeypatch: Any) -> FakeData:
    fake = FakeData()
    fake.install(monkeypatch)
    return fake
