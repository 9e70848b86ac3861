"""The JSON API: one NinjaAPI, a router per app, OpenAPI at /api/docs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from safecom.accounts.api import router as accounts_router
from safecom.accounts.auth import API_AUTH
from safecom.assessments.api import router as assessments_router
from safecom.assurance.api import router as assurance_router
from safecom.contracts.api import router as contracts_router
from safecom.core.api import router as core_router
from safecom.documents.api import router as documents_router
from safecom.notifications.api import router as notifications_router
from safecom.organisations.api import router as organisations_router
from safecom.standards.api import router as standards_router
from safecom.workforce.api import router as workforce_router

api = NinjaAPI(
    title="Safe Commissioning API",
    version="1",
    description=(
        "Everything here answers only within your tenancy: anything outside it is 404. "
        "Authenticate with `Authorization: Bearer <token>` (make a token on your account page)."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()))[0]
    return api.create_response(request, {"detail": first, "errors": errors}, status=422)


api.add_router("", accounts_router)
api.add_router("", core_router)
api.add_router("", standards_router)
api.add_router("", organisations_router)
api.add_router("", contracts_router)
api.add_router("", workforce_router)
api.add_router("", assessments_router)
api.add_router("", documents_router)
api.add_router("", assurance_router)
api.add_router("", notifications_router)
