from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safecom.core"
    verbose_name = "Core"
