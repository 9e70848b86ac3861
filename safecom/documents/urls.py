from django.urls import path

from safecom.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.documents_home, name="home"),
    path("contracts/<int:pk>/check/", views.check_new, name="check_new"),
    path("checks/<int:pk>/", views.check_detail, name="check_detail"),
    path("audit/", views.audit_index, name="audit"),
    path("audit/<slug:slug>/start/", views.audit_start, name="audit_start"),
    path("audit/results/<int:pk>/", views.audit_detail, name="audit_detail"),
]
