"""View-only admin for strategies, their items and their history.

Strategies are changed on their pages or by file import, where one service checks the
county roles, refuses to drop the items activities serve and records the history; an admin
form would skip all of it. So the admin shows strategies without add, change or delete, and
the history is append-only (no add, change or delete, for superusers too).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from fardplan.web.strategies.models import Strategy, StrategyChange, StrategyItem


class ViewOnly:
    """Refuses adding, changing and deleting in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StrategyItemInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = StrategyItem
    extra = 0
    fields = ["section", "position", "key", "title", "text"]
    ordering = ["section", "position"]


@admin.register(Strategy)
class StrategyAdmin(ViewOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "county", "kind", "status", "period_start", "period_end"]
    list_filter = ["county", "kind", "status"]
    search_fields = ["title", "slug", "summary"]
    inlines = [StrategyItemInline]


@admin.register(StrategyChange)
class StrategyChangeAdmin(ViewOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "strategy", "user", "source", "action", "field", "item_key"]
    list_filter = ["action", "source"]
