from django.contrib import admin

from safecom.standards.models import Framework, FrameworkVersion, Requirement, RequirementMapping


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("slug", "title", "publisher")


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "version", "is_current", "loaded_at")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("framework_version", "ref", "title", "kind")
    list_filter = ("kind", "framework_version__framework")
    search_fields = ("ref", "title", "source_text")


@admin.register(RequirementMapping)
class RequirementMappingAdmin(admin.ModelAdmin):
    list_display = ("from_framework", "from_ref", "relation", "to_framework", "to_ref")
