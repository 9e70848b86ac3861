"""The synthetic portfolio behind `make demo` and the benchmarks. Deterministic and idempotent.

Names are made up (Faker, en_GB, fixed seed); nothing here is about real people. A second
run finds everything by its slug, reference or username and creates nothing new.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from safecom.accounts.models import User
from safecom.accounts.services import user_create
from safecom.audit.services import audit_record
from safecom.contracts import lifecycle
from safecom.contracts.models import Contract, StageChange
from safecom.contracts.services import contract_create
from safecom.organisations.models import Organisation
from safecom.organisations.services import membership_create, organisation_create, site_create
from safecom.standards.models import FrameworkVersion
from safecom.standards.services import frameworks_load

DEMO_PASSWORD = "safe-commissioning-demo"  # noqa: S105 - printed on purpose for the local demo

PARTNERSHIPS = (
    ("riverside-scp", "Riverside Safeguarding Children Partnership"),
    ("downland-sp", "Downland Safeguarding Partnership"),
)
COMMISSIONERS = (
    # slug, name, type, partnership slugs, framework ids
    (
        "riverside-council",
        "Riverside Borough Council",
        "local_authority",
        ["riverside-scp"],
        ["chscp", "bscp"],
    ),
    (
        "east-riverside-icb",
        "East Riverside Integrated Care Board",
        "icb",
        ["riverside-scp", "downland-sp"],
        ["nel"],
    ),
    (
        "downland-council",
        "Downland County Council",
        "local_authority",
        ["downland-sp"],
        ["dorset", "hips"],
    ),
)
SERVICES = (
    "Family support service",
    "Young carers service",
    "Short breaks for disabled children",
    "Youth mentoring programme",
    "Supported accommodation for care leavers",
    "Domestic abuse refuge",
    "Substance misuse service for young people",
    "School nursing service",
    "Community CAMHS",
    "Home care for older adults",
    "Advocacy for adults with learning disabilities",
    "Holiday activities and food programme",
    "Independent visitors scheme",
    "Health visiting",
    "Sexual health outreach",
    "Alternative provision",
    "Residential children's home placements",
    "Supported living for adults with autism",
    "Parenting programme",
    "Missing from home service",
)
PROVIDER_SUFFIXES = (
    ("Trust", "voluntary"),
    ("CIC", "voluntary"),
    ("Ltd", "private"),
    ("Care Ltd", "private"),
    ("Foundation", "voluntary"),
    ("NHS Foundation Trust", "nhs_trust"),
    ("Academy", "school"),
)
PROVIDER_WORDS = ("Community", "Family", "Care", "Youth", "Support", "Horizons")
DEMO_USERS = (
    # username, first, last, job title, organisation slug (or "provider:0"), role
    (
        "partnership.admin",
        "Priya",
        "Shah",
        "Partnership business manager",
        "riverside-scp",
        "partnership_admin",
    ),
    ("commissioner", "Tom", "Hughes", "Contract manager", "riverside-council", "commissioner"),
    (
        "qa.officer",
        "Grace",
        "Okafor",
        "Designated safeguarding officer",
        "riverside-council",
        "qa_officer",
    ),
    (
        "provider.lead",
        "Sam",
        "Wright",
        "Designated safeguarding lead",
        "provider:0",
        "provider_lead",
    ),
    ("provider.hr", "Alex", "Morgan", "HR manager", "provider:0", "provider_hr"),
    ("auditor", "Jo", "Evans", "Internal auditor", "riverside-council", "auditor"),
    (
        "icb.commissioner",
        "Ravi",
        "Patel",
        "Safeguarding commissioning lead",
        "east-riverside-icb",
        "commissioner",
    ),
)


@dataclass(frozen=True)
class Scale:
    providers: int
    contracts: int


SCALES = {
    "small": Scale(providers=25, contracts=40),
    "large": Scale(providers=2000, contracts=5000),
    # A tenth of large, so benchmarks can show how each cost grows with the portfolio.
    "tenth": Scale(providers=200, contracts=500),
}


@dataclass
class Portfolio:
    """What the core demo made, handed to each app's own demo builder."""

    scale: str
    partnerships: dict[str, Organisation]
    commissioners: list[Organisation]
    providers: list[Organisation]
    fake: Faker
    rng: random.Random

    def contracts(self) -> Any:
        return Contract.objects.select_related("commissioner", "provider").order_by("pk")


