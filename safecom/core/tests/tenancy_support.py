"""What the tenancy matrix test needs from each app.

An app's `tests/tenancy.py` may define:

PAGES: {url name: (method, path(world, side), roles that succeed on side "a", success status)}
NOT_TENANT_PAGES: {url names that are not tenant data (tested elsewhere)}
API_OPS: {(method, openapi path):
          (path(world, side), roles that succeed, status, body(world, side) or None)}

`world` is conftest.World: tenancy "a" and "b" (partnership_a, commissioner_a, provider_a,
contract_a, and the same for b) with one user per role in "a". A path builder that needs
objects of its own app makes them on first use and keeps them on the world, for example
`getattr(w, "staff_" + side, None) or make_staff(w, side)`.
Inside its tenancy a role without the permission may get 403 (API) or 404 (pages); outside,
every page and operation must answer 404.
"""

from __future__ import annotations

import importlib
from typing import Any

ROLES = (
    "partnership_admin",
    "commissioner",
    "qa_officer",
    "provider_lead",
    "provider_hr",
    "auditor",
)
ALL = set(ROLES)
APPS = (
    "core",
    "accounts",
    "audit",
    "standards",
    "organisations",
    "contracts",
    "workforce",
    "assessments",
    "documents",
    "assurance",
    "notifications",
    "reporting",
)


def collect_tables() -> tuple[dict[str, Any], set[str], dict[tuple[str, str], Any]]:
    pages: dict[str, Any] = {}
    not_tenant: set[str] = set()
    api_ops: dict[tuple[str, str], Any] = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"safecom.{app}.tests.tenancy")
        except ModuleNotFoundError as exc:
            if exc.name != f"safecom.{app}.tests.tenancy":
                raise
            continue
        for name in getattr(module, "PAGES", {}):
            assert name not in pages, f"{name} declared twice"
        pages.update(getattr(module, "PAGES", {}))
        not_tenant |= set(getattr(module, "NOT_TENANT_PAGES", set()))
        api_ops.update(getattr(module, "API_OPS", {}))
    return pages, not_tenant, api_ops
