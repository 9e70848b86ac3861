from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from safecom.accounts.roles import ROLES
from safecom.accounts.selectors import memberships_of
from safecom.contracts.lifecycle import STAGE_LABELS, STAGES
from safecom.contracts.selectors import contract_list
from safecom.core.selectors import job_as_dict, job_get


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_of(user=request.user))  # type: ignore[arg-type]
    counts = dict(
        contract_list(user=request.user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk", distinct=True))
    )
    stages = [(s, STAGE_LABELS[s], counts.get(s, 0)) for s in STAGES]
    return render(
        request,
        "core/home.html",
        {
            "memberships": [(m, ROLES[m.role]) for m in memberships],
            "stages": stages,
            "total": sum(counts.values()),
        },
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_get(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return render(request, "core/job.html", {"job": job, "data": job_as_dict(job)})


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def _bad_request_reason(exception: Exception | None) -> tuple[int, str]:
    """What was wrong with a request Django could not read, in words for the person."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576
        return 413, (
            f"What was sent is larger than {limit:.0f} MB (files aside). Send less at once; "
            "upload a large document as a file, or check it with the command line."
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return 400, "The form holds too many fields or files to be read. Send fewer at once."
    if "header size" in str(exception):
        return 400, (
            "The file name is too long to read. Rename the file to under 200 characters and "
            "upload it again."
        )
    detail = f" ({str(exception)[:200]})" if exception is not None and str(exception) else ""
    return 400, f"What was sent could not be read{detail}. Send it again."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request whose body could not be read: say why, as JSON to the API."""
    status, reason = _bad_request_reason(exception)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=status)
    return render(request, "400.html", {"reason": reason}, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
