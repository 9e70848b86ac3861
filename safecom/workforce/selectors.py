"""Reads of workforce records.

The set-based filters here say the same as the rules in safecom/rules/workforce.py (a test
holds them together): each gap is a Q on StaffMember, so a provider's figures are a handful of
queries whatever its size, and the staff list filters by the same definitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from safecom.accounts import roles
from safecom.accounts.tenancy import organisation_filter, scope_for, user_can
from safecom.audit.models import AuditEvent
from safecom.core.models import Job
from safecom.organisations.models import Organisation
from safecom.rules import workforce as rules
from safecom.standards.models import Requirement
from safecom.workforce import checks
from safecom.workforce.models import (
    NamedRole,
    NamedRoleChange,
    StaffMember,
    TrainingRecord,
)
from safecom.workforce.policy import WorkforcePolicy, workforce_policy

# The gaps counted person by person in a summary, each a Q from `gap_filters`.
COUNTED_GAPS = (
    "dbs_missing",
    "dbs_recheck_overdue",
    "dbs_recheck_due_60d",
    "barred_list_missing",
    "references_incomplete",
    "right_to_work_missing",
)
SUMMARY_KEYS = (
    "staff",
    "regulated_activity",
    *COUNTED_GAPS,
    "training_coverage",
    "dsl_training_overdue",
    "safer_recruitment_trained",
    "named_roles_vacant",
)
# Filters offered on the staff list: code -> label. Each is a Q from `gap_filters`.
GAP_LABELS = {
    "dbs_missing": "DBS missing",
    "dbs_recheck_overdue": "DBS recheck overdue",
    "dbs_recheck_due_60d": "DBS recheck due within 60 days",
    "barred_list_missing": "Barred list check missing",
    "references_incomplete": "References incomplete",
    "right_to_work_missing": "Right to work missing or expired",
    "identity_not_recorded": "Identity check not recorded",
    "record_incomplete": "Name, address or date of birth missing",
    "leaver_still_active": "Leaver still listed as active",
    "training_out_of_date": "Training out of date",
}


def today() -> dt.date:
    return timezone.localdate()


def _regulated() -> Q:
    return Q(regulated_children=True) | Q(regulated_adults=True)


def _training_current(kind: str, since: dt.date) -> Exists:
    return Exists(
        TrainingRecord.objects.filter(staff=OuterRef("pk"), kind=kind, completed_on__gte=since)
    )


def _holds_dsl_role() -> Exists:
    return Exists(NamedRole.objects.filter(holder=OuterRef("pk"), code__in=sorted(rules.DSL_ROLES)))


def annotate_training(qs: QuerySet[StaffMember], policy: WorkforcePolicy, day: dt.date) -> Any:
    """Annotate each person with whether each kind of training they may need is current,
    using the DSL interval for DSLs and deputies as dorset 3.5 says."""
    years = policy.training_refresh_years
    dsl_years = policy.dsl_training_refresh_years
    if years is None or dsl_years is None:
        return None
    since = rules.earliest_still_current(today=day, years=years)
    dsl_since = rules.earliest_still_current(today=day, years=dsl_years)
    return qs.annotate(
        holds_dsl=_holds_dsl_role(),
        sc_current=_training_current("safeguarding_children", since),
        sc_dsl_current=_training_current("safeguarding_children", dsl_since),
        sa_current=_training_current("safeguarding_adults", since),
        sa_dsl_current=_training_current("safeguarding_adults", dsl_since),
        mca_current=_training_current("mca", since),
        prevent_current=_training_current("prevent", since),
        dsl_current=_training_current("dsl", dsl_since),
        sr_current=_training_current("safer_recruitment", since),
    )


def _training_up_to_date() -> Q:
    """On a queryset from `annotate_training`: every kind this person needs is current."""
    children = (
        Q(regulated_children=False)
        | Q(holds_dsl=False, sc_current=True)
        | Q(holds_dsl=True, sc_dsl_current=True)
    )
    adults = Q(regulated_adults=False) | (
        (Q(holds_dsl=False, sa_current=True) | Q(holds_dsl=True, sa_dsl_current=True))
        & Q(mca_current=True, prevent_current=True)
    )
    dsl = Q(holds_dsl=False) | Q(dsl_current=True)
    recruiter = Q(recruits_staff=False) | Q(sr_current=True)
    return children & adults & dsl & recruiter


def gap_filters(policy: WorkforcePolicy, day: dt.date) -> dict[str, Q]:
    """code -> a Q on StaffMember selecting the people with that gap (training excepted: it
    needs `annotate_training`)."""
    regulated = _regulated()
    out: dict[str, Q] = {
        "dbs_missing": regulated & Q(dbs_number_last4=""),
        "barred_list_missing": (
            Q(regulated_children=True) & ~Q(dbs_level__in=sorted(rules.BARRED_CHILDREN))
        )
        | (Q(regulated_adults=True) & ~Q(dbs_level__in=sorted(rules.BARRED_ADULTS))),
        "right_to_work_missing": Q(worker_type__in=sorted(rules.RIGHT_TO_WORK_TYPES))
        & (
            Q(right_to_work_type="")
            | Q(right_to_work_checked_on__isnull=True)
            | Q(right_to_work_type="time_limited", right_to_work_expires__isnull=True)
            | Q(right_to_work_type="time_limited", right_to_work_expires__lt=day)
        ),
        "identity_not_recorded": Q(identity_documents="")
        | Q(identity_checked_by="")
        | Q(identity_checked_on__isnull=True),
        "record_incomplete": Q(first_name="")
        | Q(last_name="")
        | Q(address="")
        | Q(date_of_birth__isnull=True),
        "leaver_still_active": Q(is_active=True, leaving_date__lt=day),
    }
    years = policy.dbs_recheck_years
    if years:
        overdue_before = rules.earliest_still_current(today=day, years=years)
        soon_before = rules.earliest_still_current(
            today=day + dt.timedelta(days=rules.DUE_SOON_DAYS + 1), years=years
        )
        recorded = regulated & ~Q(dbs_number_last4="")
        out["dbs_recheck_overdue"] = recorded & Q(dbs_current_from__lt=overdue_before)
        out["dbs_recheck_due_60d"] = recorded & Q(
            dbs_current_from__gte=overdue_before, dbs_current_from__lt=soon_before
        )
    else:
        out["dbs_recheck_overdue"] = out["dbs_recheck_due_60d"] = Q(pk__in=[])
    required = policy.references_required
    out["references_incomplete"] = (
        Q(references_received__lt=required)
        & ~Q(references_received__gte=1, single_reference_risk_assessed=True)
        if required
        else Q(pk__in=[])
    )
    return out


def _current_staff(provider: Organisation) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(provider=provider, is_active=True)


def workforce_summary(
    *,
    provider: Organisation,
    commissioner: Organisation | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """The provider's workforce figures, the object `safecom workforce summary` prints.

    Counts are of people listed as active. With a commissioner, that commissioner's policy
    (recheck interval, parameters of its contracts' frameworks) applies.
    """
    day = day or today()
    policy = workforce_policy(provider=provider, commissioner=commissioner)
    filters = gap_filters(policy, day)
    staff = _current_staff(provider)
    counts = staff.aggregate(
        staff=Count("pk"),
        regulated_activity=Count("pk", filter=_regulated()),
        **{name: Count("pk", filter=filters[name]) for name in COUNTED_GAPS},
    )
    coverage: float | None = None
    trained_recruiters = 0
    dsl_overdue = 0
    annotated = annotate_training(staff, policy, day)
    if annotated is not None:
        training = annotated.aggregate(
            relevant=Count("pk", filter=_regulated()),
            up_to_date=Count("pk", filter=_regulated() & _training_up_to_date()),
            trained_recruiters=Count("pk", filter=Q(sr_current=True)),
        )
        coverage = rules.nel_c11_training_coverage(
            relevant=training["relevant"], up_to_date=training["up_to_date"]
        )
        trained_recruiters = training["trained_recruiters"]
        dsl_overdue = _dsl_training_overdue(provider, policy, day)
    holders = named_role_holders(provider=provider)
    required = rules.nel_c9_named_roles_required(is_health=_is_health(provider))
    return {
        **counts,
        "training_coverage": round(coverage, 4) if coverage is not None else None,
        "dsl_training_overdue": dsl_overdue,
        "safer_recruitment_trained": trained_recruiters,
        "named_roles_vacant": rules.nel_sc32_2_roles_vacant(required=required, holders=holders),
    }


def _dsl_training_overdue(provider: Organisation, policy: WorkforcePolicy, day: dt.date) -> int:
    assert policy.dsl_training_refresh_years is not None
    since = rules.earliest_still_current(today=day, years=policy.dsl_training_refresh_years)
    return (
        StaffMember.objects.filter(
            named_roles__provider=provider,
            named_roles__code__in=sorted(rules.DSL_ROLES),
            is_active=True,
        )
        .exclude(training__kind="dsl", training__completed_on__gte=since)
        .distinct()
        .count()
    )


def _is_health(provider: Organisation) -> bool:
    return provider.org_type == Organisation.OrgType.NHS_TRUST


def named_role_holders(*, provider: Organisation) -> dict[str, str | None]:
    """Role code -> the holder's name, or None when vacant, for every role the provider must
    fill and any other it has recorded. A holder who has left counts as vacant."""
    required = rules.nel_c9_named_roles_required(is_health=_is_health(provider))
    return _named_role_holders_of({provider.pk: required})[provider.pk]


def named_role_holders_of(*, providers: list[Organisation]) -> dict[int, dict[str, str | None]]:
    """provider id -> `named_role_holders(provider=...)`, for many providers in one query."""
    return _named_role_holders_of(
        {p.pk: rules.nel_c9_named_roles_required(is_health=_is_health(p)) for p in providers}
    )


def _named_role_holders_of(required: dict[int, Any]) -> dict[int, dict[str, str | None]]:
    out: dict[int, dict[str, str | None]] = {pk: dict.fromkeys(r) for pk, r in required.items()}
    # Plain values, not records: a portfolio has thousands of roles, and whole staff records
    # would decrypt every date of birth for nothing.
    for provider_id, code, holder_name, holder_id, first, last, active in NamedRole.objects.filter(
        provider_id__in=list(required)
    ).values_list(
        "provider_id",
        "code",
        "holder_name",
        "holder_id",
        "holder__first_name",
        "holder__last_name",
        "holder__is_active",
    ):
        held = out[provider_id]
        if holder_id is not None and not active:
            held[code] = None
        elif holder_id is not None:
            held[code] = f"{first} {last}".strip()
        else:
            held[code] = holder_name or None
    return out


def named_roles_of(*, provider: Organisation) -> list[dict[str, Any]]:
    """Every role the provider must fill or has recorded, with its holder, for the pages."""
    required = rules.nel_c9_named_roles_required(is_health=_is_health(provider))
    rows = {r.code: r for r in NamedRole.objects.filter(provider=provider).select_related("holder")}
    holders = named_role_holders(provider=provider)
    labels = dict(NamedRole._meta.get_field("code").choices or [])
    codes = list(required) + sorted(set(rows) - set(required))
    return [
        {
            "code": code,
            "label": labels.get(code, code),
            "holder": holders.get(code),
            "required": code in required,
            "record": rows.get(code),
        }
        for code in codes
    ]


def named_role_history(*, provider: Organisation, limit: int = 200) -> QuerySet[NamedRoleChange]:
    return NamedRoleChange.objects.filter(provider=provider).select_related("changed_by")[:limit]


# --- Tenancy -----------------------------------------------------------------------------


def provider_get(*, user: Any, slug: str) -> Organisation | None:
    """A provider this user may see (its own, or one its organisation contracts with)."""
    ids = Organisation.objects.filter(organisation_filter(user)).values("pk")
    return Organisation.objects.filter(pk__in=ids, kind=roles.PROVIDER, slug=slug).first()


def providers_visible(*, user: Any) -> QuerySet[Organisation]:
    ids = Organisation.objects.filter(organisation_filter(user)).values("pk")
    return Organisation.objects.filter(pk__in=ids, kind=roles.PROVIDER).order_by("name")


def is_own_provider(*, user: Any, provider: Organisation) -> bool:
    """True when the user is a member of the provider itself (not a commissioner of it)."""
    return provider.pk in scope_for(user).ids(roles.PROVIDER)


def can_see_records(*, user: Any, provider: Organisation) -> bool:
    """Individual records, without a stated reason: the provider's own HR and DSL."""
    return user_can(user, roles.WORKFORCE_VIEW_RECORDS, provider.pk)


def can_edit(*, user: Any, provider: Organisation) -> bool:
    return user_can(user, roles.WORKFORCE_EDIT, provider.pk)


def commissioner_orgs_for(*, user: Any, provider: Organisation) -> list[Organisation]:
    """The user's commissioning organisations that contract with the provider."""
    ids = scope_for(user).ids(roles.COMMISSIONER)
    return list(
        Organisation.objects.filter(
            pk__in=ids, commissioned_contracts__provider=provider
        ).distinct()
    )


def can_open_records(*, user: Any, provider: Organisation) -> bool:
    """A commissioner's staff who carry out assurance may open one record, stating why."""
    return any(
        user_can(user, roles.ASSURANCE_RECORD, org.pk)
        for org in commissioner_orgs_for(user=user, provider=provider)
    )


def staff_list(
    *,
    provider: Organisation,
    gap: str | None = None,
    search: str | None = None,
    worker_type: str | None = None,
    include_left: bool = False,
    day: dt.date | None = None,
) -> QuerySet[StaffMember]:
    """The provider's staff, optionally those with one gap. The caller has checked the user
    may see individual records."""
    day = day or today()
    qs = StaffMember.objects.filter(provider=provider).order_by("last_name", "first_name", "pk")
    if not include_left:
        qs = qs.filter(is_active=True)
    if worker_type:
        qs = qs.filter(worker_type=worker_type)
    if search:
        qs = qs.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(staff_reference__icontains=search)
            | Q(role__icontains=search)
        )
    if gap:
        policy = workforce_policy(provider=provider)
        if gap == "training_out_of_date":
            annotated = annotate_training(qs, policy, day)
            if annotated is not None:
                qs = annotated.exclude(_training_up_to_date())
        else:
            qs = qs.filter(gap_filters(policy, day).get(gap, Q(pk__in=[])))
    return qs


