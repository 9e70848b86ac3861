from django.contrib import admin

from safecom.contracts.models import Contract, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_at", "changed_by", "reason")


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "commissioner", "provider", "stage")
    list_filter = ("stage", "client_group")
    search_fields = ("reference", "title")
    inlines = [StageChangeInline]
