"""Storing checks (and nothing when a document cannot be read), the gate's selector, the
portfolio audit and the demo data."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from faker import Faker

from safecom.audit.models import AuditEvent
from safecom.contracts.tests.factories import ContractFactory
from safecom.core.demo import Portfolio
from safecom.documents import demo, jobs
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.documents.selectors import clause_check_latest
from safecom.documents.services import document_check_create, portfolio_audit_start
from safecom.documents.tests.factories import (
    COMPLETE_CLAUSE,
    DocumentCheckFactory,
    current_version,
    make_check,
)
from safecom.documents.tests.pdf import image_only_pdf

pytestmark = pytest.mark.django_db


def test_a_complete_clause_is_stored_all_met_with_its_text_and_audit_event(world: Any) -> None:
    check = make_check(contract=world.contract_a)
    assert check.all_met and check.met_count == 10 and check.unmet_refs == []
    assert check.text == COMPLETE_CLAUSE and check.result["framework"] == "chscp"
    assert AuditEvent.objects.filter(action="document_check.created", object_id=str(check.pk))
    first = check.result["requirements"][0]
    quote = first["evidence"][0]
    assert " ".join(check.text[quote["char_start"] : quote["char_end"]].split()) == quote["quote"]


def test_a_clause_with_gaps_lists_them_and_offers_wording(world: Any) -> None:
    text = COMPLETE_CLAUSE.replace(
        "5. The Provider shall have in place a whistleblowing policy and make it known to all "
        "staff and volunteers.\n",
        "",
    )
    check = make_check(contract=world.contract_a, text=text)
    assert not check.all_met and check.unmet_refs == ["2.5"]
    missing = next(r for r in check.result["requirements"] if r["ref"] == "2.5")
    assert missing["status"] == "not_met" and "whistleblowing policy" in missing["model_wording"]


@pytest.mark.parametrize(
    "data,name",
    [(image_only_pdf(), "scan.pdf"), (b"", "empty.txt"), (b"text", "contract.doc")],
)
def test_nothing_is_stored_when_the_document_cannot_be_read(
    world: Any, data: bytes, name: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        document_check_create(
            actor=None,
            contract=world.contract_a,
            framework_version=current_version(),
            kind="contract_clause",
            name=name,
            data=data,
        )
    assert "file" in refused.value.message_dict
    assert (
        not DocumentCheck.objects.exists()
        and not AuditEvent.objects.filter(action="document_check.created").exists()
    )


def test_a_framework_without_requirements_of_that_kind_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError, match="no provider policies"):
        document_check_create(
            actor=None,
            contract=world.contract_a,
            framework_version=current_version("chscp"),
            kind="provider_policy",
            name="policy.txt",
            data=b"Safeguarding policy.",
        )


def test_clause_check_latest_is_none_then_the_latest_per_framework(world: Any) -> None:
    contract = world.contract_a
    assert clause_check_latest(contract=contract) is None
    now = timezone.now()
    DocumentCheckFactory(contract=contract, all_met=True, unmet_refs=[], checked_at=now)
    status = clause_check_latest(contract=contract)
    assert status is not None and status.all_met and status.unmet_refs == []
    # A newer check of the same framework replaces it; another framework must also be met.
    DocumentCheckFactory(
        contract=contract, checked_at=now + dt.timedelta(minutes=1), unmet_refs=["2.5"]
    )
    DocumentCheckFactory(
        contract=contract,
        framework_version=current_version("nel"),
        all_met=True,
        unmet_refs=[],
        checked_at=now - dt.timedelta(days=1),
    )
    status = clause_check_latest(contract=contract)
    assert status is not None and not status.all_met
    assert status.unmet_refs == ["chscp 2.5"] and status.checked_at == now + dt.timedelta(minutes=1)
    assert "CHSCP" in status.summary and "NEL" in status.summary
    # Policy checks never feed the clause gate.
    other = ContractFactory()
    DocumentCheckFactory(contract=other, kind="provider_policy", all_met=True)
    assert clause_check_latest(contract=other) is None


def _portfolio_with_checks(world: Any, count: int) -> list[Any]:
    contracts = [ContractFactory(commissioner=world.commissioner_a) for _ in range(count)]
    for n, contract in enumerate(contracts):
        text = COMPLETE_CLAUSE if n % 2 == 0 else COMPLETE_CLAUSE.split("5. ")[0]
        make_check(contract=contract, text=text)
    return contracts


def test_the_portfolio_audit_gives_the_appendix_a_share(world: Any) -> None:
    _portfolio_with_checks(world, 4)  # + contract_a, which has no document
    job = portfolio_audit_start(
        actor=world.users["commissioner"],
        commissioner=world.commissioner_a,
        framework_version=current_version(),
    )
    assert job.status == "succeeded", job.error
    audit = PortfolioAudit.objects.get(pk=job.result["audit_id"])
    assert (audit.contracts_total, audit.contracts_checked, audit.contracts_all_met) == (5, 4, 2)
    assert audit.share_all_met == pytest.approx(0.4) and job.result["share_all_met"] == 0.4
    assert job.result["next_url"] == f"/documents/audit/results/{audit.pk}/"
    unmet = [r for r in audit.rows if r["checked"] and not r["all_met"]]
    assert all("2.5" in r["unmet_refs"] for r in unmet)


def test_the_audit_uses_worker_processes_for_larger_portfolios(
    world: Any, monkeypatch: Any
) -> None:
    _portfolio_with_checks(world, 6)
    monkeypatch.setattr(jobs, "POOL_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(jobs, "workers", lambda: 2)
    monkeypatch.setattr(jobs, "CHUNK", 2)
    seen: list[tuple[int, int]] = []
    audit = jobs.portfolio_audit_run(
        actor=None,
        commissioner=world.commissioner_a,
        version=current_version(),
        report=lambda done, total: seen.append((done, total)),
    )
    assert (audit.contracts_total, audit.contracts_all_met) == (7, 3)
    assert seen[0] == (0, 7) and seen[-1] == (7, 7) and len(seen) >= 3


def test_the_demo_is_realistic_and_a_second_run_adds_nothing(world: Any) -> None:
    for n in range(12):
        ContractFactory(
            commissioner=world.commissioner_a, reference=f"DEMO-{n:02d}"
        ).frameworks.set([current_version("chscp")])
    portfolio = Portfolio(
        scale="small",
        partnerships={"a": world.partnership_a},
        commissioners=[world.commissioner_a],
        providers=[world.provider_a],
        fake=Faker("en_GB"),
        rng=random.Random(1),
    )
    first = demo.build(portfolio=portfolio)
    assert first["document checks"] >= 10 and first["portfolio audits"] == 1
    checks = DocumentCheck.objects.filter(kind="contract_clause")
    assert checks.filter(all_met=True).exists() and checks.filter(all_met=False).exists()
    assert any(
        w["code"] == "superseded_edition" and "2018" in w["message"]
        for c in checks
        for w in c.result["warnings"]
    )
    assert demo.build(portfolio=portfolio) == {"document checks": 0, "portfolio audits": 0}
