from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecom.core.exports import download
from safecom.core.jobs import job_start
from safecom.workforce import exporting, selectors
from safecom.workforce.forms import ImportForm
from safecom.workforce.importing.columns import COLUMNS
from safecom.workforce.jobs import IMPORT_JOB
from safecom.workforce.views.common import provider_or_404, require


@login_required
def import_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file: it is checked in the background (a dry run) before anything is stored."""
    provider = provider_or_404(request, slug)
    require(selectors.can_edit(user=request.user, provider=provider))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            form.add_error(
                "file",
                "The file is larger than 20 MB. Split it, or ask your "
                "administrator to import it from the command line.",
            )
        else:
            job = job_start(
                kind=IMPORT_JOB,
                actor=request.user,
                organisation=provider,
                label=f"Checking {upload.name[:120]} for {provider.name[:60]}",
                params={"dry_run": True},
                input_file=(upload.name, upload.read()),
            )
            return redirect("core:job", pk=job.pk)
    return render(
        request,
        "workforce/import.html",
        {"provider": provider, "form": form, "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@login_required
def import_result(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """What a checked (or stored) import found: counts, changes, and every problem by row."""
    provider = provider_or_404(request, slug)
    require(selectors.can_edit(user=request.user, provider=provider))
    job = selectors.import_job_get(provider=provider, pk=job_id)
    if job is None:
        raise Http404
    if not job.finished:
        return redirect("core:job", pk=job.pk)
    result = job.result or {}
    return render(
        request,
        "workforce/import_result.html",
        {
            "provider": provider,
            "job": job,
            "result": result,
            "can_confirm": (
                job.status == "succeeded"
                and result.get("dry_run")
                and not result.get("error_count")
                and (result.get("created") or result.get("updated"))
            ),
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    """Store a checked file: the same file runs again, for real, all or nothing."""
    provider = provider_or_404(request, slug)
    require(selectors.can_edit(user=request.user, provider=provider))
    job = selectors.import_job_get(provider=provider, pk=job_id)
    if job is None or not job.params.get("dry_run") or not job.input_file:
        raise Http404
    if job.result.get("error_count") or job.status != "succeeded":
        return redirect("workforce:import_result", slug=provider.slug, job_id=job.pk)
    with job.input_file.open("rb") as handle:
        data = handle.read()
    stored = job_start(
        kind=IMPORT_JOB,
        actor=request.user,
        organisation=provider,
        label=f"Importing {job.input_name[:120]} for {provider.name[:60]}",
        params={"dry_run": False, "checked_by_job": job.pk},
        input_file=(job.input_name, data),
    )
    return redirect("core:job", pk=stored.pk)


@login_required
def template(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        return download(exporting.template_xlsx(), "staff-import-template.xlsx")
    return download(exporting.template_csv(), "staff-import-template.csv")
