"""Workforce figures for a whole portfolio at once, for the dashboard and the reminder sweep.

The same answers as `selectors.workforce_summary` and `named_role_holders` (a test holds them
together), read set-based: providers under the same policy are counted together, grouped by
provider in SQL, and what was counted is kept for the day (`WorkforceFigures`) until a write
to the provider's staff, training or named roles forgets it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet

from safecom.organisations.models import Organisation
from safecom.rules import workforce as rules
from safecom.workforce.models import StaffMember, WorkforceFigures
from safecom.workforce.policy import WorkforcePolicy, workforce_policies
from safecom.workforce.selectors import (
    COUNTED_GAPS,
    _is_health,
    _named_role_holders_of,
    _regulated,
    _training_up_to_date,
    annotate_training,
    gap_filters,
    today,
)
from safecom.workforce.services.figures import workforce_figures_store


def policy_key(policy: WorkforcePolicy) -> list[Any]:
    return [v for k, v in policy.as_dict().items() if k != "sources"]


@dataclass(frozen=True)
class WorkforcePortfolio:
    summaries: dict[int, dict[str, Any]]  # provider id -> `workforce_summary`
    holders: dict[int, dict[str, str | None]]  # provider id -> `named_role_holders`


def workforce_summaries(
    *,
    providers: list[Organisation],
    day: dt.date | None = None,
    policies: dict[int, WorkforcePolicy] | None = None,
) -> dict[int, dict[str, Any]]:
    """provider id -> `workforce_summary(provider=...)`, for a whole portfolio at once."""
    return workforce_portfolio(providers=providers, day=day, policies=policies).summaries


def workforce_portfolio(
    *,
    providers: list[Organisation],
    day: dt.date | None = None,
    policies: dict[int, WorkforcePolicy] | None = None,
) -> WorkforcePortfolio:
    """The workforce figures and named role holders of many providers at once.

    Figures counted earlier the same day under the same policy, and not since forgotten by
    a write, are reused (`WorkforceFigures`); the rest are counted together.
    """
    day = day or today()
    if not providers:
        return WorkforcePortfolio({}, {})
    if policies is None:
        policies = workforce_policies(providers=providers)
    summaries: dict[int, dict[str, Any]] = {}
    holders: dict[int, dict[str, str | None]] = {}
    for kept in WorkforceFigures.objects.filter(provider__in=[p.pk for p in providers], day=day):
        if kept.policy == policy_key(policies[kept.provider_id]):
            summaries[kept.provider_id] = kept.figures
            holders[kept.provider_id] = kept.holders
    missing = [p for p in providers if p.pk not in summaries]
    if missing:
        counted, counted_holders = _summaries_counted(missing, policies, day)
        workforce_figures_store(
            day=day,
            entries={
                pk: (policy_key(policies[pk]), f, counted_holders[pk]) for pk, f in counted.items()
            },
        )
        summaries.update(counted)
        holders.update(counted_holders)
    return WorkforcePortfolio(summaries, holders)


def _summaries_counted(
    providers: list[Organisation], policies: dict[int, WorkforcePolicy], day: dt.date
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, str | None]]]:
    """Providers under the same policy are counted together, grouped by provider in SQL, so
    the number of queries depends on how many distinct policies apply (one per mix of
    frameworks), never on how many providers there are."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for p in providers:
        groups.setdefault(tuple(policy_key(policies[p.pk])), []).append(p.pk)
    out: dict[int, dict[str, Any]] = {
        p.pk: {"staff": 0, "regulated_activity": 0, **dict.fromkeys(COUNTED_GAPS, 0)}
        for p in providers
    }
    for ids in groups.values():
        policy = policies[ids[0]]
        filters = gap_filters(policy, day)
        staff = StaffMember.objects.filter(provider_id__in=ids, is_active=True)
        for row in staff.values("provider_id").annotate(
            staff=Count("pk"),
            regulated_activity=Count("pk", filter=_regulated()),
            **{name: Count("pk", filter=filters[name]) for name in COUNTED_GAPS},
        ):
            counted: dict[str, Any] = dict(row)
            out[int(counted.pop("provider_id"))].update(counted)
        _training_figures(out, ids, policy, day)
    required = {p.pk: rules.nel_c9_named_roles_required(is_health=_is_health(p)) for p in providers}
    holders = _named_role_holders_of(required)
    for pk, figures in out.items():
        figures["named_roles_vacant"] = rules.nel_sc32_2_roles_vacant(
            required=required[pk], holders=holders[pk]
        )
    return out, holders


TRAINING_COLUMNS = ("is_relevant", "is_up_to_date", "sr_current")


def _count_per_provider(
    per_person: QuerySet[Any], columns: tuple[str, ...]
) -> list[tuple[int, ...]]:
    """provider id and, per boolean column of `per_person`, how many people have it true.

    Counted over the per-person query as a subquery: grouping it directly would repeat each
    person's training subqueries once per count, which at portfolio scale costs seconds.
    """
    sql, params = per_person.query.sql_with_params()
    sums = ", ".join(f"SUM(CASE WHEN per_person.{c} THEN 1 ELSE 0 END)" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only our own column names and the ORM's own SQL are formatted in; values are params.
            f"SELECT per_person.provider_id, {sums} FROM ({sql}) per_person"  # noqa: S608
            " GROUP BY per_person.provider_id",
            params,
        )
        return [tuple(int(v or 0) for v in row) for row in cursor.fetchall()]


def _training_figures(
    out: dict[int, dict[str, Any]], ids: list[int], policy: WorkforcePolicy, day: dt.date
) -> None:
    staff = StaffMember.objects.filter(provider_id__in=ids, is_active=True)
    annotated = annotate_training(staff, policy, day)
    for pk in ids:
        out[pk].update(training_coverage=None, dsl_training_overdue=0, safer_recruitment_trained=0)
    if annotated is None:
        return
    for provider_id, relevant, up_to_date, trained_recruiters in _count_per_provider(
        annotated.annotate(
            is_relevant=ExpressionWrapper(_regulated(), output_field=BooleanField()),
            is_up_to_date=ExpressionWrapper(
                _regulated() & _training_up_to_date(), output_field=BooleanField()
            ),
        )
        .order_by()
        .values_list("provider_id", *TRAINING_COLUMNS),
        TRAINING_COLUMNS,
    ):
        coverage = rules.nel_c11_training_coverage(relevant=relevant, up_to_date=up_to_date)
        out[provider_id].update(
            training_coverage=round(coverage, 4) if coverage is not None else None,
            safer_recruitment_trained=trained_recruiters,
        )
    assert policy.dsl_training_refresh_years is not None
    since = rules.earliest_still_current(today=day, years=policy.dsl_training_refresh_years)
    for row in (
        StaffMember.objects.filter(
            named_roles__provider__in=ids,
            named_roles__code__in=sorted(rules.DSL_ROLES),
            is_active=True,
        )
        .exclude(training__kind="dsl", training__completed_on__gte=since)
        .values("named_roles__provider")
        .annotate(n=Count("pk", distinct=True))
    ):
        out[row["named_roles__provider"]]["dsl_training_overdue"] = row["n"]
