"""Reads for dashboards and reports, always through the user's tenancy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from safecom.accounts import roles
from safecom.accounts.tenancy import contract_filter, organisation_filter, scope_for
from safecom.contracts.models import Contract
from safecom.organisations.models import Organisation
from safecom.reporting.areas import Row
from safecom.reporting.integrations import portfolio_rows
from safecom.reporting.models import Report, Snapshot


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
    qs = Contract.objects.select_related("commissioner", "provider")
    if organisation.kind == roles.PARTNERSHIP:
        qs = qs.filter(commissioner__partnerships=organisation)
    else:
        qs = qs.filter(commissioner=organisation)
    if not include_ended:
        qs = qs.exclude(stage="ended")
    return qs.distinct().order_by("title", "pk")


def portfolio(
    *,
    user: Any,
    organisation: Organisation,
    today: dt.date,
    area: str = "",
    rag: str = "",
    stage: str = "",
    search: str = "",
) -> list[Row]:
    """The dashboard rows a user may see for one of their organisations, worst first."""
    contracts = portfolio_contracts(organisation).filter(contract_filter(user))
    if stage:
        contracts = contracts.filter(stage=stage)
    if search:
        contracts = contracts.filter(title__icontains=search)
    rows = portfolio_rows(list(contracts), today=today)
    if area and rag:
        rows = [r for r in rows if area in r.cells and r.cells[area].rag == rag]
    order = {"red": 0, "amber": 1, "grey": 2, "green": 3}
    return sorted(rows, key=lambda r: (order[r.worst], -r.reds, r.title))


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
