from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from safecom.core.pagination import Rows, paginated
from safecom.standards.selectors import (
    framework_as_dict,
    framework_coverage,
    framework_version_get,
    framework_versions_current,
)

router = Router(tags=["frameworks"])


@router.get(
    "/frameworks", response=list[dict[str, Any]], summary="Every framework's current version"
)
@paginated
def frameworks_list(request: HttpRequest) -> Rows:
    return Rows(
        framework_versions_current(),
        each=lambda v: framework_as_dict(v, with_requirements=False),
    )


@router.get(
    "/frameworks/coverage",
    response=list[dict[str, Any]],
    summary="How each framework's requirements are checked",
)
@paginated
def frameworks_coverage(request: HttpRequest) -> list[dict[str, Any]]:
    return framework_coverage()


@router.get("/frameworks/{slug}", summary="A framework with its requirements and mappings")
def frameworks_show(request: HttpRequest, slug: str, version: str | None = None) -> dict[str, Any]:
    found = framework_version_get(slug=slug, version=version)
    if found is None:
        raise HttpError(404, "Not found")
    return framework_as_dict(found, with_requirements=True)
