"""Demo data: stored checks of realistic contract safeguarding clauses (and a few provider
policies), so the contract pages, the pre-engagement gate and the Appendix A figure show
real results. Deterministic and idempotent: a contract that already has a demo check is
left alone, and the texts come from a generator seeded by the contract's reference.

The clauses are built from each framework's own model wording, as a commissioner would
draft them, with realistic variation: about half complete, the rest with an element left
out or only partly written, and one citing Working Together to Safeguard Children 2018.
"""

from __future__ import annotations

import random
from typing import Any

from safecom.contracts.models import Contract
from safecom.documents.checking import requirement_specs
from safecom.documents.jobs import portfolio_audit_run
from safecom.documents.models import DocumentCheck, PortfolioAudit
from safecom.documents.services import document_check_create_from_text
from safecom.standards.models import FrameworkVersion

CLAUSE_FRAMEWORKS = ("chscp", "bscp", "hips", "nel")
POLICY_FRAMEWORKS = ("dorset", "hips", "nel")
LARGE_SCALE_CHECKS = 300  # the large portfolio gets a sample: enough for the figures

# Partly written versions of elements, by the short name of the element.
PARTIAL: dict[str, str] = {
    "alert": (
        "The Provider shall ensure that its staff are alert to the signs of child abuse and "
        "neglect and know what to do if they are worried about a child."
    ),
    "allegations": (
        "Allegations against members of staff shall be investigated by the Provider's "
        "senior manager and reported to the Commissioner."
    ),
    "training": "All staff shall complete safeguarding children training during their induction.",
    "legislation": (
        "The Provider shall comply with the Children Act 1989 and all relevant safeguarding "
        "legislation."
    ),
    "protect": "The Provider shall ensure that Service Users are protected from abuse and neglect.",
}
ELEMENT_OF = {
    ("chscp", "2.8"): "alert",
    ("bscp", "2.8"): "alert",
    ("hips", "1e"): "alert",
    ("chscp", "2.10"): "allegations",
    ("bscp", "2.10"): "allegations",
    ("hips", "1g"): "allegations",
    ("chscp", "2.6"): "training",
    ("bscp", "2.6"): "training",
    ("hips", "1d"): "training",
    ("chscp", "2.2"): "legislation",
    ("bscp", "2.2"): "legislation",
    ("hips", "1b"): "legislation",
    ("nel", "SC32.1"): "protect",
}
BOILERPLATE_BEFORE = (
    "{reference} {title}\n\nSCHEDULE 1 – KEY PROVISIONS\n\n"
    "1. The Provider shall deliver the Services in accordance with the Specification and the "
    "Commissioner's reasonable instructions.\n"
    "2. The Commissioner shall pay the Provider monthly in arrears within 30 days of a valid "
    "invoice.\n"
    "3. The Provider shall maintain employer's liability insurance of at least £10,000,000 and "
    "public liability insurance of at least £5,000,000.\n\n"
    "SCHEDULE 2 – SAFEGUARDING\n\n"
)
BOILERPLATE_AFTER = (
    "\nSCHEDULE 3 – DATA PROTECTION\n\n"
    "1. The Provider shall safeguard personal data in accordance with the Data Protection Act "
    "2018 and the UK GDPR, with appropriate technical and organisational safeguards.\n"
)


def _clause_framework(contract: Contract) -> FrameworkVersion | None:
    versions = {v.framework.slug: v for v in contract.frameworks.select_related("framework")}
    for slug in CLAUSE_FRAMEWORKS:
        if slug in versions:
            return versions[slug]
    if contract.client_group == "adults":
        return None
    return FrameworkVersion.objects.filter(framework__slug="chscp", is_current=True).first()


