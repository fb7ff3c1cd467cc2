"""Admin for counties and organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin

from fardplan.web.organisations.models import County, Organisation

# ModelAdmin is generic only in django-stubs; at run time it cannot be subscripted.
if TYPE_CHECKING:
    CountyAdminBase = admin.ModelAdmin[County]
    OrganisationAdminBase = admin.ModelAdmin[Organisation]
else:
    CountyAdminBase = OrganisationAdminBase = admin.ModelAdmin


@admin.register(County)
class CountyAdmin(CountyAdminBase):
    list_display = ["code", "name", "short_name"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationAdminBase):
    list_display = ["name", "kind", "code", "county", "unit_kind", "principal", "population"]
    list_filter = ["county", "kind", "unit_kind", "principal"]
    search_fields = ["name", "code"]
    list_select_related = ["county"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["members"]
