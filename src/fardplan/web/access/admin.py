from django.contrib import admin

from fardplan.web.access.models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__county"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user"]
