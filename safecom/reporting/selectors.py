"""Reads for dashboards and reports, always through the user's tenancy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Sum, Value

from safecom.accounts import roles
from safecom.accounts.tenancy import (
    contract_filter,
    organisation_filter,
    partnership_members,
    scope_for,
)
from safecom.audit.selectors import record_changes_after
from safecom.contracts.models import Contract, GateOverride
from safecom.organisations.models import Organisation
from safecom.reporting.areas import AREAS, RAGS, Cell, Row
from safecom.reporting.models import ContractStatus, Report, Snapshot


def dashboard_organisations(*, user: Any) -> list[Organisation]:
    """The commissioners and partnerships whose portfolio this user may look at."""
    ids = {
        org
        for org, kind, _ in scope_for(user).memberships
        if kind in (roles.COMMISSIONER, roles.PARTNERSHIP)
    }
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def provider_organisations(*, user: Any) -> list[Organisation]:
    ids = {org for org, kind, _ in scope_for(user).memberships if kind == roles.PROVIDER}
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def portfolio_contracts(
    organisation: Organisation, *, include_ended: bool = False
) -> QuerySet[Contract]:
    # Whether a gate was overridden comes with the contract: one query fewer per view.
    qs = Contract.objects.select_related("commissioner", "provider").annotate(
        gate_overridden=Exists(GateOverride.objects.filter(contract=OuterRef("pk")))
    )
    if organisation.kind == roles.PARTNERSHIP:
        qs = qs.filter(commissioner_id__in=partnership_members([organisation.pk]))
    else:
        qs = qs.filter(commissioner=organisation)
    if not include_ended:
        qs = qs.exclude(stage="ended")
    return qs.order_by("title", "pk")


def contracts_visible(
    *, user: Any, organisation: Organisation, stage: str = "", search: str = ""
) -> QuerySet[Contract]:
    """The contracts of this portfolio the user may see, narrowed by stage and title."""
    contracts = portfolio_contracts(organisation, include_ended=stage == "ended").filter(
        contract_filter(user)
    )
    if stage:
        contracts = contracts.filter(stage=stage)
    if search:
        contracts = contracts.filter(title__icontains=search)
    return contracts


@dataclass(frozen=True)
class PortfolioView:
    statuses: QuerySet[ContractStatus]  # the rows, worst first, for a paginator
    totals: dict[str, dict[str, int]]  # area -> rag -> contracts
    row_count: int
    worked_out_at: dt.datetime | None  # when the oldest of these rows was worked out
    worked_out_now: int  # rows worked out again for this view


def portfolio_statuses(
    *,
    user: Any,
    organisation: Organisation,
    area: str = "",
    rag: str = "",
    stage: str = "",
    search: str = "",
) -> QuerySet[ContractStatus]:
    """The kept rows (ContractStatus) of the contracts this user may see in one of their
    organisations' portfolios, worst first."""
    contracts = contracts_visible(user=user, organisation=organisation, stage=stage, search=search)
    statuses = ContractStatus.objects.filter(contract__in=contracts.values("pk"))
    if area and rag:
        statuses = statuses.filter(**{area: rag})
    return statuses.select_related("contract__provider", "contract__commissioner").order_by(
        "worst", "-reds", "contract__title", "contract_id"
    )


def status_totals(statuses: QuerySet[ContractStatus]) -> tuple[dict[str, dict[str, int]], Any]:
    """Contracts by area and RAG, and the oldest row's time, in one query: the rows grouped
    by their eight RAGs (a few hundred combinations at most), added up here."""
    areas = [area for area, _ in AREAS]
    out = {area: dict.fromkeys(RAGS, 0) for area in areas}
    oldest = None
    groups = statuses.order_by().values(*areas).annotate(n=Count("pk"), at=Min("worked_out_at"))
    for group in groups:
        for area in areas:
            if group[area] in out[area]:
                out[area][group[area]] += group["n"]
        oldest = group["at"] if oldest is None else min(oldest, group["at"])
    return out, oldest


def status_row(status: ContractStatus) -> Row:
    return Row.of(
        status.contract,
        {key: Cell(*value) for key, value in status.cells.items()},
        version=status.worked_out_at.isoformat(),
    )


