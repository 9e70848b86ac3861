"""Demo self-assessments: riverside-council's providers under CHSCP and BSCP.

Last year's round, submitted and accepted (so this year's carries forward and compares);
this year's round open, with returns at every stage: accepted, challenged and answered,
awaiting moderation (some with a suggested challenge from the workforce records), not started,
and the demo provider users' own part-way through. Action plans, some overdue; Child
Safeguarding Statements, one out of date. A mobilising contract whose gate passes.

Deterministic (its own seeded generator, dates relative to today) and idempotent: the
rounds are found by title and nothing is made twice. Dates in the past (last year's round,
overdue actions, a lapsed statement) are set after the services have made the records, since
the services rightly refuse past dates from people.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from safecom.assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    ChildSafeguardingStatement,
    Round,
)
from safecom.assessments.services import (
    action_create,
    answer_moderate,
    answer_respond,
    answer_save,
    assessment_submit,
    round_open,
    statement_record,
)
from safecom.contracts.models import ClauseConfirmation, Contract
from safecom.contracts.services import contract_clause_confirm
from safecom.core.demo import Portfolio
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion

OWNER = "riverside-council"
FRAMEWORKS = ("chscp", "bscp")
KINDS = ("self_assessment", "workforce_rule", "assurance_activity")
LAST_YEAR = "Riverside safeguarding self-assessment (last year)"
THIS_YEAR = "Riverside safeguarding self-assessment (this year)"
MAX_PROVIDERS = 12

NARRATIVE = {
    "self_assessment": (
        "We completed the partnership self-assessment in {month}; the board signed it off and "
        "our safeguarding lead keeps the action plan. We take part at every interval the "
        "partnership sets."
    ),
    "workforce_rule": (
        "Our single central record holds each DBS certificate number and the recheck date our "
        "policy sets (three years). HR checks it monthly and shares it with the commissioner "
        "on request."
    ),
    "assurance_activity": (
        "Safeguarding is a standing item at every contract monitoring meeting; we report the "
        "contract's safeguarding measures quarterly."
    ),
}
SHORTFALL = {
    "partly_met": "Most of this is in place; {gap}. The action below closes the gap.",
    "not_met": "This is not yet in place: {gap}. The action below says who will fix it and when.",
}
GAPS = (
    "two monitoring meetings this year had no safeguarding item",
    "the recheck dates of agency staff are not yet on the record",
    "the board has not yet signed off this year's self-assessment",
)


def _users() -> dict[str, Any]:
    User = get_user_model()
    return {
        u.username: u for u in User.objects.filter(username__in=["provider.lead", "qa.officer"])
    }


def _providers(owner: Organisation, portfolio: Portfolio) -> list[Organisation]:
    """riverside-council's providers, the demo users' own first."""
    ids = set(Contract.objects.filter(commissioner=owner).values_list("provider_id", flat=True))
    chosen = [p for p in portfolio.providers if p.pk in ids]
    first = portfolio.providers[0]
    if first in chosen:
        chosen.remove(first)
    return [first, *chosen[: MAX_PROVIDERS - 1]]


def _narrative(answer: Answer, rating: str, rng: random.Random) -> str:
    base = NARRATIVE.get(answer.requirement.kind, NARRATIVE["assurance_activity"])
    text = base.format(month=rng.choice(("March", "April", "May", "June")))
    if rating in SHORTFALL:
        return SHORTFALL[rating].format(gap=rng.choice(GAPS))
    if rating == "not_applicable":
        return "We have no contracted staff in contact with children under this contract."
    return text


def _answer(answer: Answer, rating: str, rng: random.Random, actor: Any, days: int) -> Answer:
    answer.refresh_from_db()
    saved = answer_save(
        actor=actor,
        answer=answer,
        expected_version=answer.version,
        rating=rating,
        narrative=_narrative(answer, rating, rng),
        links=["https://example.org/safeguarding-policy"] if rng.random() < 0.4 else [],
    )
    if rating in ("partly_met", "not_met"):
        action = action_create(
            actor=actor,
            answer=saved,
            description=f"Close the gap on {saved.key}: {rng.choice(GAPS)}.",
            owner_name=rng.choice(("Service manager", "HR manager", "Safeguarding lead")),
            due_date=timezone.localdate() + dt.timedelta(days=30),
        )
        # Some actions fell due while the demo "happened": backdate those.
        ActionItem.objects.filter(pk=action.pk).update(
            due_date=timezone.localdate() + dt.timedelta(days=days)
        )
    return saved


def _answer_all(
    assessment: Assessment, ratings: list[str], rng: random.Random, actor: Any, overdue: bool
) -> None:
    for i, answer in enumerate(
        assessment.answers.order_by(
            "requirement__framework_version__framework__slug", "requirement__order"
        )
    ):
        answer.refresh_from_db()
        if answer.origin == Answer.Origin.MAPPED and answer.rating:
            continue  # answered once, under the framework it maps to
        rating = ratings[i % len(ratings)]
        _answer(answer, rating, rng, actor, days=-12 if overdue else 21 + i)


def _statement(provider: Organisation, rng: random.Random, *, lapsed: bool) -> None:
    if ChildSafeguardingStatement.objects.filter(provider=provider).exists():
        return
    today = timezone.localdate()
    statement = statement_record(
        actor=None,
        provider=provider,
        summary=(
            f"{provider.name} is committed to safeguarding children. The statement names our "
            "designated safeguarding lead, how concerns are raised and how staff are trained."
        ),
        signed_off_by=rng.choice(("Chair of trustees", "Chief executive", "Managing director")),
        approved_on=today - dt.timedelta(days=rng.randint(30, 200)),
        review_date=today + dt.timedelta(days=rng.randint(120, 330)),
    )
    if lapsed:
        ChildSafeguardingStatement.objects.filter(pk=statement.pk).update(
            approved_on=today - dt.timedelta(days=400),
            review_date=today - dt.timedelta(days=35),
        )


def _last_year(owner: Organisation, providers: list[Organisation], rng: random.Random) -> None:
    """Last year's round, CHSCP only: submitted and all accepted. This year's CHSCP answers
    carry forward from it, and its answers reach BSCP's equal requirements by mapping."""
    versions = [FrameworkVersion.objects.get(framework__slug="chscp", is_current=True)]
    opened = round_open(
        actor=None,
        owner=owner,
        title=LAST_YEAR,
        frameworks=versions,
        due_date=timezone.localdate(),
        interval="annual",
        providers=providers,
        kinds=KINDS,
    )
    ago = timezone.now() - dt.timedelta(days=330)
    for assessment in opened.assessments.order_by("provider__name"):
        ratings = ["met", "met", "partly_met"] if rng.random() < 0.5 else ["met"]
        _answer_all(assessment, ratings, rng, None, overdue=False)
        assessment_submit(actor=None, assessment=assessment, declared=True)
        for answer in assessment.answers.all():
            answer_moderate(actor=None, answer=answer, decision="accept", comment="")
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=ago, moderated_at=ago + dt.timedelta(days=20)
        )
    # Last year's actions are done.
    ActionItem.objects.filter(answer__assessment__round=opened).update(
        status=ActionItem.Status.DONE, completed_at=ago + dt.timedelta(days=90)
    )
    Round.objects.filter(pk=opened.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=320),
        opened_at=timezone.now() - dt.timedelta(days=380),
    )


