"""Writes for reporting: daily snapshots and quarterly PDF reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from safecom.accounts import roles
from safecom.audit.services import audit_record
from safecom.organisations.models import Organisation
from safecom.reporting.areas import AREA_LABELS, AREAS, Row, totals
from safecom.reporting.charts import rag_stacked_bars
from safecom.reporting.integrations import portfolio_rows
from safecom.reporting.models import Report, Snapshot
from safecom.reporting.periods import quarter_bounds
from safecom.reporting.selectors import portfolio_contracts


def _rows_for(organisation: Organisation, today: dt.date) -> list[Row]:
    return portfolio_rows(list(portfolio_contracts(organisation)), today=today)


def snapshot_take(*, day: dt.date | None = None) -> int:
    """Today's picture for every commissioner and partnership; taking it again replaces it."""
    day = day or timezone.localdate()
    made = 0
    for org in Organisation.objects.filter(kind__in=(roles.COMMISSIONER, roles.PARTNERSHIP)):
        rows = _rows_for(org, day)
        Snapshot.objects.update_or_create(
            day=day, organisation=org, defaults={"contracts": len(rows), "areas": totals(rows)}
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
