from django.urls import path

from safecom.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("export.csv", views.dashboard_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.dashboard_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("provider/", views.provider_dashboard, name="provider"),
]
