"""View-only admin for plans, activities and their history.

Plans and activities are changed in the app only, where every save goes through
:mod:`fardplan.web.plans.services` (permission, optimistic version, history in one
transaction). An admin form would be a second write path that skips all three, so the admin
shows them without add or change; the history is append-only, so nobody (superusers
included) adds, changes or deletes a record here. Deleting a whole plan stays with the
administrators of its county, as before.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fardplan.web.plans import permissions
from fardplan.web.plans.models import Activity, ChangeRecord, Plan


class ViewOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists and shows rows; refuses adding, changing and deleting them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(ViewOnlyAdmin):
    list_display = ["title", "kind", "county", "owner", "status", "version"]
    list_filter = ["county", "kind", "status"]
    search_fields = ["title"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a plan also deletes its history, so only administrators of its county may.
        # Not from the list (a bulk deletion would not ask per county).
        if obj is None:
            return False
        return permissions.can_delete_plan(request.user, obj)


@admin.register(Activity)
class ActivityAdmin(ViewOnlyAdmin):
    list_display = ["title", "plan", "responsible", "status", "start", "end"]
    list_filter = ["status", "plan__county"]
    search_fields = ["title"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ViewOnlyAdmin):
    list_display = ["at", "user", "object_label", "action", "field"]
    list_filter = ["action", "subject"]
