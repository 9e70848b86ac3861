from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from safecom.contracts.lifecycle import STAGE_LABELS
from safecom.core.exports import csv_bytes, download, xlsx_bytes
from safecom.core.forms import GovukFormMixin
from safecom.core.jobs import job_start
from safecom.core.kept_pages import PageKeeper
from safecom.organisations.models import Organisation
from safecom.reporting.areas import AREA_LABELS, AREAS, RAGS, Row
from safecom.reporting.charts import RAG_LABELS, line_chart, rag_stacked_bars
from safecom.reporting.freshness import keeping_time
from safecom.reporting.periods import previous_quarter, quarter_bounds
from safecom.reporting.provider import provider_obligations
from safecom.reporting.selectors import (
    changes_anywhere,
    dashboard_organisations,
    portfolio_changes,
    portfolio_oldest,
    portfolio_statuses,
    portfolio_view,
    provider_organisations,
    red_cells,
    report_get,
    reports_of,
    status_row,
    trend,
)
from safecom.reporting.services import portfolio_statuses_update


def _choices(request: HttpRequest) -> list[Organisation]:
    """The portfolios this user may look at, read once a request."""
    if not hasattr(request, "_dashboard_choices"):
        request._dashboard_choices = dashboard_organisations(user=request.user)  # type: ignore[attr-defined]
    return request._dashboard_choices  # type: ignore[attr-defined,no-any-return]


def _organisation(request: HttpRequest) -> Organisation | None:
    choices = _choices(request)
    wanted = request.GET.get("org")
    found = next((o for o in choices if o.slug == wanted), None)
    if wanted and found is None:
        raise Http404
    return found or (choices[0] if choices else None)


def _filters(request: HttpRequest) -> dict[str, str]:
    area = request.GET.get("area", "")
    rag = request.GET.get("rag", "")
    stage = request.GET.get("stage", "")
    return {
        "area": area if area in AREA_LABELS else "",
        "rag": rag if rag in RAGS else "",
        "stage": stage if stage in STAGE_LABELS else "",
        "search": (request.GET.get("q") or "").strip()[:100],
    }


