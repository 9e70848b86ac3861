"""The assurance records in the Django admin, for operators. Read-only: every change goes
through the services (checked and audited), so the admin only lets an operator look."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from safecom.assurance import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.MonitoringMeeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("contract", "held_on", "recorded_by")
    date_hierarchy = "held_on"


@admin.register(models.ThematicCheck)
class CheckAdmin(ReadOnlyAdmin):
    list_display = ("contract", "theme", "method", "carried_out_on", "rag")
    list_filter = ("theme", "method", "rag")


@admin.register(models.SafeguardingReturn)
class ReturnAdmin(ReadOnlyAdmin):
    list_display = ("contract", "template", "period_label", "due_on", "submitted_on")


@admin.register(models.ReturnTemplate)
class TemplateAdmin(ReadOnlyAdmin):
    list_display = ("name", "commissioner", "framework", "interval_months", "due_days")


@admin.register(models.Allegation)
class AllegationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "contract", "made_on", "lado_informed_on", "category", "outcome")
    # The notes stay out of the admin too: they are for the recorders, on their pages.
    exclude = ("notes",)


@admin.register(models.Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("reference", "kind", "contract", "notified_on", "status")
    exclude = ("notes",)


@admin.register(models.Briefing)
class BriefingAdmin(ReadOnlyAdmin):
    list_display = ("title", "partnership", "kind", "published_on")


@admin.register(models.DecommissioningChecklist)
class ChecklistAdmin(ReadOnlyAdmin):
    list_display = ("contract", "opened_at")
