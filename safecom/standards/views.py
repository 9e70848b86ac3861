from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safecom.standards.models import Requirement
from safecom.standards.selectors import (
    framework_coverage,
    framework_version_get,
    framework_versions_current,
    framework_versions_of,
    mappings_for_framework,
    requirements_of,
)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    coverage = {row["id"]: row for row in framework_coverage()}
    versions = [(v, coverage.get(v.framework.slug)) for v in framework_versions_current()]
    return render(request, "standards/list.html", {"versions": versions})


@login_required
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = framework_version_get(slug=slug, version=request.GET.get("version") or None)
    if version is None:
        raise Http404
    requirements = list(requirements_of(version))
    mappings = mappings_for_framework(slug=slug)
    kinds = dict(Requirement.Kind.choices)
    kind_filter = request.GET.get("kind", "")
    sections: list[dict] = []
    titles = {s["ref"]: s["title"] for s in version.sections}
    by_section: dict[str, list] = {}
    for req in requirements:
        if kind_filter and req.kind != kind_filter:
            continue
        by_section.setdefault(req.section, []).append((req, mappings.get(req.ref, [])))
    for ref, items in by_section.items():
        sections.append({"ref": ref, "title": titles.get(ref, ""), "items": items})
    return render(
        request,
        "standards/detail.html",
        {
            "version": version,
            "framework": version.framework,
            "sections": sections,
            "count": len(requirements),
            "kinds": kinds,
            "kind_filter": kind_filter,
            "other_versions": framework_versions_of(slug=slug),
        },
    )
