from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from safecom.config.api import api

urlpatterns = [
    path("", include("safecom.core.urls")),
    path("", include("safecom.accounts.urls")),
    path("standards/", include("safecom.standards.urls")),
    path("organisations/", include("safecom.organisations.urls")),
    path("contracts/", include("safecom.contracts.urls")),
    path("workforce/", include("safecom.workforce.urls")),
    path("assessments/", include("safecom.assessments.urls")),
    path("documents/", include("safecom.documents.urls")),
    path("assurance/", include("safecom.assurance.urls")),
    path("dashboard/", include("safecom.reporting.urls")),
    path("audit/", include("safecom.audit.urls")),
    path("reminders/", include("safecom.notifications.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.SAFECOM_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "safecom.core.views.bad_request"
handler404 = "safecom.core.views.not_found"
handler500 = "safecom.core.views.server_error"
