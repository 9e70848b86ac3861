from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "safecom.standards"
    verbose_name = "Standards library"
