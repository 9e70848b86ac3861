"""Reads of self-assessments, always through the user's tenancy.

Who sees a provider's return: the provider's own users; the organisation that opened the
round; a partnership, for rounds its area's commissioners opened; a commissioner, for its
partnership's rounds where it contracts with the provider. The functions ending `_of_provider`
take no user: they serve other capabilities (the gate, reports) that have already checked
the provider is theirs to see, and the operator's command line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from safecom.accounts import roles
from safecom.accounts.tenancy import organisation_filter, scope_for
from safecom.assessments import workflow
from safecom.assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    ChildSafeguardingStatement,
    EvidenceFile,
    Round,
)
from safecom.organisations.models import Organisation
from safecom.rules import assessments as rules

SUBMITTED = (Assessment.Status.SUBMITTED, Assessment.Status.MODERATED)


def today() -> dt.date:
    return timezone.localdate()


# --- Tenancy -------------------------------------------------------------------------------


def round_filter(user: Any, prefix: str = "") -> Q:
    """Rounds this user's organisations opened, and, for a partnership, its area's rounds."""
    scope = scope_for(user)
    q = Q(pk__in=[])
    owners = scope.ids(roles.COMMISSIONER) | scope.ids(roles.PARTNERSHIP)
    if owners:
        q |= Q(**{f"{prefix}owner_id__in": owners})
    if ids := scope.ids(roles.PARTNERSHIP):
        q |= Q(**{f"{prefix}owner__partnerships__in": ids})
    return q


def assessment_filter(user: Any, prefix: str = "") -> Q:
    """A filter on assessments (or anything reached through `prefix`) for this user."""
    scope = scope_for(user)
    q = round_filter(user, prefix=f"{prefix}round__")
    if ids := scope.ids(roles.PROVIDER):
        q |= Q(**{f"{prefix}provider_id__in": ids})
    if ids := scope.ids(roles.COMMISSIONER):
        # A partnership's round, seen by its commissioners for the providers they contract with.
        areas = Organisation.objects.filter(area_members__in=ids).values("pk")
        q |= Q(
            **{
                f"{prefix}round__owner__in": areas,
                f"{prefix}provider__provider_contracts__commissioner_id__in": ids,
            }
        )
    return q


def round_list(*, user: Any) -> QuerySet[Round]:
    ids = Round.objects.filter(round_filter(user)).values("pk")
    return (
        Round.objects.filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related("frameworks__framework")
    )


def round_get(*, user: Any, pk: int) -> Round | None:
    return round_list(user=user).filter(pk=pk).first()


def assessment_list(
    *, user: Any, provider_slug: str | None = None, status: str | None = None
) -> QuerySet[Assessment]:
    ids = Assessment.objects.filter(assessment_filter(user)).values("pk")
    qs = (
        Assessment.objects.filter(pk__in=ids)
        .select_related("round", "round__owner", "provider")
        .prefetch_related("round__frameworks__framework")
        .order_by("round__due_date", "provider__name", "pk")
    )
    if provider_slug:
        qs = qs.filter(provider__slug=provider_slug)
    if status:
        qs = qs.filter(status=status)
    return qs


def assessment_get(*, user: Any, pk: int) -> Assessment | None:
    return assessment_list(user=user).filter(pk=pk).first()


def answer_get(*, user: Any, pk: int) -> Answer | None:
    ids = Answer.objects.filter(assessment_filter(user, prefix="assessment__")).values("pk")
    return (
        Answer.objects.filter(pk__in=ids, pk=pk)
        .select_related(
            "assessment",
            "assessment__round",
            "assessment__round__owner",
            "assessment__provider",
            "requirement",
            "requirement__framework_version__framework",
            "source__requirement__framework_version__framework",
            "carried_from__assessment__round",
        )
        .first()
    )


def answers_of(assessment: Assessment) -> QuerySet[Answer]:
    return (
        assessment.answers.select_related(
            "requirement__framework_version__framework",
            "source__requirement__framework_version__framework",
            "updated_by",
        )
        .prefetch_related("evidence")
        .order_by("requirement__framework_version__framework__slug", "requirement__order")
    )


def action_list(
    *, user: Any, provider_slug: str | None = None, open_only: bool = False
) -> QuerySet[ActionItem]:
    ids = ActionItem.objects.filter(assessment_filter(user, prefix="answer__assessment__"))
    qs = ActionItem.objects.filter(pk__in=ids.values("pk")).select_related(
        "provider", "answer__assessment"
    )
    if provider_slug:
        qs = qs.filter(provider__slug=provider_slug)
    if open_only:
        qs = qs.exclude(status=ActionItem.Status.DONE)
    return qs.order_by("due_date", "pk")


def actions_for_assessment(*, user: Any, assessment: Assessment) -> QuerySet[ActionItem]:
    """The action plan of a return: its own actions, and actions still open from earlier
    cycles for the same requirements (they follow the requirement, so they still count)."""
    keys = set(
        assessment.answers.values_list(
            "requirement__framework_version__framework__slug", "requirement__ref"
        )
    )
    carried = Q(pk__in=[])
    for framework, ref in keys:
        carried |= Q(framework_slug=framework, ref=ref)
    return action_list(user=user).filter(
        Q(answer__assessment=assessment)
        | (Q(provider_id=assessment.provider_id) & ~Q(status=ActionItem.Status.DONE) & carried)
    )


def action_get(*, user: Any, pk: int) -> ActionItem | None:
    return action_list(user=user).filter(pk=pk).first()


def evidence_get(*, user: Any, pk: int) -> EvidenceFile | None:
    """A file this user may download: its provider's own users, or anyone who can see a return
    with an answer that gives it (or a statement of that provider they can see)."""
    scope = scope_for(user)
    visible = Q(answers__in=Answer.objects.filter(assessment_filter(user, prefix="assessment__")))
    if own := scope.ids(roles.PROVIDER):
        visible |= Q(provider_id__in=own)
    # A Child Safeguarding Statement's file, for anyone who may see its provider.
    providers = Organisation.objects.filter(organisation_filter(user)).values("pk")
    visible |= Q(
        pk__in=ChildSafeguardingStatement.objects.filter(provider__in=providers).values(
            "evidence_id"
        )
    )
    ids = EvidenceFile.objects.filter(visible).values("pk")
    return EvidenceFile.objects.filter(pk__in=ids, pk=pk).first()


def provider_get(*, user: Any, slug: str) -> Organisation | None:
    ids = Organisation.objects.filter(organisation_filter(user)).values("pk")
    return Organisation.objects.filter(pk__in=ids, slug=slug, kind=roles.PROVIDER).first()


# --- Facts about one provider (no user: the caller has checked it may see the provider) --------


def statement_of_provider(*, provider: Organisation) -> ChildSafeguardingStatement | None:
    return (
        ChildSafeguardingStatement.objects.filter(provider=provider)
        .select_related("evidence", "recorded_by")
        .first()
    )


def statements_of_provider(*, provider: Organisation) -> QuerySet[ChildSafeguardingStatement]:
    """Every statement the provider has recorded, the one in force first."""
    return ChildSafeguardingStatement.objects.filter(provider=provider).select_related(
        "evidence", "recorded_by"
    )


def has_action(answer: Answer) -> bool:
    """An action-plan item covers the answer: one made for it (or the answer it mirrors), or an
    action still open for the same requirement, from an earlier cycle."""
    origin = [answer.pk] + ([answer.source_id] if answer.source_id else [])
    framework = answer.requirement.framework_version.framework.slug
    return ActionItem.objects.filter(
        Q(answer_id__in=origin)
        | Q(
            provider_id=answer.assessment.provider_id,
            framework_slug=framework,
            ref=answer.requirement.ref,
        )
        & ~Q(status=ActionItem.Status.DONE)
    ).exists()


def frameworks_of(assessment: Assessment) -> list[Any]:
    return sorted(assessment.round.frameworks.all(), key=lambda v: v.framework.slug)


def self_audit_interval(version: Any) -> int | None:
    """The framework's own interval for self-assessment, from its requirements' parameters."""
    values = [
        int(p["self_audit_interval_months"])
        for p in version.requirements.values_list("parameters", flat=True)
        if p and p.get("self_audit_interval_months")
    ]
    return min(values) if values else None


def latest_submitted_of_provider(
    *, provider: Organisation, framework_slug: str
) -> tuple[Assessment, Any] | None:
    """The provider's most recently submitted return under a framework, and that version."""
    found = (
        Assessment.objects.filter(
            provider=provider,
            status__in=SUBMITTED,
            round__frameworks__framework__slug=framework_slug,
        )
        .select_related("round")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if found is None:
        return None
    version = found.round.frameworks.get(framework__slug=framework_slug)
    return found, version


def framework_submission(
    *, provider: Organisation, framework_slug: str, label: str, on: dt.date | None = None
) -> rules.FrameworkSubmission:
    day = on or today()
    found = latest_submitted_of_provider(provider=provider, framework_slug=framework_slug)
    if found is None or found[0].submitted_at is None:
        return rules.FrameworkSubmission(label, None, None, False)
    assessment, version = found
    submitted_on = timezone.localdate(assessment.submitted_at)
    months = self_audit_interval(version)
    due = rules.chscp_1_self_assessment_next_due(
        submitted_on=submitted_on,
        interval=assessment.round.interval,
        self_audit_interval_months=months,
    )
    in_date = rules.chscp_1_self_assessment_in_date(
        submitted_on=submitted_on,
        today=day,
        interval=assessment.round.interval,
        self_audit_interval_months=months,
    )
    return rules.FrameworkSubmission(label, submitted_on, due, in_date)


def _overdue_q(day: dt.date) -> Q:
    return Q(due_date__lt=day) & ~Q(status=ActionItem.Status.DONE)


def provider_status(*, provider: Organisation, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Per framework the provider has been asked about: its latest cycle, due date, status,
    counts by rating, open and overdue actions and suggested challenges."""
    from safecom.assessments.declared import suggestions_for_answers

    day = on or today()
    latest: dict[str, Assessment] = {}
    cycles: Counter[str] = Counter()
    for assessment in (
        Assessment.objects.filter(provider=provider)
        .select_related("round")
        .prefetch_related("round__frameworks__framework")
        .order_by("created_at", "pk")
    ):
        for version in assessment.round.frameworks.all():
            cycles[version.framework.slug] += 1
            latest[version.framework.slug] = assessment
    actions = ActionItem.objects.filter(provider=provider).exclude(status=ActionItem.Status.DONE)
    out = []
    for slug in sorted(latest):
        assessment = latest[slug]
        answers = list(
            assessment.answers.filter(
                requirement__framework_version__framework__slug=slug
            ).select_related("requirement__framework_version__framework", "assessment")
        )
        ratings = Counter(a.rating for a in answers if a.rating)
        version = next(v for v in assessment.round.frameworks.all() if v.framework.slug == slug)
        submission = framework_submission(
            provider=provider, framework_slug=slug, label=version.framework.short_name, on=day
        )
        suggested = suggestions_for_answers(provider=provider, answers=answers, on=day)
        out.append(
            {
                "framework": slug,
                "version": version.version,
                "cycle": cycles[slug],
                "round": assessment.round_id,
                "round_title": assessment.round.title,
                "assessment": assessment.pk,
                "due_date": assessment.round.due_date.isoformat(),
                "status": assessment.status,
                "submitted_in_date": submission.in_date,
                "next_due": submission.due_by.isoformat() if submission.due_by else None,
                "questions": len(answers),
                "ratings": {r: ratings.get(r, 0) for r in rules.RATINGS},
                "unanswered": sum(1 for a in answers if not a.rating),
                "open_actions": actions.filter(framework_slug=slug).count(),
                "overdue_actions": actions.filter(_overdue_q(day), framework_slug=slug).count(),
                "suggested_challenges": sum(len(v) for v in suggested.values()),
            }
        )
    return out


def provider_assessment_state(*, provider: Organisation) -> dict[str, Any]:
    """A provider's self-assessment state in one dict, for other capabilities:
    {"submitted_in_date", "due_date", "ratings", "open_actions", "overdue_actions",
    "suggested_challenges"}. `due_date` is the earliest date something is next due: an
    unsubmitted return's due date, or the date a submitted one goes out of date."""
    day = today()
    per_framework = provider_status(provider=provider, on=day)
    ratings = {r: 0 for r in rules.RATINGS}
    dues: list[dt.date] = []
    for row in per_framework:
        if row["status"] == Assessment.Status.DRAFT:
            dues.append(dt.date.fromisoformat(row["due_date"]))
        if row["next_due"]:
            dues.append(dt.date.fromisoformat(row["next_due"]))
        for r in rules.RATINGS:
            ratings[r] += row["ratings"][r]
    actions = ActionItem.objects.filter(provider=provider).exclude(status=ActionItem.Status.DONE)
    return {
        "submitted_in_date": bool(per_framework)
        and all(row["submitted_in_date"] for row in per_framework),
        "due_date": min(dues) if dues else None,
        "ratings": ratings,
        "open_actions": actions.count(),
        "overdue_actions": actions.filter(_overdue_q(day)).count(),
        "suggested_challenges": sum(row["suggested_challenges"] for row in per_framework),
    }


def overdue_actions_of_provider(*, provider_id: int, on: dt.date | None = None) -> int:
    return ActionItem.objects.filter(_overdue_q(on or today()), provider_id=provider_id).count()


def is_overdue(action: ActionItem, on: dt.date | None = None) -> bool:
    return rules.dorset_4_action_overdue(
        due_date=action.due_date, status=action.status, today=on or today()
    )


def moderation_counts(answers: list[Answer]) -> dict[str, int]:
    counts = Counter(a.moderation for a in answers)
    return {state: counts.get(state, 0) for state in workflow.MODERATION_LABELS if state}
