from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safecom.audit"
    verbose_name = "Audit trail"
