"""Reads across cycles and frameworks: cycle-to-cycle comparison, and a provider's latest
answers to one framework whichever framework they were given under.

Both start from an assessment or provider the caller has already found through the user's
tenancy; the answers they read are the same provider's own submitted answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safecom.assessments import mapping, workflow
from safecom.assessments.models import Answer, Assessment
from safecom.assessments.selectors import SUBMITTED, answers_of
from safecom.organisations.models import Organisation
from safecom.standards.models import FrameworkVersion


@dataclass(frozen=True)
class ComparisonRow:
    answer: Answer
    previous: Answer | None
    change: str


def previous_answer(answer: Answer) -> Answer | None:
    """The same provider's answer to the same requirement in its last earlier return."""
    assessment = answer.assessment
    before = assessment.submitted_at or timezone.now()
    return (
        Answer.objects.filter(
            assessment__provider_id=assessment.provider_id,
            assessment__status__in=SUBMITTED,
            assessment__submitted_at__lt=before,
            requirement__framework_version__framework__slug=(
                answer.requirement.framework_version.framework.slug
            ),
            requirement__ref=answer.requirement.ref,
        )
        .exclude(assessment=assessment)
        .select_related("assessment__round")
        .order_by("-assessment__submitted_at", "-pk")
        .first()
    )


def comparison_rows(assessment: Assessment) -> list[ComparisonRow]:
    """Each answer of the return beside the same provider's answer to the same requirement in
    its last earlier submitted return (as `previous_answer`, read in one query)."""
    answers = list(answers_of(assessment))
    keys = {(a.requirement.framework_version.framework.slug, a.requirement.ref) for a in answers}
    latest: dict[tuple[str, str], Answer] = {}
    if keys:
        earlier = (
            Answer.objects.filter(
                assessment__provider_id=assessment.provider_id,
                assessment__status__in=SUBMITTED,
                assessment__submitted_at__lt=assessment.submitted_at or timezone.now(),
                requirement__framework_version__framework__slug__in={k[0] for k in keys},
                requirement__ref__in={k[1] for k in keys},
            )
            .exclude(assessment=assessment)
            .select_related("assessment__round", "requirement__framework_version__framework")
            .order_by("assessment__submitted_at", "pk")
        )
        for a in earlier:  # oldest first: the last kept is the latest
            latest[(a.requirement.framework_version.framework.slug, a.requirement.ref)] = a
    rows = []
    for answer in answers:
        previous = latest.get(
            (answer.requirement.framework_version.framework.slug, answer.requirement.ref)
        )
        rows.append(
            ComparisonRow(
                answer,
                previous,
                workflow.cycle_change(previous.rating if previous else None, answer.rating),
            )
        )
    return rows


def comparison_counts(rows: list[ComparisonRow]) -> dict[str, int]:
    """How many answers improved, got worse, stayed the same, are new or not answered yet."""
    counts = {change: 0 for change in workflow.CYCLE_CHANGES}
    for row in rows:
        counts[row.change] = counts.get(row.change, 0) + 1
    return counts


@dataclass(frozen=True)
class LatestAnswer:
    requirement: Any
    answer: Answer | None
    given_under: str  # "" when given to this very requirement; else "bscp 4"
    extent: str  # mapping.FULL, mapping.PARTIAL or "" when given directly
    through: str = ""  # the `equal` chain between them, when the mapping is not direct


def framework_choices() -> list[FrameworkVersion]:
    return list(
        FrameworkVersion.objects.filter(is_current=True)
        .select_related("framework")
        .order_by("framework__slug")
    )


def latest_answers(*, provider: Organisation, version: FrameworkVersion) -> list[LatestAnswer]:
    """For each requirement of `version` the provider has answered under any framework: its
    latest submitted answer, given to that requirement or to one mapped to it. An answer that
    covers it fully (given directly, equal, or to a wider requirement) comes before one that
    only partly covers it; then the newest wins."""
    submitted = (
        Answer.objects.filter(assessment__provider=provider, assessment__status__in=SUBMITTED)
        .exclude(rating="")
        .select_related("requirement__framework_version__framework", "assessment__round")
        .order_by("assessment__submitted_at", "pk")
    )
    newest: dict[tuple[str, str], Answer] = {}
    for a in submitted:
        newest[(a.requirement.framework_version.framework.slug, a.requirement.ref)] = a
    slug = version.framework.slug
    graph = mapping.current_graph()
    out = []
    for req in version.requirements.order_by("order"):
        candidates: list[LatestAnswer] = []
        if direct := newest.get((slug, req.ref)):
            candidates.append(LatestAnswer(req, direct, "", ""))
        for cover in mapping.covered_by(framework=slug, ref=req.ref, graph=graph):
            if found := newest.get((cover.framework, cover.ref)):
                candidates.append(LatestAnswer(req, found, cover.key, cover.extent, cover.through))
        if not candidates:
            continue
        out.append(
            max(
                candidates,
                key=lambda c: (
                    c.extent != mapping.PARTIAL,
                    c.answer.assessment.submitted_at if c.answer else None,
                    c.answer.pk if c.answer else 0,
                ),
            )
        )
    return out
