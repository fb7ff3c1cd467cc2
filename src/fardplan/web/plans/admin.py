"""Read-mostly admin: plans and activities are edited in the app, where history and versions
are kept; the admin is for support staff to look things up."""

from django.contrib import admin
from django.http import HttpRequest

from fardplan.web.plans import permissions
from fardplan.web.plans.models import Activity, ChangeRecord, Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "kind", "county", "owner", "status", "version"]
    list_filter = ["county", "kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["version"]

    def has_delete_permission(self, request: HttpRequest, obj: Plan | None = None) -> bool:
        # Deleting a plan also deletes its history, so only administrators of its county may.
        if obj is None:
            return super().has_delete_permission(request, obj)
        return permissions.can_delete_plan(request.user, obj)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "plan", "responsible", "status", "start", "end"]
    list_filter = ["status", "plan__county"]
    search_fields = ["title"]
    readonly_fields = ["version"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "user", "object_label", "action", "field"]
    list_filter = ["action", "subject"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
