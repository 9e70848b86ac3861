"""Reads for dashboards and reports, always through the user's tenancy."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from safecom.accounts import roles
from safecom.accounts.tenancy import contract_filter, organisation_filter, scope_for
from safecom.contracts.models import Contract, GateOverride
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
    # Whether a gate was overridden comes with the contract: one query fewer per view.
    qs = Contract.objects.select_related("commissioner", "provider").annotate(
        gate_overridden=Exists(GateOverride.objects.filter(contract=OuterRef("pk")))
    )
    if organisation.kind == roles.PARTNERSHIP:
        qs = qs.filter(commissioner__partnerships=organisation)
    else:
        qs = qs.filter(commissioner=organisation)
    if not include_ended:
        qs = qs.exclude(stage="ended")
    return qs.distinct().order_by("title", "pk")


def _contracts_for(
    *, user: Any, organisation: Organisation, stage: str, search: str
) -> QuerySet[Contract]:
    contracts = portfolio_contracts(organisation, include_ended=stage == "ended").filter(
        contract_filter(user)
    )
    if stage:
        contracts = contracts.filter(stage=stage)
    if search:
        contracts = contracts.filter(title__icontains=search)
    return contracts


def _ordered(rows: list[Row], area: str, rag: str) -> list[Row]:
    if area and rag:
        rows = [r for r in rows if area in r.cells and r.cells[area].rag == rag]
    order = {"red": 0, "amber": 1, "grey": 2, "green": 3}
    return sorted(rows, key=lambda r: (order[r.worst], -r.reds, r.title))


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
    """The dashboard rows a user may see for one of their organisations, worst first, worked
    out now (exports and reports)."""
    contracts = _contracts_for(user=user, organisation=organisation, stage=stage, search=search)
    return _ordered(portfolio_rows(list(contracts), today=today), area, rag)


@dataclass(frozen=True)
class PortfolioView:
    rows: list[Row]
    worked_out_at: dt.datetime
    kept: bool  # True: rows kept from an earlier view, not worked out for this one


def portfolio_view(
    *,
    user: Any,
    organisation: Organisation,
    today: dt.date,
    area: str = "",
    rag: str = "",
    stage: str = "",
    search: str = "",
    fresh: bool = False,
) -> PortfolioView:
    """`portfolio` for the dashboard page, whose rows are kept a few minutes
    (SAFECOM_DASHBOARD_CACHE_SECONDS) so that a portfolio of thousands of contracts opens
    quickly. The key holds every visible contract with its last change, so a contract added,
    removed or changed is never answered from an old copy; `fresh` works them out again."""
    contracts = _contracts_for(user=user, organisation=organisation, stage=stage, search=search)
    seconds = settings.SAFECOM_DASHBOARD_CACHE_SECONDS
    key = ""
    if seconds > 0:
        # In id order and without the page's sorting: the key needs the set, not the order.
        changes = list(contracts.order_by("pk").values_list("pk", "updated_at"))
        stamp = hashlib.sha256(repr((organisation.pk, today, changes)).encode()).hexdigest()
        key = f"dashboard:{stamp}"
        kept = None if fresh else cache.get(key)
        if kept is not None:
            rows, worked_out_at = kept
            return PortfolioView(_ordered(rows, area, rag), worked_out_at, kept=True)
    rows = portfolio_rows(list(contracts), today=today)
    worked_out_at = timezone.now()
    if key:
        cache.set(key, (rows, worked_out_at), seconds)
    return PortfolioView(_ordered(rows, area, rag), worked_out_at, kept=False)


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
