"""Indicators linked to strategy items: directly by a county's coordinators (``ItemIndicator``)
and through the activities that serve an item (``ActivityIndicator`` of the plans).

The services re-check the permission (administrators and coordinators of the strategy's
county), lock the item's row and write the link's history (who linked or removed, when) in
one transaction; views stay thin.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fardplan.catalogue import load_catalogue
from fardplan.web.access.scope import scope_for
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.plans.models import Activity, ActivityIndicator
from fardplan.web.strategies.models import StrategyItem

User = AbstractBaseUser | AnonymousUser
# ``None`` is the system itself (the demo's loader): it passes the permission check and the
# history shows "the system" as the one who linked.
Actor = User | None


def can_link(user: Actor, item: StrategyItem) -> bool:
    """Administrators and coordinators of the item's county (and superusers) link indicators;
    so does the system (``user`` None)."""
    return user is None or scope_for(user).can_manage_county(item.strategy.county_id)


def link_indicator(user: Actor, item: StrategyItem, indicator_id: str) -> ItemIndicator:
    """Link the catalogue indicator to the item and return the link.

    Raises PermissionDenied for a user who may not, ValidationError for an id the catalogue
    does not have or an indicator already linked to the item."""
    if not can_link(user, item):
        raise PermissionDenied("may not link indicators in this county")
    if indicator_id not in {entry.id for entry in load_catalogue().indicators}:
        raise ValidationError(
            _("The catalogue has no indicator “%(id)s”.") % {"id": indicator_id[:60]}
        )
    with transaction.atomic():
        StrategyItem.objects.select_for_update().filter(pk=item.pk).first()
        if ItemIndicator.objects.active().filter(item=item, indicator_id=indicator_id).exists():
            raise ValidationError(_("That indicator is already linked to this item."))
        try:
            with transaction.atomic():
                return ItemIndicator.objects.create(
                    item=item, indicator_id=indicator_id, linked_by=_who(user)
                )
        except IntegrityError as error:  # linked at the same moment by someone else
            raise ValidationError(_("That indicator is already linked to this item.")) from error


def unlink_indicator(user: User, link: ItemIndicator) -> None:
    """Mark the link removed by ``user`` (the row stays, as history). Raises PermissionDenied
    for a user who may not; removing a removed link changes nothing."""
    if not can_link(user, link.item):
        raise PermissionDenied("may not unlink indicators in this county")
    with transaction.atomic():
        ItemIndicator.objects.filter(pk=link.pk, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=_who(user)
        )


def _who(user: Actor) -> Any:
    """Return the user to record (None for the system or an anonymous one, which the views
    never pass)."""
    return user if user is not None and user.is_authenticated else None


@dataclass(frozen=True)
class LinkedIndicator:
    """An indicator of an item: linked directly (``link`` set) and/or through activities
    (``via_activities``: how many of the readable activities serving the item link it)."""

    indicator_id: str
    link: ItemIndicator | None
    via_activities: int

    @property
    def direct(self) -> bool:
        return self.link is not None


def indicators_of_items(user: User, items: list[StrategyItem]) -> dict[int, list[LinkedIndicator]]:
    """Return, per item id, the union of its direct links and the indicators of the activities
    serving it that ``user`` may read, in catalogue order (unknown ids last)."""
    direct = {
        (link.item_id, link.indicator_id): link
        for link in ItemIndicator.objects.active().filter(item__in=items)
    }
    via: dict[tuple[int, str], int] = defaultdict(int)
    serving = serving_activities(user, items)
    indicators = ActivityIndicator.objects.filter(activity_id__in=serving).values_list(
        "activity_id", "indicator_id"
    )
    for activity_id, indicator_id in indicators:
        for item_id in serving[activity_id]:
            via[(item_id, indicator_id)] += 1
    order = {entry.id: n for n, entry in enumerate(load_catalogue().indicators)}
    found: dict[int, list[LinkedIndicator]] = {item.pk: [] for item in items}
    for item_id, indicator_id in sorted(
        set(direct) | set(via), key=lambda k: order.get(k[1], len(order))
    ):
        if item_id in found:
            found[item_id].append(
                LinkedIndicator(
                    indicator_id, direct.get((item_id, indicator_id)), via[(item_id, indicator_id)]
                )
            )
    return found


def serving_activities(user: User, items: list[StrategyItem]) -> dict[int, set[int]]:
    """Return, per id of an activity ``user`` may read that serves one of the items, the ids
    of those items it serves."""
    through = Activity.strategy_items.through.objects.filter(
        strategyitem__in=items, activity__in=Activity.objects.for_user(user)
    ).values_list("activity_id", "strategyitem_id")
    serving: dict[int, set[int]] = defaultdict(set)
    for activity_id, item_id in through:
        serving[activity_id].add(item_id)
    return serving


def link_history(items: list[StrategyItem]) -> list[ItemIndicator]:
    """Return every link of the items, removed ones too, newest change first."""
    links = list(
        ItemIndicator.objects.filter(item__in=items).select_related(
            "item", "linked_by", "removed_by"
        )
    )
    return sorted(links, key=lambda link: link.removed_at or link.linked_at, reverse=True)
