from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# Each entry shows once its app has a page of that name; an app adds its own here.
NAVIGATION_CANDIDATES = (
    ("core:home", "Home", "home"),
    ("reporting:home", "Dashboard", "reporting"),
    ("contracts:list", "Contracts", "contracts"),
    ("workforce:home", "Workforce", "workforce"),
    ("assessments:home", "Self-assessments", "assessments"),
    ("documents:home", "Documents", "documents"),
    ("assurance:home", "Assurance", "assurance"),
    ("organisations:list", "Organisations", "organisations"),
    ("standards:list", "Standards", "standards"),
)
# Shown only to people whose role may read it.
AUDIT_ITEM = ("audit:home", "Audit trail", "audit")


@cache
def navigation() -> tuple[tuple[str, str, str], ...]:
    out = []
    for name, label, key in NAVIGATION_CANDIDATES:
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        out.append((name, label, key))
    return tuple(out)


def _audit_item(request: HttpRequest) -> tuple[tuple[str, str, str], ...]:
    from safecom.accounts import roles
    from safecom.accounts.tenancy import user_can_anywhere

    user = getattr(request, "user", None)
    if user is not None and user_can_anywhere(user, roles.AUDIT_VIEW):
        return (AUDIT_ITEM,)
    return ()


def service(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else ""
    section = {"core": "home", "accounts": "account"}.get(app, app)
    return {
        "service_name": settings.SAFECOM_SERVICE_NAME,
        "navigation": navigation() + _audit_item(request),
        "section": section,
    }
