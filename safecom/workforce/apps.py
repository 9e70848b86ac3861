from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "safecom.workforce"

    def ready(self) -> None:
        from safecom.workforce import jobs  # noqa: F401  (registers the import job)
