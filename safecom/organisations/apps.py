from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safecom.organisations"
    verbose_name = "Organisations"
