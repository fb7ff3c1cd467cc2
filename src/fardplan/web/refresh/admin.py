from django.contrib import admin

from fardplan.web.refresh.models import RefreshRun


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("queued", "status", "trigger", "by", "by_name", "finished")
    list_filter = ("status", "trigger")
    readonly_fields = [field.name for field in RefreshRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
