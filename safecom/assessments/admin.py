"""Read-mostly admin: changes to self-assessments go through the pages and services, which
check and audit them."""

from django.contrib import admin

from safecom.assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    ChildSafeguardingStatement,
    EvidenceFile,
    ModerationEvent,
    Round,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "owner", "due_date", "interval", "opened_at")
    search_fields = ("title",)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("provider", "round", "status", "submitted_at")
    list_filter = ("status",)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("requirement", "assessment", "rating", "origin", "moderation", "version")
    list_filter = ("rating", "moderation", "origin")


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = ("answer", "kind", "by_label", "at")


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("provider", "framework_slug", "ref", "owner_name", "due_date", "status")
    list_filter = ("status",)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "provider", "kind", "size", "sha256", "uploaded_at")


@admin.register(ChildSafeguardingStatement)
class ChildSafeguardingStatementAdmin(ReadOnlyAdmin):
    list_display = ("provider", "approved_on", "review_date", "signed_off_by")
