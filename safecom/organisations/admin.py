from django.contrib import admin

from safecom.organisations.models import Organisation, Site


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "org_type")
    list_filter = ("kind", "org_type")
    search_fields = ("name", "slug")
    inlines = [SiteInline]
