"""Django admin for strategies, with the items inline."""

from __future__ import annotations

from django.contrib import admin

from fardplan.web.strategies.models import Strategy, StrategyItem


class StrategyItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StrategyItem
    extra = 0
    fields = ["section", "position", "title", "text"]
    ordering = ["section", "position"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "county", "kind", "status", "period_start", "period_end"]
    list_filter = ["county", "kind", "status"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations"]
    inlines = [StrategyItemInline]
