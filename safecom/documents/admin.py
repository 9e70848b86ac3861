from django.contrib import admin

from safecom.documents.models import DocumentCheck, PortfolioAudit


@admin.register(DocumentCheck)
class DocumentCheckAdmin(admin.ModelAdmin):
    list_display = (
        "document_name",
        "contract",
        "framework_version",
        "kind",
        "all_met",
        "checked_at",
    )
    list_filter = ("kind", "all_met", "source")
    search_fields = ("document_name", "contract__reference")
    readonly_fields = [f.name for f in DocumentCheck._meta.fields]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # checks are made by the checker, never typed in


@admin.register(PortfolioAudit)
class PortfolioAuditAdmin(admin.ModelAdmin):
    list_display = (
        "commissioner",
        "framework_version",
        "contracts_total",
        "contracts_all_met",
        "created_at",
    )
    readonly_fields = [f.name for f in PortfolioAudit._meta.fields]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