def clause_text(
    contract: Contract, version: FrameworkVersion, rng: random.Random, *, old_edition: bool = False
) -> str:
    """A realistic safeguarding schedule: complete, or with one to three gaps."""
    slug = version.framework.slug
    specs = requirement_specs(version, "contract_clause")
    gaps = 0 if rng.random() < 0.5 else rng.choice((1, 1, 2, 3))
    chosen = set(rng.sample(range(len(specs)), k=min(gaps, len(specs))))
    if old_edition:
        chosen = set()  # complete but for the superseded citation
    paragraphs: list[str] = []
    for index, spec in enumerate(specs):
        wording = spec.model_wording
        if index in chosen:
            partial = PARTIAL.get(ELEMENT_OF.get((slug, spec.ref), ""))
            if partial is None or rng.random() < 0.4:
                continue  # left out altogether
            wording = partial
        if old_edition:
            wording = wording.replace("(2023, or any edition that replaces it)", "(2018)")
        paragraphs.append(f"{len(paragraphs) + 1}. {wording}")
    head = BOILERPLATE_BEFORE.format(reference=contract.reference, title=contract.title)
    return head + "\n".join(paragraphs) + "\n" + BOILERPLATE_AFTER


def policy_text(version: FrameworkVersion, rng: random.Random, provider: str) -> str:
    specs = requirement_specs(version, "provider_policy")
    kept = [s for s in specs if rng.random() < 0.8]
    lines = [f"{provider} – Safeguarding Policy", ""]
    lines += [s.model_wording.replace("[Provider]", provider) for s in kept]
    return "\n".join(lines) + "\n"


def build(*, portfolio: Any) -> dict[str, int]:
    created = {"document checks": 0, "portfolio audits": 0}
    contracts = list(portfolio.contracts().prefetch_related("frameworks__framework"))
    if portfolio.scale != "small":
        contracts = contracts[:LARGE_SCALE_CHECKS]
    done = set(
        DocumentCheck.objects.filter(source=DocumentCheck.Source.DEMO).values_list(
            "contract_id", "kind"
        )
    )
    old_edition_given = DocumentCheck.objects.filter(
        source=DocumentCheck.Source.DEMO, result__warnings__0__code="superseded_edition"
    ).exists()
    for position, contract in enumerate(contracts):
        rng = random.Random(f"documents:{contract.reference}")
        if position % 7 == 6:
            continue  # most, not all: some contracts have no clause checked yet
        version = _clause_framework(contract)
        if version is not None and (contract.pk, "contract_clause") not in done:
            old = not old_edition_given and version.framework.slug in ("chscp", "bscp", "hips")
            old_edition_given = old_edition_given or old
            document_check_create_from_text(
                actor=None,
                contract=contract,
                framework_version=version,
                kind="contract_clause",
                name=f"{contract.reference}-contract.txt",
                text=clause_text(contract, version, rng, old_edition=old),
            )
            created["document checks"] += 1
        policy = _policy_framework(contract)
        if (
            policy is not None
            and position % 5 == 0
            and (contract.pk, "provider_policy") not in done
        ):
            document_check_create_from_text(
                actor=None,
                contract=contract,
                framework_version=policy,
                kind="provider_policy",
                name=f"{contract.provider.slug[:40]}-safeguarding-policy.txt",
                text=policy_text(policy, rng, contract.provider.name),
            )
            created["document checks"] += 1
    created["portfolio audits"] += _audits(portfolio)
    return created


def _policy_framework(contract: Contract) -> FrameworkVersion | None:
    versions = {v.framework.slug: v for v in contract.frameworks.all()}
    return next((versions[s] for s in POLICY_FRAMEWORKS if s in versions), None)


def _audits(portfolio: Any) -> int:
    """One audit per commissioner, so the Appendix A figure is there from the start."""
    made = 0
    for commissioner in portfolio.commissioners:
        if PortfolioAudit.objects.filter(commissioner=commissioner).exists():
            continue
        slugs = set(
            Contract.objects.filter(commissioner=commissioner).values_list(
                "frameworks__framework__slug", flat=True
            )
        )
        slug = next((s for s in CLAUSE_FRAMEWORKS if s in slugs), "chscp")
        version = FrameworkVersion.objects.filter(framework__slug=slug, is_current=True).first()
        if version is None:
            continue
        portfolio_audit_run(
            actor=None, commissioner=commissioner, version=version, report=lambda d, t: None
        )
        made += 1
    return made