class _CountedPaginator(Paginator):
    """A paginator told its count: the totals query has counted the rows already."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        if provider_organisations(user=request.user):
            return provider_dashboard(request)
        raise Http404
    today = timezone.localdate()
    f = _filters(request)
    fresh = request.GET.get("fresh") == "1"
    keeper = PageKeeper(
        request,
        name="dashboard",
        today=today,
        seconds=settings.SAFECOM_KEPT_PAGE_SECONDS,
        keep=not fresh,
    )
    # Nothing changed anywhere since the page was kept, and no row of it has grown old. (Read
    # before the rows are brought up to date: a change committed after is unseen by it.)
    served = keeper.quick(lambda since: changes_anywhere(since=since))
    if served is not None:
        return served
    worked_out_now = portfolio_statuses_update(
        user=request.user,
        organisation=organisation,
        today=today,
        everything=fresh,
        stage=f["stage"],
        search=f["search"],
    )
    # Else kept while no row of this portfolio is worked out again and no contract of it
    # changes; a page that says rows were worked out for it is for this request only.
    return keeper.page(
        changes=lambda since: portfolio_changes(
            user=request.user, organisation=organisation, since=since
        ),
        render=lambda: _dashboard_page(request, organisation, f, today, worked_out_now),
        keep=worked_out_now == 0,
    )


def _dashboard_page(
    request: HttpRequest,
    organisation: Organisation,
    f: dict[str, str],
    today: dt.date,
    worked_out_now: int,
) -> HttpResponse:
    view = portfolio_view(
        user=request.user, organisation=organisation, worked_out_now=worked_out_now, **f
    )
    page = _CountedPaginator(
        view.statuses, settings.SAFECOM_DASHBOARD_PAGE_SIZE, count=view.row_count
    ).get_page(request.GET.get("page"))
    querystring = urlencode({"org": organisation.slug, **{k: v for k, v in f.items() if v}})
    snapshots = list(trend(organisation=organisation, days=90, today=today))
    red_series = [(s.day, float(s.red_total)) for s in snapshots]
    amber_series = [(s.day, float(s.amber_total)) for s in snapshots]
    response = render(
        request,
        "reporting/dashboard.html",
        {
            "organisation": organisation,
            "organisations": _choices(request),
            "rows": [status_row(s) for s in page.object_list],
            "row_count": view.row_count,
            "page": page,
            "view": view,
            "areas": AREAS,
            "rag_labels": RAG_LABELS,
            "stages": STAGE_LABELS.items(),
            "filters": f,
            "area_rows": [(k, AREA_LABELS[k], view.totals[k]) for k, _ in AREAS],
            "area_chart": rag_stacked_bars(
                [(AREA_LABELS[k], view.totals[k]) for k, _ in AREAS],
                title=f"Contracts by area and RAG, {organisation.name}",
            ),
            "trend_chart": line_chart(
                [("Red cells", "#d4351c", red_series), ("Amber cells", "#f47738", amber_series)],
                title="Red and amber cells over the last 90 days",
                y_label="Cells",
            ),
            "snapshots": snapshots[-12:],
            "overdue": red_cells(view.statuses),
            "querystring": querystring,
            "page_querystring": querystring + "&",
        },
    )
    # Its rows are out of date by age once the oldest of them (filtered or not) is.
    oldest = view.worked_out_at
    if f["area"] or f["rag"]:
        oldest = portfolio_oldest(
            user=request.user, organisation=organisation, stage=f["stage"], search=f["search"]
        )
    if oldest is not None:
        response.kept_quick_until = oldest + keeping_time()  # type: ignore[attr-defined]
    return response


def _export_rows(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    headers = ["reference", "contract", "provider", "commissioner", "stage"]
    for _key, label in AREAS:
        headers += [label, f"{label}: reason"]
    out = []
    for r in rows:
        line = [r.reference, r.title, r.provider, r.commissioner, r.stage]
        for key, _label in AREAS:
            cell = r.cells.get(key)
            line += [cell.rag if cell else "", cell.reason if cell else ""]
        out.append(line)
    return headers, out


@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        raise Http404
    f = _filters(request)
    # The kept rows, brought up to date first: the same rows, in the same order, as the page.
    portfolio_statuses_update(
        user=request.user,
        organisation=organisation,
        today=timezone.localdate(),
        stage=f["stage"],
        search=f["search"],
    )
    statuses = portfolio_statuses(user=request.user, organisation=organisation, **f)
    rows = [status_row(s) for s in statuses.iterator(chunk_size=1000)]
    headers, lines = _export_rows(rows)
    name = f"dashboard-{organisation.slug}-{timezone.localdate():%Y-%m-%d}"
    if fmt == "xlsx":
        return download(xlsx_bytes(headers, lines, sheet="Dashboard"), f"{name}.xlsx")
    return download(csv_bytes(headers, lines), f"{name}.csv")


class ReportForm(GovukFormMixin, forms.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=8,
        help_text="For example 2026-Q3",
        error_messages={"required": "Enter the quarter, like 2026-Q3."},
    )

    def clean_quarter(self) -> str:
        value = self.cleaned_data["quarter"].strip().upper().replace(" ", "")
        try:
            quarter_bounds(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value if "-" in value else f"{value[:4]}-{value[4:]}"


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    if organisation is None:
        raise Http404
    form = ReportForm(
        request.POST or None, initial={"quarter": previous_quarter(timezone.localdate())}
    )
    if request.method == "POST" and form.is_valid():
        job = job_start(
            kind="reporting.quarterly_report",
            actor=request.user,
            organisation=organisation,
            label=f"{organisation.name}: {form.cleaned_data['quarter']} report",
            params={"organisation_id": organisation.pk, "quarter": form.cleaned_data["quarter"]},
        )
        return redirect("core:job", pk=job.pk)
    return render(
        request,
        "reporting/reports.html",
        {
            "organisation": organisation,
            "form": form,
            "reports": reports_of(organisation=organisation),
            "organisations": _choices(request),
        },
    )


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"assurance-report-{report.organisation.slug}-{report.quarter}.pdf",
        content_type="application/pdf",
    )


@login_required
def provider_dashboard(request: HttpRequest) -> HttpResponse:
    providers = provider_organisations(user=request.user)
    wanted = request.GET.get("provider")
    provider = next((p for p in providers if p.slug == wanted), providers[0] if providers else None)
    if provider is None or (wanted and provider.slug != wanted):
        raise Http404
    return render(
        request,
        "reporting/provider.html",
        {
            "provider": provider,
            "providers": providers,
            "obligations": provider_obligations(provider=provider, today=timezone.localdate()),
        },
    )