def _this_year(
    owner: Organisation, providers: list[Organisation], rng: random.Random, users: dict[str, Any]
) -> dict[str, int]:
    versions = [
        FrameworkVersion.objects.get(framework__slug=s, is_current=True) for s in FRAMEWORKS
    ]
    qa = users.get("qa.officer")
    opened = round_open(
        actor=qa,
        owner=owner,
        title=THIS_YEAR,
        frameworks=versions,
        due_date=timezone.localdate() + dt.timedelta(days=28),
        interval="annual",
        providers=providers,
        kinds=KINDS,
    )
    made = {"assessment rounds": 2, "assessment returns": 0}
    for index, provider in enumerate(providers):
        assessment = opened.assessments.get(provider=provider)
        made["assessment returns"] += 1
        lead = users.get("provider.lead") if index == 0 else None
        stage = (
            "partway"
            if index == 0
            else ("accepted", "challenged", "pending", "not_started")[index % 4]
        )
        answers = list(
            assessment.answers.select_related("requirement").order_by(
                "requirement__framework_version__framework__slug", "requirement__order"
            )
        )
        if stage == "partway":
            # CHSCP carried forward, BSCP's equal requirements filled by mapping; two updated
            # (one short of met, its action overdue); BSCP 1 (with the statement) left for
            # provider.lead to finish in the browser.
            chscp = [
                a for a in answers if a.requirement.framework_version.framework.slug == "chscp"
            ]
            _answer(chscp[0], "met", rng, lead, days=21)
            _answer(chscp[1], "partly_met", rng, lead, days=-9)
            continue
        if stage == "not_started":
            continue
        ratings = ["met", "met", "partly_met", "met", "not_met"]
        _answer_all(assessment, ratings, rng, None, overdue=index % 3 == 0)
        assessment_submit(actor=None, assessment=assessment, declared=True)
        answers = list(assessment.answers.order_by("pk"))
        if stage == "accepted":
            for answer in answers:
                answer_moderate(actor=qa, answer=answer, decision="accept", comment="")
        elif stage == "challenged":
            first, second, *rest = answers
            answer_moderate(
                actor=qa,
                answer=first,
                decision="challenge",
                comment="Please attach the minutes of the last two monitoring meetings.",
            )
            answer_moderate(
                actor=qa,
                answer=second,
                decision="challenge",
                comment="How many contracted staff have no recheck date recorded?",
            )
            second.refresh_from_db()
            answer_respond(
                actor=None,
                answer=second,
                comment="Three agency staff; their dates are now on the record.",
                expected_version=second.version,
            )
            for answer in rest[:2]:
                answer_moderate(actor=qa, answer=answer, decision="accept", comment="")
    return made


def _gate_example(owner: Organisation) -> None:
    """A contract not yet live whose provider has submitted this year, its clause confirmed by
    hand, so its gate can be seen to pass (once the workforce records name a DSL)."""
    submitted = Assessment.objects.filter(
        round__owner=owner, round__title=THIS_YEAR, submitted_at__isnull=False
    ).values("provider_id")
    contract = (
        Contract.objects.filter(
            commissioner=owner, provider_id__in=submitted, stage__in=["mobilising", "awarded"]
        )
        .order_by("-stage", "pk")
        .first()
    )
    if contract is not None and not ClauseConfirmation.objects.filter(contract=contract).exists():
        contract_clause_confirm(
            actor=None,
            contract=contract,
            reason="Read clause 14 of the signed contract: all ten elements are there.",
        )


@transaction.atomic
def build(*, portfolio: Portfolio) -> dict[str, int]:
    owner = Organisation.objects.filter(slug=OWNER).first()
    if owner is None or Round.objects.filter(owner=owner, title=THIS_YEAR).exists():
        return {"assessment rounds": 0, "assessment returns": 0}
    rng = random.Random("assessments-demo")
    providers = _providers(owner, portfolio)
    users = _users()
    for index, provider in enumerate(providers):
        _statement(provider, rng, lapsed=index == 3)  # index 3 has not started this year
    _last_year(owner, providers[:-1], rng)
    made = _this_year(owner, providers, rng, users)
    _gate_example(owner)
    return made
