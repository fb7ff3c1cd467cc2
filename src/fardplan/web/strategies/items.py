"""Which stored item each item of an edit or a file continues, and what would be lost.

An item is matched to the stored row it continues (its id from the edit form, else its key,
else the same title in the same section), so that the activities linked to the row stay
linked whatever is inserted, moved or renamed around it. A row that nothing continues is
removed; one that moves out of the sections activities serve loses its links too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fardplan.web.plans.models import Plan
from fardplan.web.plans.services import ACTIVITY_SECTIONS
from fardplan.web.strategies.keys import new_key
from fardplan.web.strategies.models import SECTION_SINGULAR, Section, Strategy, StrategyItem


@dataclass(frozen=True)
class ItemDraft:
    """An item as the edit form or a file gives it. ``key`` is the file's key (None if the
    file gives none), ``row_id`` the stored row the edit form shows (None for a new row)."""

    section: str
    title: str
    text: str = ""
    key: str | None = None
    row_id: int | None = None


@dataclass(frozen=True)
class ItemPlan:
    """Every draft with the stored row it continues (None for a new item), and the stored rows
    that nothing continues."""

    placed: list[tuple[ItemDraft, StrategyItem | None]]
    removed: list[StrategyItem]

    def lost_links(self) -> list[StrategyItem]:
        """Return the rows whose activity links would go: removed rows, and rows moved from a
        section that activities serve to one they do not."""
        moved = [
            row
            for draft, row in self.placed
            if row is not None
            and row.section in ACTIVITY_SECTIONS
            and draft.section not in ACTIVITY_SECTIONS
        ]
        return [*self.removed, *moved]


def plan_items(existing: Sequence[StrategyItem], drafts: Sequence[ItemDraft]) -> ItemPlan:
    """Return which row each draft continues: first by form id or key, then (for a draft with
    neither) by the same title in the same section among the rows still unclaimed."""
    by_id = {row.pk: row for row in existing}
    by_key = {row.key: row for row in existing}
    found: list[StrategyItem | None] = []
    claimed: set[int] = set()
    for draft in drafts:
        row = by_id.get(draft.row_id) if draft.row_id is not None else by_key.get(draft.key or "")
        row = row if row is not None and row.pk not in claimed else None
        found.append(row)
        claimed |= {row.pk} if row is not None else set()
    for index, draft in enumerate(drafts):
        if found[index] is None and draft.key is None and draft.row_id is None:
            row = _same_title(existing, draft, claimed)
            found[index] = row
            claimed |= {row.pk} if row is not None else set()
    removed = [row for row in existing if row.pk not in claimed]
    return ItemPlan(list(zip(drafts, found, strict=True)), removed)


def _same_title(
    existing: Sequence[StrategyItem], draft: ItemDraft, claimed: set[int]
) -> StrategyItem | None:
    for row in existing:
        if row.pk not in claimed and row.section == draft.section and row.title == draft.title:
            return row
    return None


@dataclass(frozen=True)
class ServedItem:
    """A stored item that activities serve: how many, and the titles of their plans."""

    item: StrategyItem
    activity_count: int
    plan_titles: list[str]

    def __str__(self) -> str:
        return ngettext(
            "“%(item)s” (%(section)s) is served by %(count)d activity, in %(plans)s.",
            "“%(item)s” (%(section)s) is served by %(count)d activities, in %(plans)s.",
            self.activity_count,
        ) % {
            "item": self.item.title,
            "section": str(SECTION_SINGULAR[Section(self.item.section)]).lower(),
            "count": self.activity_count,
            "plans": ", ".join(_("“%(title)s”") % {"title": t} for t in self.plan_titles),
        }


def served(items: Sequence[StrategyItem]) -> list[ServedItem]:
    """Return the items among ``items`` that at least one activity serves, in the order given."""
    counts = dict(
        StrategyItem.objects.filter(pk__in=[item.pk for item in items])
        .annotate(n=Count("activities"))
        .filter(n__gt=0)
        .values_list("pk", "n")
    )
    result = []
    for item in items:
        if item.pk in counts:
            plans = Plan.objects.filter(activities__strategy_items=item).distinct()
            titles = sorted(plans.values_list("title", flat=True))
            result.append(ServedItem(item, counts[item.pk], titles))
    return result


class ItemsInUseError(ValidationError):
    """Saving would take items away from the activities that serve them, and the user has not
    confirmed it. ``served`` names each item, how many activities serve it and in which plans."""

    def __init__(self, served_items: list[ServedItem]) -> None:
        self.served = served_items
        lines = [str(entry) for entry in served_items]
        lines.append(
            _(
                "Nothing was saved. Keep these items, or confirm that the activities lose "
                "their link to them (it is recorded in each plan's history)."
            )
        )
        super().__init__(lines)


def write_items(strategy: Strategy, plan: ItemPlan) -> None:
    """Make the strategy's items those of ``plan``: delete the removed rows, update the
    continued ones (their key kept), create the new ones with the file's key or a new one,
    and number each section 1, 2, … in the order of the drafts."""
    StrategyItem.objects.filter(pk__in=[row.pk for row in plan.removed]).delete()
    # Move the remaining rows out of the way first, so that renumbering never meets the
    # unique (strategy, section, position) constraint half-way.
    top = strategy.items.aggregate(top=Max("position"))["top"] or 0
    strategy.items.update(position=F("position") + top)
    taken = {row.key for _draft, row in plan.placed if row is not None}
    taken |= {draft.key for draft, row in plan.placed if row is None and draft.key}
    positions: dict[str, int] = {}
    for draft, row in plan.placed:
        if row is None:
            key = draft.key or new_key(draft.title, taken)
            taken.add(key)
            row = StrategyItem(strategy=strategy, key=key)
        positions[draft.section] = positions.get(draft.section, 0) + 1
        row.section, row.position = draft.section, positions[draft.section]
        row.title, row.text = draft.title, draft.text
        row.save()
