"""Demo workforce: staff, checks, training and named roles for every provider.

Small scale: 10-40 people per provider with the gaps a real register has (overdue rechecks,
missing barred-list checks, single references with and without a risk assessment, expired
right to work, leavers still active, training gaps) and a vacant DSL at one provider. Large
scale: 250,000 people and 1,000,000 training records across the providers, bulk-written.

Deterministic (each provider has its own seeded generator) and idempotent: a provider that
already has staff is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecom.audit.services import audit_record
from safecom.core.demo import Portfolio
from safecom.organisations.models import Organisation
from safecom.workforce.models import NamedRole, NamedRoleChange, StaffMember
from safecom.workforce.services import bulk
from safecom.workforce.services.figures import workforce_figures_forget
from safecom.workforce.services.records import derived, normalise, training_fingerprint

LARGE_STAFF = 250_000
LARGE_PROVIDERS = 2_000
LARGE_TRAINING = 1_000_000
ROLES = (
    "Support worker",
    "Family support worker",
    "Youth worker",
    "Senior practitioner",
    "Team leader",
    "Care assistant",
    "Nurse",
    "Administrator",
    "Driver",
    "Cook",
    "Service manager",
    "Mentor",
)
NAMED = (
    "dsl",
    "deputy_dsl",
    "safeguarding_lead",
    "cse_lead",
    "mca_dols_lead",
    "prevent_lead",
    "allegations_manager",
    "allegations_deputy",
    "named_doctor",
    "named_nurse",
)


class _Pools:
    """Names and addresses drawn once from Faker, then combined: fast at any scale."""

    def __init__(self, portfolio: Portfolio):
        fake = portfolio.fake
        fake.seed_instance(3003)
        self.first = [fake.first_name() for _ in range(300)]
        self.last = [fake.last_name() for _ in range(400)]
        self.streets = [fake.street_name() for _ in range(300)]
        self.towns = [fake.city() for _ in range(60)]
        self.postcodes = [fake.postcode() for _ in range(400)]

    def address(self, rng: random.Random) -> str:
        return (
            f"{rng.randint(1, 180)} {rng.choice(self.streets)}, {rng.choice(self.towns)} "
            f"{rng.choice(self.postcodes)}"
        )


def _days_ago(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(low, high))


def _person(
    rng: random.Random,
    pools: _Pools,
    provider: Organisation,
    n: int,
    *,
    gaps: bool,
    today: dt.date,
) -> tuple[dict[str, Any], list[tuple[str, dt.date, str]]]:
    """One person's record and training; `gaps` lets this provider have realistic faults."""
    worker_type = rng.choices(
        ["employee", "volunteer", "agency", "trustee", "contractor"], [70, 12, 10, 5, 3]
    )[0]
    start = _days_ago(rng, today, 60, 3650)
    regulated_children = worker_type != "trustee" and rng.random() < 0.85
    regulated_adults = worker_type != "trustee" and rng.random() < 0.3
    issued = start - dt.timedelta(days=rng.randint(5, 40))
    values: dict[str, Any] = {
        "staff_reference": f"{provider.slug[:6].upper()}-{n:05d}",
        "first_name": rng.choice(pools.first),
        "last_name": rng.choice(pools.last),
        "date_of_birth": today - dt.timedelta(days=rng.randint(19 * 365, 66 * 365)),
        "address": pools.address(rng),
        "role": rng.choice(ROLES) if worker_type not in {"trustee"} else "Trustee",
        "worker_type": worker_type,
        "start_date": start,
        "regulated_children": regulated_children,
        "regulated_adults": regulated_adults,
        "recruits_staff": rng.random() < 0.12,
        "identity_documents": rng.choice(
            ["Passport; utility bill", "Driving licence; bank statement", "Passport; council tax"]
        ),
        "identity_checked_by": rng.choice(["HR officer", "Service manager", "HR adviser"]),
        "identity_checked_on": issued,
        "right_to_work_type": "unlimited",
        "right_to_work_checked_on": issued,
        "qualifications_checked_on": issued,
        "references_received": 2,
        "reference_1_on": issued - dt.timedelta(days=7),
        "reference_2_on": issued - dt.timedelta(days=3),
        "dbs_number": f"{rng.randrange(10**12):012d}",
        "dbs_level": (
            "enhanced_barred_both"
            if regulated_children and regulated_adults
            else "enhanced_barred_children"
            if regulated_children
            else "enhanced_barred_adults"
            if regulated_adults
            else "basic"
        ),
        "dbs_workforce": "child_and_adult" if regulated_adults else "child",
        "dbs_issue_date": issued,
        "dbs_update_service": rng.random() < 0.4,
    }
    if worker_type == "agency":
        values["agency_confirmation_on"] = issued
    if values["dbs_update_service"]:
        values["dbs_status_checked_on"] = _days_ago(rng, today, 5, 300)
        values["dbs_status_result"] = "current"
    elif (today - issued).days > 900:
        # Someone long in post without the Update Service has had their DBS renewed.
        values["dbs_issue_date"] = _days_ago(rng, today, 30, 900)
    if gaps:
        _spoil(rng, values, today)
    training = []
    if rng.random() < (0.8 if gaps else 0.97):
        level = rng.choice(["1", "2", "2", "3"])
        training.append(
            ("safeguarding_children", _days_ago(rng, today, 20, 1300 if gaps else 900), level)
        )
    if regulated_adults or rng.random() < 0.3:
        training.append(
            ("safeguarding_adults", _days_ago(rng, today, 20, 1200), rng.choice(["1", "2"]))
        )
        training.append(("mca", _days_ago(rng, today, 20, 1200), ""))
        training.append(("prevent", _days_ago(rng, today, 20, 1200), ""))
    if rng.random() < 0.5:
        training.append(("online_safety", _days_ago(rng, today, 20, 1000), ""))
    if values["recruits_staff"] and rng.random() < 0.85:
        training.append(("safer_recruitment", _days_ago(rng, today, 30, 1000), ""))
    return values, training


