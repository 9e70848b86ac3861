"""Opening a self-assessment round: one return per provider, pre-filled where it can be."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from safecom.accounts import roles
from safecom.assessments import mapping
from safecom.assessments.models import Answer, Assessment, Round
from safecom.assessments.services.common import check_text, copy_content, raise_if, user_or_none
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation
from safecom.organisations.selectors import providers_available_to
from safecom.rules import assessments as rules
from safecom.standards.models import FrameworkVersion, Requirement

ALWAYS_ASKED = Requirement.Kind.SELF_ASSESSMENT


def providers_for_owner(*, owner: Organisation) -> QuerySet[Organisation]:
    """Providers an organisation may ask to self-assess: a commissioner's own and its areas';
    a partnership's area providers and those contracted by its area's commissioners."""
    if owner.kind == roles.COMMISSIONER:
        return providers_available_to(commissioner=owner)
    ids = Organisation.objects.filter(
        Q(partnerships=owner) | Q(provider_contracts__commissioner__partnerships=owner),
        kind=roles.PROVIDER,
    ).values("pk")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def contracts_for_owner(*, owner: Organisation) -> QuerySet[Contract]:
    if owner.kind == roles.COMMISSIONER:
        qs = Contract.objects.filter(commissioner=owner)
    else:
        qs = Contract.objects.filter(commissioner__partnerships=owner)
    return qs.exclude(stage="ended").select_related("provider").order_by("title", "pk").distinct()


def questions_for(
    *, versions: Iterable[FrameworkVersion], kinds: Iterable[str]
) -> list[Requirement]:
    """Every self-assessment requirement, and every requirement of the other chosen kinds that
    asks the provider a question (a commissioner's own duty or a bare clause asks none)."""
    wanted = {ALWAYS_ASKED, *kinds}
    return list(
        Requirement.objects.filter(framework_version__in=list(versions), kind__in=wanted)
        .filter(Q(kind=ALWAYS_ASKED) | ~Q(question=""))
        .select_related("framework_version__framework")
        .order_by("framework_version__framework__slug", "order")
    )


def _check(
    *,
    owner: Organisation,
    title: str,
    versions: list[FrameworkVersion],
    providers: list[Organisation],
    contracts: list[Contract],
    due_date: dt.date | None,
    interval: str,
    kinds: list[str],
) -> None:
    errors: dict[str, list[str]] = {}
    if owner.kind not in (roles.COMMISSIONER, roles.PARTNERSHIP):
        errors["owner"] = [f"{owner} is not a partnership or commissioner."]
    check_text(errors, "title", title, limit=200, required="Give the round a title.")
    if not versions:
        errors["frameworks"] = ["Choose at least one framework to assess against."]
    unknown = set(kinds) - set(Requirement.Kind.values)
    if unknown:
        errors["kinds"] = [f"'{k}' is not a kind of requirement." for k in sorted(unknown)]
    if due_date is None:
        errors["due_date"] = ["Enter the date returns are due."]
    elif due_date < timezone.localdate():
        errors["due_date"] = ["The due date must be today or later."]
    if interval not in Round.Interval.values:
        errors["interval"] = ["Choose how often: annual, every two years or at tender."]
    if not providers and not contracts:
        errors["providers"] = ["Choose at least one provider or contract."]
    if "owner" not in errors:
        allowed = set(providers_for_owner(owner=owner).values_list("pk", flat=True))
        outside = [p.name for p in providers if p.pk not in allowed or p.kind != roles.PROVIDER]
        if outside:
            errors["providers"] = [
                f"{', '.join(outside)} cannot be asked by {owner}: not a provider in its "
                "contracts or partnership areas."
            ]
        mine = set(contracts_for_owner(owner=owner).values_list("pk", flat=True))
        foreign = [c.reference for c in contracts if c.pk not in mine]
        if foreign:
            errors["contracts"] = [f"{', '.join(foreign)}: not a live contract of {owner}."]
    if versions and "kinds" not in errors and not questions_for(versions=versions, kinds=kinds):
        errors["kinds"] = ["No requirement of those kinds is in the chosen frameworks."]
    raise_if(errors)


def _as_of(answer: Answer) -> Any:
    """When an answer's content was written: a copy is as old as what it copies."""
    seen = set()
    while answer.origin in (Answer.Origin.CARRIED, Answer.Origin.MAPPED) and answer.pk not in seen:
        seen.add(answer.pk)
        nxt = answer.carried_from if answer.origin == Answer.Origin.CARRIED else answer.source
        if nxt is None:
            break
        answer = nxt
    return answer.updated_at


def _carry_candidate(provider: Organisation, requirement: Requirement) -> Answer | None:
    """The last answer to the same requirement that the QA officer accepted."""
    slug = requirement.framework_version.framework.slug
    for answer in (
        Answer.objects.filter(
            assessment__provider=provider,
            requirement__framework_version__framework__slug=slug,
            requirement__ref=requirement.ref,
        )
        .exclude(rating="")
        .filter(assessment__submitted_at__isnull=False)
        .select_related("assessment")
        .order_by("-assessment__submitted_at", "-pk")
    ):
        if rules.chscp_1_answer_can_carry_forward(moderation=answer.moderation):
            return answer
    return None


def _mapped_candidate(
    provider: Organisation,
    requirement: Requirement,
    exclude: Assessment,
    graph: mapping.Graph | None = None,
) -> Answer | None:
    """The provider's latest own answer to a requirement that fully covers this one."""
    slug = requirement.framework_version.framework.slug
    best = None
    for cover in mapping.covered_by(framework=slug, ref=requirement.ref, graph=graph):
        if cover.extent != mapping.FULL:
            continue
        found = (
            Answer.objects.filter(
                assessment__provider=provider,
                requirement__framework_version__framework__slug=cover.framework,
                requirement__ref=cover.ref,
                origin__in=[Answer.Origin.OWN, Answer.Origin.CARRIED],
            )
            .exclude(rating="")
            .exclude(assessment=exclude)
            .order_by("-updated_at", "-pk")
            .first()
        )
        if found and (best is None or _as_of(found) > _as_of(best)):
            best = found
    return best


def prefill(*, assessment: Assessment, answer: Answer, graph: mapping.Graph | None = None) -> str:
    """Start an answer from the last accepted one (carried) or from an answer given under
    another framework that covers it fully (mapped), whichever is more recent."""
    carried = _carry_candidate(assessment.provider, answer.requirement)
    mapped = _mapped_candidate(assessment.provider, answer.requirement, assessment, graph)
    if mapped and (carried is None or _as_of(mapped) > _as_of(carried)):
        copy_content(target=answer, source=mapped)
        answer.origin, answer.source = Answer.Origin.MAPPED, mapped
    elif carried:
        copy_content(target=answer, source=carried)
        answer.origin, answer.carried_from = Answer.Origin.CARRIED, carried
    else:
        return ""
    answer.save(update_fields=["origin", "source", "carried_from"])
    return answer.origin


def _create_assessment(
    *,
    actor: Any,
    round: Round,
    provider: Organisation,
    contracts: list[Contract],
    questions: list[Requirement],
) -> dict[str, int]:
    assessment = Assessment.objects.create(round=round, provider=provider)
    assessment.contracts.set(contracts)
    made = {"answers": 0, "carried": 0, "mapped": 0}
    graph = mapping.current_graph()
    for requirement in questions:
        answer = Answer.objects.create(assessment=assessment, requirement=requirement)
        made["answers"] += 1
        origin = prefill(assessment=assessment, answer=answer, graph=graph)
        if origin:
            made[origin] += 1
    audit_record(
        actor=actor,
        action="assessment.created",
        obj=assessment,
        organisation=provider,
        summary=(
            f"Self-assessment opened for {provider}: {made['answers']} questions, "
            f"{made['carried']} carried forward, {made['mapped']} from other frameworks"
        ),
    )
    return made


@transaction.atomic
def round_open(
    *,
    actor: Any,
    owner: Organisation,
    title: str,
    frameworks: Iterable[FrameworkVersion],
    due_date: dt.date | None,
    interval: str,
    providers: Iterable[Organisation] = (),
    contracts: Iterable[Contract] = (),
    kinds: Iterable[str] = (),
) -> Round:
    """Open a round: a return for each chosen provider (and each chosen contract's provider),
    with a question for every requirement of the chosen kinds (self-assessment always)."""
    versions, provider_list, contract_list = list(frameworks), list(providers), list(contracts)
    kind_list = sorted({ALWAYS_ASKED, *kinds})
    _check(
        owner=owner,
        title=title,
        versions=versions,
        providers=provider_list,
        contracts=contract_list,
        due_date=due_date,
        interval=interval,
        kinds=kind_list,
    )
    assert due_date is not None  # checked above
    round = Round.objects.create(
        owner=owner,
        title=title.strip(),
        kinds=kind_list,
        due_date=due_date,
        interval=interval,
        opened_by=user_or_none(actor),
    )
    round.frameworks.set(versions)
    questions = questions_for(versions=versions, kinds=kind_list)
    chosen: dict[int, Organisation] = {p.pk: p for p in provider_list}
    for c in contract_list:
        chosen.setdefault(c.provider_id, c.provider)
    totals = {"answers": 0, "carried": 0, "mapped": 0}
    for provider in sorted(chosen.values(), key=lambda p: p.name):
        linked = [c for c in contract_list if c.provider_id == provider.pk] or list(
            contracts_for_owner(owner=owner).filter(provider=provider)
        )
        for name, n in _create_assessment(
            actor=actor, round=round, provider=provider, contracts=linked, questions=questions
        ).items():
            totals[name] += n
    audit_record(
        actor=actor,
        action="assessment.round_opened",
        obj=round,
        organisation=owner,
        summary=(
            f"Opened '{round.title}' for {len(chosen)} provider(s), due {due_date:%d/%m/%Y}"
            if due_date
            else f"Opened '{round.title}'"
        ),
        changes={
            "providers": [None, sorted(p.slug for p in chosen.values())],
            **{k: [None, v] for k, v in totals.items()},
        },
    )
    return round
