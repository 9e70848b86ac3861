from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safecom.notifications"
    verbose_name = "Reminders and notifications"