# What a list of staff does not show: left unread, so the encrypted values are not decrypted;
# their gaps only need to know whether the encrypted ones are recorded (checks.recorded).
LIST_UNREAD = ("date_of_birth", "dbs_number", "notes", "fingerprint", "training_fingerprint")


def staff_listing(**filters: Any) -> QuerySet[StaffMember]:
    """`staff_list` for a page of a list: the columns it shows and its gaps need."""
    return (
        staff_list(**filters)
        .defer(*LIST_UNREAD)
        .annotate(
            date_of_birth_recorded=ExpressionWrapper(
                Q(date_of_birth__isnull=False), output_field=BooleanField()
            ),
            dbs_number_recorded=ExpressionWrapper(~Q(dbs_number=""), output_field=BooleanField()),
        )
    )


def staff_get(*, provider: Organisation, pk: int) -> StaffMember | None:
    return StaffMember.objects.filter(provider=provider, pk=pk).first()


def staff_by_reference(*, provider: Organisation, reference: str) -> StaffMember | None:
    return StaffMember.objects.filter(provider=provider, staff_reference=reference).first()


def latest_training(staff_ids: Iterable[int]) -> dict[int, dict[str, TrainingRecord]]:
    """staff id -> kind -> the latest record of that kind, in one query."""
    out: dict[int, dict[str, TrainingRecord]] = {}
    for record in TrainingRecord.objects.filter(staff_id__in=list(staff_ids)).order_by(
        "staff_id", "kind", "completed_on"
    ):
        out.setdefault(record.staff_id, {})[record.kind] = record
    return out


