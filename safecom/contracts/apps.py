from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "safecom.contracts"
    verbose_name = "Contracts"
