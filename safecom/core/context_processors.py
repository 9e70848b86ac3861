from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

NAVIGATION = (
    ("core:home", "Home", "home"),
    ("contracts:list", "Contracts", "contracts"),
    ("organisations:list", "Organisations", "organisations"),
    ("standards:list", "Standards", "standards"),
)


def service(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else ""
    section = {"core": "home", "accounts": "account"}.get(app, app)
    return {
        "service_name": settings.SAFECOM_SERVICE_NAME,
        "navigation": NAVIGATION,
        "section": section,
    }
