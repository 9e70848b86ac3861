from django.urls import path

from safecom.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_index, name="home"),
    path("export.csv", views.audit_export, name="export"),
]
