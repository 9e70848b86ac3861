"""Writes for reporting: kept dashboard rows, daily snapshots and quarterly PDF reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from safecom.accounts import roles
from safecom.audit.services import audit_record
from safecom.contracts.models import Contract, GateOverride
from safecom.organisations.models import Organisation
from safecom.reporting.areas import AREA_LABELS, AREAS, Row, totals
from safecom.reporting.charts import rag_stacked_bars
from safecom.reporting.freshness import outdated
from safecom.reporting.integrations import portfolio_rows
from safecom.reporting.models import ContractStatus, Report, Snapshot
from safecom.reporting.periods import quarter_bounds
from safecom.reporting.selectors import contracts_visible, portfolio_contracts, status_totals

WORST_RANK = {"red": 0, "amber": 1, "grey": 2, "green": 3}
_AREA_FIELDS = [key for key, _ in AREAS]


def _rows_for(organisation: Organisation, today: dt.date) -> list[Row]:
    return portfolio_rows(list(portfolio_contracts(organisation)), today=today)


def contract_statuses_refresh(
    *, contracts: Sequence[Contract], today: dt.date, started: dt.datetime | None = None
) -> list[Row]:
    """Work out these contracts' dashboard rows and keep them (ContractStatus), replacing
    what was kept. `started` is when the reads began: a change committed after it is newer
    than the row, however long the working out took."""
    started = started or timezone.now()
    rows = portfolio_rows(list(contracts), today=today)
    ContractStatus.objects.bulk_create(
        [
            ContractStatus(
                contract_id=row.contract_id,
                day=today,
                worked_out_at=started,
                worst=WORST_RANK[row.worst],
                reds=row.reds,
                cells={k: [c.rag, c.reason, c.link] for k, c in row.cells.items()},
                **{k: row.cells[k].rag if k in row.cells else "" for k in _AREA_FIELDS},
            )
            for row in rows
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["contract"],
        update_fields=["day", "worked_out_at", "worst", "reds", "cells", *_AREA_FIELDS],
    )
    return rows


def contract_statuses_bring_up_to_date(*, contracts: QuerySet[Contract], today: dt.date) -> int:
    """Work out again the kept rows of these contracts that are out of date
    (safecom/reporting/freshness.py); the rest are left as kept. Returns how many."""
    started = timezone.now()
    stale = outdated(contracts, today=today, now=started)
    if stale:
        found = list(
            Contract.objects.filter(pk__in=stale)
            .select_related("commissioner", "provider")
            .annotate(gate_overridden=Exists(GateOverride.objects.filter(contract=OuterRef("pk"))))
        )
        contract_statuses_refresh(contracts=found, today=today, started=started)
    return len(stale)


def portfolio_statuses_update(
    *,
    user: Any,
    organisation: Organisation,
    today: dt.date,
    everything: bool = False,
    stage: str = "",
    search: str = "",
) -> int:
    """Before the dashboard reads its kept rows: work out again those out of date, or with
    `everything` ("work it out again now") every row the user may see there. Returns how
    many rows were worked out."""
    contracts = contracts_visible(user=user, organisation=organisation, stage=stage, search=search)
    if not everything:
        return contract_statuses_bring_up_to_date(contracts=contracts, today=today)
    started = timezone.now()
    found = list(contracts)
    contract_statuses_refresh(contracts=found, today=today, started=started)
    return len(found)


def contract_statuses_refresh_all(*, today: dt.date | None = None) -> int:
    """Bring every open contract's kept row up to date: run every few minutes in the
    background, so the dashboard seldom has to work rows out while someone waits."""
    return contract_statuses_bring_up_to_date(
        contracts=Contract.objects.exclude(stage="ended"), today=today or timezone.localdate()
    )


def snapshot_take(*, day: dt.date | None = None) -> int:
    """Today's picture for every commissioner and partnership; taking it again replaces it.
    Every open contract's row is brought up to date once, then counted per organisation."""
    day = day or timezone.localdate()
    contract_statuses_bring_up_to_date(contracts=Contract.objects.exclude(stage="ended"), today=day)
    made = 0
    for org in Organisation.objects.filter(kind__in=(roles.COMMISSIONER, roles.PARTNERSHIP)):
        statuses = ContractStatus.objects.filter(contract__in=portfolio_contracts(org).values("pk"))
        counts, _ = status_totals(statuses)
        Snapshot.objects.update_or_create(
            day=day,
            organisation=org,
            defaults={"contracts": sum(counts["gate"].values()), "areas": counts},
        )
        made += 1
    return made


def appendix_a_measures(rows: list[Row]) -> list[dict[str, Any]]:
    """NEL Appendix A: standards in all contracts (audit) and the quarterly dashboard."""

    def share(area: str) -> dict[str, Any]:
        counted = [r for r in rows if area in r.cells and r.cells[area].rag != "grey"]
        green = sum(r.cells[area].rag == "green" for r in counted)
        return {
            "met": green,
            "of": len(counted),
            "percent": round(100 * green / len(counted)) if counted else None,
        }

    return [
        {
            "measure": "Safeguarding standards are included within all contracts (every clause "
            "element met)",
            **share("clause"),
        },
        {
            "measure": "Quarterly safeguarding returns received complete and on time",
            **share("returns"),
        },
    ]


def quarterly_report_html(*, organisation: Organisation, quarter: str, today: dt.date) -> str:
    start, end = quarter_bounds(quarter)
    rows = _rows_for(organisation, min(today, end))
    area_totals = totals(rows)
    chart = rag_stacked_bars(
        [(AREA_LABELS[k], area_totals[k]) for k, _ in AREAS],
        title=f"{organisation.name}: contracts by area, {quarter}",
        ident="report-areas",
    )
    exceptions = [
        (r, label, cell)
        for r in rows
        for key, label, cell in r.ordered_cells()
        if cell.rag == "red"
    ]
    return render_to_string(
        "reporting/report.html",
        {
            "organisation": organisation,
            "quarter": quarter,
            "start": start,
            "end": end,
            "generated": timezone.localtime(),
            "rows": rows,
            "chart": chart,
            "area_totals": [(AREA_LABELS[k], area_totals[k]) for k, _ in AREAS],
            "measures": appendix_a_measures(rows),
            "exceptions": exceptions,
        },
    )


@transaction.atomic
def quarterly_report_create(
    *, organisation: Organisation, quarter: str, actor: Any, today: dt.date | None = None
) -> Report:
    from weasyprint import HTML

    quarter_bounds(quarter)  # refuses a malformed quarter before any work
    html = quarterly_report_html(
        organisation=organisation, quarter=quarter, today=today or timezone.localdate()
    )
    pdf = HTML(string=html, base_url=None).write_pdf()
    report = Report(
        organisation=organisation,
        quarter=quarter,
        size=len(pdf),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    report.file.save(f"{organisation.slug}-{quarter}.pdf", ContentFile(pdf), save=False)
    report.save()
    audit_record(
        actor=actor,
        action="report.created",
        obj=report,
        organisation=organisation,
        summary=f"Made the {quarter} assurance report for {organisation}",
    )
    return report
