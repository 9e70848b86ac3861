"""Factories for self-assessments. Rounds are opened through the service, as people do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import factory
from django.utils import timezone

from safecom.assessments.models import ActionItem, Answer, Assessment, ChildSafeguardingStatement
from safecom.assessments.services import answer_save, assessment_submit, round_open
from safecom.standards.models import FrameworkVersion

KINDS = ("self_assessment", "workforce_rule", "assurance_activity")


def current(slug: str) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__slug=slug, is_current=True)


def open_round(
    *,
    owner: Any,
    providers: Iterable[Any] = (),
    contracts: Iterable[Any] = (),
    frameworks: Iterable[str] = ("chscp",),
    kinds: Iterable[str] = KINDS,
    due_in_days: int = 30,
    interval: str = "annual",
    actor: Any = None,
    title: str = "Safeguarding self-assessment",
) -> Any:
    return round_open(
        actor=actor,
        owner=owner,
        title=title,
        frameworks=[current(s) for s in frameworks],
        due_date=timezone.localdate() + dt.timedelta(days=due_in_days),
        interval=interval,
        providers=list(providers),
        contracts=list(contracts),
        kinds=list(kinds),
    )


def answer(a: Answer, rating: str = "met", narrative: str = "We do this.", **kw: Any) -> Answer:
    a.refresh_from_db()
    return answer_save(
        actor=kw.pop("actor", None),
        answer=a,
        expected_version=a.version,
        rating=rating,
        narrative=narrative,
        **kw,
    )


def answer_all(assessment: Assessment, rating: str = "met", actor: Any = None) -> None:
    for a in assessment.answers.order_by("pk"):
        a.refresh_from_db()
        if a.origin == Answer.Origin.MAPPED and a.rating:
            continue  # answered once, under the framework it maps to
        answer(a, rating, actor=actor)


def with_action(a: Answer, days: int = 30, **kw: Any) -> ActionItem:
    return ActionItemFactory(
        answer=a, due_date=timezone.localdate() + dt.timedelta(days=days), **kw
    )


def submit(assessment: Assessment, actor: Any = None) -> Assessment:
    return assessment_submit(actor=actor, assessment=assessment, declared=True)


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    answer = None
    provider = factory.LazyAttribute(lambda o: o.answer.assessment.provider)
    framework_slug = factory.LazyAttribute(
        lambda o: o.answer.requirement.framework_version.framework.slug
    )
    ref = factory.LazyAttribute(lambda o: o.answer.requirement.ref)
    description = "Refresh the training matrix and book the missing courses"
    owner_name = "HR manager"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildSafeguardingStatement

    summary = "Our Child Safeguarding Statement sets out how we keep children safe."
    signed_off_by = "Chair of trustees"
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    review_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=335))