def portfolio_view(
    *,
    user: Any,
    organisation: Organisation,
    worked_out_now: int = 0,
    area: str = "",
    rag: str = "",
    stage: str = "",
    search: str = "",
) -> PortfolioView:
    """The dashboard page's rows, read from the kept rows (brought up to date first by
    services.contract_statuses_bring_up_to_date), with their totals."""
    statuses = portfolio_statuses(
        user=user, organisation=organisation, area=area, rag=rag, stage=stage, search=search
    )
    found, oldest = status_totals(statuses)
    row_count = sum(found[AREAS[0][0]].values())
    return PortfolioView(statuses, found, row_count, oldest, worked_out_now)


def red_cells(
    statuses: QuerySet[ContractStatus], *, limit: int = 50
) -> list[tuple[Row, str, Cell]]:
    """The red cells of these rows, worst rows first: the page's "needing attention now"."""
    out = []
    for status in statuses.filter(reds__gt=0)[:limit]:
        row = status_row(status)
        out += [(row, label, cell) for _, label, cell in row.ordered_cells() if cell.rag == "red"]
    return out[:limit]


def _by_time(qs: QuerySet[Any], kind: str, at: str) -> QuerySet[Any]:
    """(kind, time, how many, sum of their ids) per distinct `at`: the rows one refresh worked
    out share its start, so a refresh of a whole portfolio is one group, not thousands of
    rows, and any row changed, added or removed changes its group."""
    return (
        qs.annotate(kind=Value(kind))
        .values_list("kind", at)
        .annotate(n=Count("pk"), ids=Sum("pk"))
        .order_by()
    )


def portfolio_changes(
    *, user: Any, organisation: Organisation, since: dt.datetime
) -> frozenset[tuple[Any, ...]]:
    """What changed after `since` in this portfolio as the user sees it, ended contracts
    included: the kept rows worked out since and the contracts changed since, by time. A kept
    dashboard page (core.kept_pages) is served again only while this is unchanged; rows and
    contracts moving in or out of its filters are in it too, as the whole portfolio is read."""
    if organisation.kind == roles.PARTNERSHIP:
        contracts = Contract.objects.filter(
            commissioner_id__in=partnership_members([organisation.pk])
        )
    else:
        contracts = Contract.objects.filter(commissioner=organisation)
    contracts = contracts.filter(contract_filter(user)).order_by()
    rows = ContractStatus.objects.filter(
        worked_out_at__gt=since, contract__in=contracts.values("pk")
    )
    changed = contracts.filter(updated_at__gt=since)
    return frozenset(
        _by_time(rows, "rows", "worked_out_at").union(
            _by_time(changed, "contracts", "updated_at"), all=True
        )
    )


def changes_anywhere(*, since: dt.datetime) -> frozenset[tuple[Any, ...]]:
    """Every change after `since` that could change any dashboard, in one read: audited
    changes to records, rows worked out, contracts changed, anywhere, grouped by time. While
    this reads the same, no kept row is out of date (but by age) and none was worked out
    again: a kept dashboard page is served with no other check (its quick step)."""
    return frozenset(
        _by_time(record_changes_after(since), "events", "at").union(
            _by_time(
                ContractStatus.objects.filter(worked_out_at__gt=since), "rows", "worked_out_at"
            ),
            _by_time(Contract.objects.filter(updated_at__gt=since), "contracts", "updated_at"),
            all=True,
        )
    )


def portfolio_oldest(
    *, user: Any, organisation: Organisation, stage: str = "", search: str = ""
) -> dt.datetime | None:
    """When the oldest kept row of these contracts was worked out."""
    contracts = contracts_visible(user=user, organisation=organisation, stage=stage, search=search)
    found = ContractStatus.objects.filter(contract__in=contracts.values("pk")).aggregate(
        oldest=Min("worked_out_at")
    )
    return found["oldest"]  # type: ignore[no-any-return]


def trend(*, organisation: Organisation, days: int, today: dt.date) -> QuerySet[Snapshot]:
    return Snapshot.objects.filter(
        organisation=organisation, day__gte=today - dt.timedelta(days=days)
    ).order_by("day")


def reports_of(*, organisation: Organisation) -> QuerySet[Report]:
    return Report.objects.filter(organisation=organisation).select_related("created_by")


def report_get(*, user: Any, pk: int) -> Report | None:
    """A report of one of the user's own organisations, or (for a partnership) of a
    commissioner in its area."""
    own = dashboard_organisations(user=user)
    if not own:
        return None
    visible = Organisation.objects.filter(organisation_filter(user)).values("pk")
    return Report.objects.filter(pk=pk, organisation_id__in=visible).first()
