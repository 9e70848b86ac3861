from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "safecom.documents"
    verbose_name = "Document checker"

    def ready(self) -> None:
        from safecom.documents import jobs  # noqa: F401 - registers the portfolio audit job