def _spoil(rng: random.Random, values: dict[str, Any], today: dt.date) -> None:
    """The faults a real register has, at realistic rates."""
    roll = rng.random()
    if roll < 0.08:  # recheck overdue: certificate issued over three years ago, no update check
        values["dbs_issue_date"] = _days_ago(rng, today, 3 * 365 + 10, 6 * 365)
        values["dbs_update_service"] = False
        values.pop("dbs_status_checked_on", None)
        values.pop("dbs_status_result", None)
    elif roll < 0.12:  # recheck due within 60 days
        values["dbs_issue_date"] = today - dt.timedelta(days=3 * 365 - rng.randint(5, 55))
        values["dbs_update_service"] = False
        values.pop("dbs_status_checked_on", None)
        values.pop("dbs_status_result", None)
    elif roll < 0.16 and values["regulated_children"]:  # enhanced without the barred list
        values["dbs_level"] = "enhanced"
    elif roll < 0.19:  # no DBS on record at all
        for name in ("dbs_number", "dbs_level", "dbs_workforce", "dbs_issue_date"):
            values.pop(name, None)
        values["dbs_update_service"] = False
        values.pop("dbs_status_checked_on", None)
        values.pop("dbs_status_result", None)
    roll = rng.random()
    if roll < 0.06:  # a single reference, no risk assessment
        values["references_received"] = 1
        values.pop("reference_2_on")
    elif roll < 0.10:  # a single reference, risk assessed: acceptable
        values["references_received"] = 1
        values.pop("reference_2_on")
        values["single_reference_risk_assessed"] = True
    roll = rng.random()
    if roll < 0.05 and values["worker_type"] == "employee":  # visa ended
        values["right_to_work_type"] = "time_limited"
        values["right_to_work_expires"] = _days_ago(rng, today, 5, 200)
    elif roll < 0.09 and values["worker_type"] == "employee":
        values["right_to_work_type"] = "time_limited"
        values["right_to_work_expires"] = today + dt.timedelta(days=rng.randint(100, 700))
    if rng.random() < 0.04:  # left, but still listed as active
        values["leaving_date"] = _days_ago(rng, today, 10, 200)
    if rng.random() < 0.03:
        values["address"] = ""


def _people(
    provider: Organisation, count: int, pools: _Pools, *, gaps: bool, today: dt.date
) -> Iterator[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]]:
    rng = random.Random(f"workforce:{provider.slug}")
    for n in range(1, count + 1):
        yield _person(rng, pools, provider, n, gaps=gaps, today=today)


def _store(
    provider: Organisation,
    people: list[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]],
    now: dt.datetime,
) -> tuple[dict[str, int], int]:
    records = []
    for values, courses in people:
        full = normalise(values)
        records.append(
            {**full, **derived(full), "training_fingerprint": training_fingerprint(courses)}
        )
    ids = bulk.insert_staff(provider_id=provider.pk, records=records, now=now)
    training = [
        (ids[values["staff_reference"]], kind, done, level, kind.replace("_", " ").capitalize())
        for values, courses in people
        for kind, done, level in courses
    ]
    bulk.insert_training(records=training, now=now)
    return ids, len(training)


