from __future__ import annotations

from typing import Any

from django.db.models import Q

from safecom.accounts.tenancy import organisation_filter
from safecom.core.models import Job
from safecom.organisations.models import Organisation


def job_get(*, user: Any, pk: int) -> Job | None:
    """A job its starter may follow, as may anyone who can see its organisation."""
    if not getattr(user, "is_authenticated", False):
        return None
    visible = Organisation.objects.filter(organisation_filter(user)).values("pk")
    return Job.objects.filter(Q(created_by=user) | Q(organisation__in=visible), pk=pk).first()


def job_as_dict(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "finished": job.finished,
        "error": job.error,
        "result": job.result,
    }