def dsl_holder_ids(*, provider: Organisation) -> set[int]:
    return set(
        NamedRole.objects.filter(
            provider=provider, code__in=sorted(rules.DSL_ROLES), holder__isnull=False
        )
        .order_by()  # a set: without the model's order, which joins the organisation to sort
        .values_list("holder_id", flat=True)
    )


def staff_view(
    *, staff: StaffMember, commissioner: Organisation | None = None, day: dt.date | None = None
) -> dict[str, Any]:
    """Everything a person's page shows: gaps with reasons, DBS recheck date, training."""
    day = day or today()
    policy = workforce_policy(provider=staff.provider, commissioner=commissioner)
    latest = latest_training([staff.pk]).get(staff.pk, {})
    roles_held = list(NamedRole.objects.filter(holder=staff).order_by("code"))
    holds_dsl = any(r.code in rules.DSL_ROLES for r in roles_held)
    return {
        "policy": policy,
        "gaps": checks.staff_gaps(
            staff, policy=policy, today=day, latest=latest, holds_dsl=holds_dsl
        ),
        "recheck_due": checks.dbs_recheck_due(staff, policy),
        "training": checks.training_status(
            staff, policy=policy, today=day, latest=latest, holds_dsl=holds_dsl
        ),
        "history": TrainingRecord.objects.filter(staff=staff).order_by("-completed_on")[:50],
        "roles_held": roles_held,
    }