# Apps that add to the demo portfolio, each with `demo.build(*, portfolio) -> dict[str, int]`
# (what it created, by name). A second run must create nothing.
DEMO_APPS = ("workforce", "assessments", "documents", "assurance")


def _app_builders() -> list[Any]:
    builders = []
    for app in DEMO_APPS:
        try:
            module = importlib.import_module(f"safecom.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"safecom.{app}.demo":
                raise
            continue
        builders.append(module.build)
    return builders


@dataclass
class DemoOutcome:
    created: dict[str, int]
    users: list[dict[str, str]]


def _get_or_make_org(slug: str, **kwargs: Any) -> tuple[Organisation, bool]:
    found = Organisation.objects.filter(slug=slug).first()
    if found:
        return found, False
    return organisation_create(actor=None, slug=slug, **kwargs), True


def _provider_names(fake: Faker, count: int) -> list[tuple[str, str, str]]:
    names: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(names) < count:
        suffix, org_type = PROVIDER_SUFFIXES[len(names) % len(PROVIDER_SUFFIXES)]
        base = fake.last_name() if org_type != "nhs_trust" else fake.city()
        middle = fake.random_element(PROVIDER_WORDS)
        name = f"{base} {middle} {suffix}"
        slug = slugify(name)[:80]
        if slug in seen:
            continue
        seen.add(slug)
        names.append((slug, name, org_type))
    return names


@transaction.atomic
def demo_data_build(*, scale: str = "small") -> DemoOutcome:
    """Build (or find) the demo portfolio at the given scale."""
    size = SCALES[scale]
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    rng = random.Random(2026)
    created = {"organisations": 0, "contracts": 0, "users": 0}
    frameworks_load()
    current = {
        v.framework.slug: v
        for v in FrameworkVersion.objects.filter(is_current=True).select_related("framework")
    }

    partnerships = {}
    for slug, name in PARTNERSHIPS:
        org, new = _get_or_make_org(
            slug, name=name, kind="partnership", org_type="safeguarding_partnership"
        )
        partnerships[slug] = org
        created["organisations"] += new
    commissioners = []
    for slug, name, org_type, areas, frameworks in COMMISSIONERS:
        org, new = _get_or_make_org(
            slug,
            name=name,
            kind="commissioner",
            org_type=org_type,
            partnerships=[partnerships[a] for a in areas],
        )
        commissioners.append((org, [current[f] for f in frameworks if f in current]))
        created["organisations"] += new

    providers = _providers(fake, size.providers, partnerships, created, bulk=scale != "small")
    _contracts(rng, size.contracts, commissioners, providers, created, bulk=scale != "small")
    users = _users(providers[0], created)
    portfolio = Portfolio(
        scale=scale,
        partnerships=partnerships,
        commissioners=[c for c, _ in commissioners],
        providers=providers,
        fake=fake,
        rng=rng,
    )
    for build in _app_builders():
        for name, count in build(portfolio=portfolio).items():
            created[name] = created.get(name, 0) + count
    return DemoOutcome(created=created, users=users)


def _providers(
    fake: Faker,
    count: int,
    partnerships: dict[str, Organisation],
    created: dict[str, int],
    *,
    bulk: bool,
) -> list[Organisation]:
    names = _provider_names(fake, count)
    existing = {o.slug: o for o in Organisation.objects.filter(slug__in=[n[0] for n in names])}
    area_list = list(partnerships.values())
    if bulk:
        fresh = [
            Organisation(slug=s, name=n, kind="provider", org_type=t)
            for s, n, t in names
            if s not in existing
        ]
        Organisation.objects.bulk_create(fresh, batch_size=1000)
        through = Organisation.partnerships.through
        through.objects.bulk_create(
            [
                through(from_organisation_id=o.pk, to_organisation_id=a.pk)
                for o in Organisation.objects.filter(slug__in=[f.slug for f in fresh])
                for a in area_list
            ],
            batch_size=2000,
        )
        created["organisations"] += len(fresh)
        existing = {o.slug: o for o in Organisation.objects.filter(slug__in=[n[0] for n in names])}
        return [existing[s] for s, _, _ in names]
    providers: list[Organisation] = []
    for i, (slug, name, org_type) in enumerate(names):
        org = existing.get(slug)
        if org is None:
            head = providers[i - 5] if i % 9 == 8 and i >= 5 else None
            org = organisation_create(
                actor=None,
                slug=slug,
                name=name,
                kind="provider",
                org_type=org_type,
                head_provider=head,
                partnerships=area_list,  # regional providers work in both areas
                contact_email=f"safeguarding@{slug[:30]}.example",
            )
            for n in range(1 + i % 3):
                site_create(
                    organisation=org,
                    name=f"{fake.street_name()} site {n + 1}",
                    address=fake.street_address(),
                    postcode=fake.postcode(),
                )
            created["organisations"] += 1
        providers.append(org)
    return providers


def _contract_fields(
    rng: random.Random, i: int, commissioner: Organisation, provider: Organisation
) -> dict[str, Any]:
    start = dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(0, 900))
    service = SERVICES[i % len(SERVICES)]
    group = "adults" if "adult" in service.lower() else rng.choice(("children", "children", "both"))
    return {
        "reference": f"{commissioner.slug.split('-')[0][:4].upper()}-{2024 + i % 3}-{i + 1:04d}",
        "title": f"{service} ({provider.name.split()[0]})",
        "client_group": group,
        "regulated_activity": rng.random() < 0.85,
        "value": Decimal(rng.randrange(20, 4000) * 1000),
        "start_date": start,
        "end_date": start + dt.timedelta(days=365 * rng.choice((1, 2, 3, 5))),
        "stage": lifecycle.STAGES[min(i % 8, 6)] if i % 8 != 7 else "live",
    }


