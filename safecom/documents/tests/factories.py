from __future__ import annotations

from pathlib import Path
from typing import Any

import factory
from django.utils import timezone

from safecom.contracts.tests.factories import ContractFactory
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.organisations.tests.factories import CommissionerFactory
from safecom.standards.models import FrameworkVersion

COMPLETE_CLAUSE = (Path(__file__).parent / "data" / "complete_clause.txt").read_text(
    encoding="utf-8"
)


def current_version(slug: str = "chscp") -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug=slug, is_current=True)


def make_check(
    *,
    contract: Any = None,
    text: str = COMPLETE_CLAUSE,
    framework: str = "chscp",
    kind: str = "contract_clause",
    name: str = "clause.txt",
) -> DocumentCheck:
    """A check made the real way: extracted, checked and stored by the service."""
    from safecom.documents.services import document_check_create

    return document_check_create(
        actor=None,
        contract=contract or ContractFactory(),
        framework_version=current_version(framework),
        kind=kind,
        name=name,
        data=text.encode(),
    )


class DocumentCheckFactory(factory.django.DjangoModelFactory):
    """A stored check with given figures, for reads that need no real checking."""

    class Meta:
        model = DocumentCheck

    contract = factory.SubFactory(ContractFactory)
    framework_version = factory.LazyFunction(current_version)
    kind = "contract_clause"
    document_name = factory.Sequence(lambda n: f"clause-{n}.txt")
    sha256 = "0" * 64
    text = "The Provider shall safeguard children."
    page_starts = factory.LazyFunction(lambda: [0])
    result = factory.LazyFunction(dict)
    checked_at = factory.LazyFunction(timezone.now)
    all_met = False
    met_count = 1
    not_met_count = 9
    unmet_refs = factory.LazyFunction(lambda: ["2.2", "2.3"])


class PortfolioAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioAudit

    commissioner = factory.SubFactory(CommissionerFactory)
    framework_version = factory.LazyFunction(current_version)
    contracts_total = 4
    contracts_checked = 3
    contracts_all_met = 1
    rows = factory.LazyFunction(list)
