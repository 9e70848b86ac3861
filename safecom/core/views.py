from __future__ import annotations

from django.contrib.auth.decorators import login_required
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


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