def staff_list_changes(*, provider: Organisation, since: dt.datetime) -> frozenset[int]:
    """The audited changes after `since` that may change what a provider's staff list shows:
    those of the provider (its staff, training, named roles), of the commissioners it works
    for and their partnerships (a DBS recheck interval, a contract and its framework), and
    those of no organisation (a framework loaded). A kept staff list page (core.kept_pages)
    is served again only while these are the same."""
    from safecom.audit.selectors import record_changes_after
    from safecom.contracts.models import Contract

    commissioners = Contract.objects.filter(provider=provider).values("commissioner_id")
    partnerships = Organisation.partnerships.through.objects.filter(
        from_organisation_id__in=commissioners
    ).values("to_organisation_id")
    events = record_changes_after(since).filter(
        Q(organisation__isnull=True)
        | Q(organisation=provider)
        | Q(organisation_id__in=commissioners)
        | Q(organisation_id__in=partnerships)
    )
    return frozenset(events.values_list("pk", flat=True))


def staff_page_gaps(
    *, provider: Organisation, staff: list[StaffMember], day: dt.date | None = None
) -> dict[int, list[Any]]:
    """staff id -> gaps, for one page of a list or an export (two queries for the page)."""
    day = day or today()
    policy = workforce_policy(provider=provider)
    latest = latest_training(s.pk for s in staff)
    dsl = dsl_holder_ids(provider=provider)
    return {
        s.pk: checks.staff_gaps(
            s, policy=policy, today=day, latest=latest.get(s.pk, {}), holds_dsl=s.pk in dsl
        )
        for s in staff
    }


