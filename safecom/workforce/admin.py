from django.contrib import admin

from safecom.workforce.models import (
    DbsRecheckPolicy,
    NamedRole,
    NamedRoleChange,
    StaffMember,
    TrainingRecord,
)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("staff_reference", "first_name", "last_name", "provider", "worker_type")
    list_filter = ("worker_type", "is_active")
    search_fields = ("staff_reference", "last_name")
    # Private values are never shown here: they are revealed, with a reason, on the pages.
    exclude = ("dbs_number", "date_of_birth", "fingerprint")
    readonly_fields = ("dbs_number_last4", "dbs_current_from")


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("staff", "kind", "level", "completed_on")
    list_filter = ("kind",)


@admin.register(NamedRole)
class NamedRoleAdmin(admin.ModelAdmin):
    list_display = ("provider", "code", "holder_name")


@admin.register(NamedRoleChange)
class NamedRoleChangeAdmin(admin.ModelAdmin):
    list_display = ("provider", "code", "from_name", "to_name", "changed_at")
    readonly_fields = (
        "provider",
        "code",
        "from_name",
        "to_name",
        "reason",
        "changed_at",
        "changed_by",
    )


admin.site.register(DbsRecheckPolicy)
