"""The import as a background job: the page starts it and follows its progress."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from safecom.core.jobs import JobFailed, Progress, job_handler
from safecom.core.models import Job
from safecom.workforce.services.importer import staff_import, strip_private

IMPORT_JOB = "workforce.import"
ERRORS_KEPT = 1000  # the page shows these; the command line lists every one


@job_handler(IMPORT_JOB)
def run_import(job: Job, report: Progress) -> dict[str, Any]:
    provider = job.organisation
    if provider is None or not job.input_file:
        raise JobFailed("The import has no file or no provider: start it again.")
    with job.input_file.open("rb") as handle:
        data = handle.read()
    outcome = staff_import(
        actor=job.created_by,
        provider=provider,
        data=data,
        name=job.input_name or "import",
        dry_run=bool(job.params.get("dry_run")),
        progress=report,
    )
    result = outcome.as_dict()
    return {
        **{k: v for k, v in result.items() if k != "errors"},
        "errors": result["errors"][:ERRORS_KEPT],
        "error_count": len(outcome.errors),
        "dry_run": outcome.dry_run,
        "training_added": outcome.training_added,
        "ignored_columns": outcome.ignored_columns[:50],
        "changes": strip_private(outcome.changes),
        "next_url": reverse("workforce:import_result", args=[provider.slug, job.pk]),
        "next_label": "See the problems"
        if outcome.errors
        else ("See what would change" if outcome.dry_run else "See what was imported"),
    }
