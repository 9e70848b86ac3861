from django.contrib import admin

from safecom.notifications.models import Notification, SweepRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "email", "kind", "subject", "status", "attempts")
    list_filter = ("status", "kind")
    search_fields = ("email", "subject")


@admin.register(SweepRun)
class SweepRunAdmin(admin.ModelAdmin):
    list_display = ("day", "started_at", "found", "created", "dry_run")
