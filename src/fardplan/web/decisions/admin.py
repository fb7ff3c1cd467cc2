"""View-only admin for decisions and their history.

Decisions are recorded on their pages, where one service checks the county roles, validates
the organisation, conditions and dates, and records the decision's history and the adoption
changes it causes in the strategy's history; an admin form would skip all of it. So the admin
shows decisions without add, change or delete, and the history is append-only (for
superusers too).
"""

from __future__ import annotations

from django.contrib import admin

from fardplan.web.decisions.models import (
    BasisDocument,
    Decision,
    DecisionChange,
    DecisionItem,
    Statement,
)
from fardplan.web.strategies.admin import ViewOnly


class DecisionItemInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = DecisionItem
    extra = 0
    fields = ["number", "text"]


class StatementInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Statement
    extra = 0
    fields = ["kind", "parties", "members", "text"]


class BasisDocumentInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = BasisDocument
    extra = 0
    # The file itself is served by the decision's page, which checks the permission; the
    # admin shows its name only (a FileField widget would link to a URL that does not exist).
    fields = ["title", "original_name", "content_type", "size"]


@admin.register(Decision)
class DecisionAdmin(ViewOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["meeting_date", "organisation", "body", "paragraph", "title", "kind"]
    list_filter = ["organisation__county", "body", "kind", "concerns", "invented"]
    search_fields = ["title", "diary_number", "organisation__name"]
    list_select_related = ["organisation"]
    inlines = [DecisionItemInline, StatementInline, BasisDocumentInline]


@admin.register(DecisionChange)
class DecisionChangeAdmin(ViewOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "county", "object_label", "user", "action", "field"]
    list_filter = ["action", "county"]