def _roles(
    provider: Organisation,
    people: list[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]],
    ids: dict[str, int],
    *,
    vacant_dsl: bool,
    now: dt.datetime,
) -> int:
    rng = random.Random(f"workforce-roles:{provider.slug}")
    staff = [v for v, _ in people if v["worker_type"] == "employee" and not v.get("leaving_date")]
    if not staff:
        return 0
    health = provider.org_type == Organisation.OrgType.NHS_TRUST
    made = []
    changes = []
    for code in NAMED:
        if code.startswith("named_") and not health:
            continue
        if code == "dsl" and vacant_dsl:
            continue
        if code in {"cse_lead", "mca_dols_lead"} and rng.random() < 0.1:
            continue  # an occasional vacancy
        holder = rng.choice(staff)
        name = f"{holder['first_name']} {holder['last_name']}"
        made.append(
            NamedRole(
                provider=provider,
                code=code,
                holder_id=ids[holder["staff_reference"]],
                holder_name=name,
                contact=f"{code.replace('_', '.')}@{provider.slug[:30]}.example",
                since=holder["start_date"],
            )
        )
        changes.append(NamedRoleChange(provider=provider, code=code, to_name=name))
    NamedRole.objects.bulk_create(made)
    NamedRoleChange.objects.bulk_create(changes)
    if vacant_dsl:
        NamedRoleChange.objects.create(
            provider=provider,
            code="dsl",
            from_name=f"{rng.choice(staff)['first_name']} {rng.choice(staff)['last_name']}",
            to_name="",
            reason="DSL left the organisation; recruitment under way",
        )
    return len(made)


@transaction.atomic
def build(*, portfolio: Portfolio) -> dict[str, int]:
    created = {"staff": 0, "training records": 0, "named roles": 0}
    providers = portfolio.providers
    done = set(
        StaffMember.objects.filter(provider__in=providers)
        .values_list("provider_id", flat=True)
        .distinct()
    )
    todo = [p for p in providers if p.pk not in done]
    if not todo:
        return created
    pools = _Pools(portfolio)
    now = timezone.now()
    today = timezone.localdate()
    large = portfolio.scale != "small"
    per_provider = _large_counts(len(providers)) if large else None
    for index, provider in enumerate(providers):
        if provider.pk in done:
            continue
        rng = random.Random(f"workforce-size:{provider.slug}")
        count = per_provider[index] if per_provider else rng.randint(10, 40)
        # The demo users' own provider (the first) is shown with realistic gaps too.
        gaps = index % 4 != 1
        people = list(_people(provider, count, pools, gaps=gaps, today=today))
        if large:
            people = _large_training(people, provider, today)
        if not large:
            _dsl_training(people, today)
        ids, training = _store(provider, people, now)
        created["staff"] += len(ids)
        created["training records"] += training
        created["named roles"] += _roles(provider, people, ids, vacant_dsl=index == 2, now=now)
    workforce_figures_forget(provider_ids=[p.pk for p in todo])
    audit_record(
        actor=None,
        action="demo.workforce_created",
        obj=todo[0],
        summary=f"Demo data: {created['staff']} staff and {created['training records']} "
        "training records created in bulk",
    )
    return created


def _dsl_training(
    people: list[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]], today: dt.date
) -> None:
    """Give most managers the DSL course, so the DSL and deputy chosen among them usually
    hold it; some have let it lapse (more than two years ago)."""
    rng = random.Random(f"workforce-dsl:{len(people)}")
    for values, courses in people:
        if values["worker_type"] == "employee" and rng.random() < 0.5:
            courses.append(("dsl", _days_ago(rng, today, 30, 1000), ""))


def _large_counts(providers: int) -> list[int]:
    """250,000 people over 2,000 providers (and in proportion for fewer), spread unevenly,
    adding up exactly."""
    rng = random.Random("workforce-large")
    weights = [rng.uniform(0.3, 1.7) for _ in range(providers)]
    total = sum(weights)
    people = LARGE_STAFF * providers // LARGE_PROVIDERS
    counts = [int(people * w / total) for w in weights]
    counts[0] += people - sum(counts)
    return counts


def _large_training(
    people: list[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]],
    provider: Organisation,
    today: dt.date,
) -> list[tuple[dict[str, Any], list[tuple[str, dt.date, str]]]]:
    """Exactly four training records a person (1,000,000 for 250,000 people): the earlier
    courses they refreshed, which a real matrix keeps too."""
    per_person = LARGE_TRAINING // LARGE_STAFF
    rng = random.Random(f"workforce-history:{provider.slug}")
    out = []
    for values, courses in people:
        courses = list(courses)[:per_person]
        seen = {(k, d) for k, d, _ in courses}
        year = 0
        while len(courses) < per_person:
            year += 1
            done = today - dt.timedelta(days=365 * (2 + year) + rng.randint(0, 300))
            if ("safeguarding_children", done) not in seen:
                courses.append(("safeguarding_children", done, "2"))
                seen.add(("safeguarding_children", done))
        out.append((values, courses))
    return out
