from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from fardplan.web.access.members import record
from fardplan.web.access.models import Membership, MembershipAction, MembershipChange


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Changes made here are written to the same history as those of the membership pages."""

    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__county"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user"]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        stored = Membership.objects.filter(pk=obj.pk).values_list("role", flat=True).first()
        super().save_model(request, obj, form, change)
        if stored is None:
            record(request.user, obj, MembershipAction.ADDED, "", obj.role)
        elif stored != obj.role:
            record(request.user, obj, MembershipAction.CHANGED, stored, obj.role)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        record(request.user, obj, MembershipAction.REMOVED, obj.role, "")
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("user", "organisation"):
            record(request.user, membership, MembershipAction.REMOVED, membership.role, "")
        super().delete_queryset(request, queryset)


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The history is read-only: it records what happened."""

    list_display = ["at", "county", "member_label", "organisation_label", "action",
                    "role_before", "role_after", "changed_by"]  # fmt: skip
    list_filter = ["action", "county"]
    search_fields = ["member_label", "organisation_label"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
