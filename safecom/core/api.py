from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from safecom.core.selectors import job_as_dict, job_get

router = Router(tags=["jobs"])


@router.get("/jobs/{pk}", summary="Progress and result of a background job")
def jobs_show(request: HttpRequest, pk: int) -> dict[str, Any]:
    job = job_get(user=request.user, pk=pk)
    if job is None:
        raise HttpError(404, "Not found")
    return job_as_dict(job)
