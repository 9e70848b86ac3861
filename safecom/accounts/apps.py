from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safecom.accounts"
    verbose_name = "Users and memberships"