def _contracts(
    rng: random.Random,
    count: int,
    commissioners: list,
    providers: list,
    created: dict[str, int],
    *,
    bulk: bool,
) -> None:
    existing = set(Contract.objects.values_list("commissioner_id", "reference"))
    fresh: list[tuple[Contract, list[FrameworkVersion]]] = []
    for i in range(count):
        commissioner, frameworks = commissioners[i % len(commissioners)]
        # The demo provider users' own provider holds a contract with every commissioner.
        provider = (
            providers[0] if i < len(commissioners) else providers[rng.randrange(len(providers))]
        )
        fields = _contract_fields(rng, i, commissioner, provider)
        if (commissioner.pk, fields["reference"]) in existing:
            continue
        if bulk:
            fresh.append(
                (Contract(commissioner=commissioner, provider=provider, **fields), frameworks)
            )
        else:
            contract_create(
                actor=None,
                commissioner=commissioner,
                provider=provider,
                frameworks=frameworks,
                **fields,
            )
        created["contracts"] += 1
    if bulk and fresh:
        Contract.objects.bulk_create([c for c, _ in fresh], batch_size=1000)
        through = Contract.frameworks.through
        through.objects.bulk_create(
            [through(contract_id=c.pk, frameworkversion_id=v.pk) for c, vs in fresh for v in vs],
            batch_size=2000,
        )
        StageChange.objects.bulk_create(
            [StageChange(contract=c, from_stage="", to_stage=c.stage) for c, _ in fresh],
            batch_size=2000,
        )
        audit_record(
            actor=None,
            action="demo.contracts_created",
            obj=fresh[0][0],
            summary=f"Demo data: created {len(fresh)} contracts in bulk",
        )


def _users(first_provider: Organisation, created: dict[str, int]) -> list[dict[str, str]]:
    out = []
    for username, first, last, title, org_slug, role in DEMO_USERS:
        org = (
            first_provider if org_slug == "provider:0" else Organisation.objects.get(slug=org_slug)
        )
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                email=f"{username}@demo.example",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                job_title=title,
            )
            created["users"] += 1
        membership_create(actor=None, user=user, organisation=org, role=role)
        out.append(
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "role": role,
                "organisation": org.name,
            }
        )
    return out