def training_matrix(
    *, provider: Organisation, staff: list[StaffMember], day: dt.date | None = None
) -> list[tuple[StaffMember, dict[str, dict[str, Any]]]]:
    day = day or today()
    policy = workforce_policy(provider=provider)
    latest = latest_training(s.pk for s in staff)
    dsl = dsl_holder_ids(provider=provider)
    return [
        (
            s,
            checks.training_status(
                s, policy=policy, today=day, latest=latest.get(s.pk, {}), holds_dsl=s.pk in dsl
            ),
        )
        for s in staff
    ]


def record_access_log(*, staff: StaffMember, limit: int = 20) -> Any:
    """Who opened or revealed this record, and why (shown to the provider's record keepers)."""
    return AuditEvent.objects.filter(
        object_type="workforce.staffmember",
        object_id=str(staff.pk),
        action__in=["workforce.revealed", "workforce.record_opened"],
    )[:limit]


def import_job_get(*, provider: Organisation, pk: int) -> Any:
    return Job.objects.filter(pk=pk, organisation=provider, kind="workforce.import").first()


def framework_recheck_years() -> list[tuple[str, int]]:
    """("dorset 2.3", 3) for each current requirement that sets dbs_recheck_years."""
    rows = Requirement.objects.filter(
        framework_version__is_current=True, parameters__has_key="dbs_recheck_years"
    ).values_list("framework_version__framework__slug", "ref", "parameters")
    return [(f"{slug} {ref}", params["dbs_recheck_years"]) for slug, ref, params in rows]
