from django.contrib import admin

from safecom.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "actor_label", "object_id")

    # The trail is evidence: nobody edits or deletes it, not even an administrator.
    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
