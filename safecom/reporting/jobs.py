"""Background work of reporting: the quarterly report."""

from __future__ import annotations

from typing import Any

from safecom.core.jobs import JobFailed, job_handler
from safecom.core.models import Job
from safecom.organisations.models import Organisation
from safecom.reporting.services import quarterly_report_create


@job_handler("reporting.quarterly_report")
def _report_job(job: Job, report: Any) -> dict[str, Any]:
    organisation = Organisation.objects.filter(pk=job.params.get("organisation_id")).first()
    if organisation is None:
        raise JobFailed("The organisation for this report no longer exists.")
    report(0, 1)
    try:
        made = quarterly_report_create(
            organisation=organisation, quarter=job.params["quarter"], actor=job.created_by
        )
    except ValueError as exc:
        raise JobFailed(str(exc)) from exc
    report(1, 1)
    return {
        "report_id": made.pk,
        "next_url": f"/dashboard/reports/{made.pk}/download/",
        "next_label": "Download the report (PDF)",
    }
