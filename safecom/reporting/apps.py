from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "safecom.reporting"
    verbose_name = "Dashboards and reports"
