"""Record and present the change history of strategies.

A strategy is compared before and after a save: one record per changed field, one per item
added, changed or removed, and one per section whose remaining items changed order. Values
are stored as a reader needs them later: organisations and the county by name, choices by
their code (translated when shown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from fardplan.web.strategies.models import (
    SECTION_SINGULAR,
    Section,
    Strategy,
    StrategyChange,
    StrategyChangeAction,
    StrategyItem,
    StrategyKind,
    StrategyStatus,
)

User = AbstractBaseUser | AnonymousUser | None
FIELDS = ("slug", "county", "kind", "title", "summary", "period_start", "period_end", "status",
          "organisations")  # fmt: skip
ORDER_PREFIX = "order:"
_CHOICES: dict[str, dict[str, Any]] = {
    "kind": dict(StrategyKind.choices),
    "status": dict(StrategyStatus.choices),
}
_EXCERPT = 120
_RELATED = {"county", "organisations"}


@dataclass(frozen=True)
class FieldFormat:
    """How another app's rows in a strategy's history read: ``label`` names what changed,
    ``value`` shows a stored before or after value."""

    label: Callable[[StrategyChange], str]
    value: Callable[[Any], str]


# Other apps record their own fields here under a prefix (decisions: "adoption:<code>" for a
# principal's adoption state) and say how they read, so that this module needs none of them.
_FORMATS: dict[str, FieldFormat] = {}


def register_format(prefix: str, field_format: FieldFormat) -> None:
    """Show the history rows whose field starts with ``prefix`` with ``field_format``."""
    _FORMATS[prefix] = field_format


def _format_of(record: StrategyChange) -> FieldFormat | None:
    return next((f for p, f in _FORMATS.items() if record.field.startswith(p)), None)


@dataclass(frozen=True)
class Snapshot:
    """A strategy's fields and its items (by row id) as stored at one moment."""

    fields: dict[str, Any]
    items: dict[int, dict[str, Any]]


_SECTIONS = list(Section)


def _file_order(row: StrategyItem) -> tuple[int, int]:
    return _SECTIONS.index(Section(row.section)), row.position


def snapshot(strategy: Strategy) -> Snapshot:
    """Return the strategy's fields and items as JSON-ready values."""
    fields = {name: getattr(strategy, name) for name in FIELDS if name not in _RELATED}
    fields["county"] = strategy.county.name
    fields["organisations"] = sorted(o.name for o in strategy.organisations.all())
    items = {
        row.pk: {"key": row.key, "section": row.section, "position": row.position,
                 "title": row.title, "text": row.text}
        for row in sorted(strategy.items.all(), key=_file_order)
    }  # fmt: skip
    return Snapshot(fields, items)


def _item_value(item: Mapping[str, Any]) -> dict[str, Any]:
    return {name: item[name] for name in ("section", "title", "text")}


def _order_changes(before: Snapshot, after: Snapshot) -> list[tuple[str, list[str], list[str]]]:
    """Return (section, titles before, titles after) for each section whose items kept from
    before changed their relative order."""
    changes = []
    for section in Section:
        kept = [
            pk
            for pk, item in before.items.items()
            if item["section"] == section and after.items.get(pk, {}).get("section") == section
        ]
        old = sorted(kept, key=lambda pk: before.items[pk]["position"])
        new = sorted(kept, key=lambda pk: after.items[pk]["position"])
        if old != new:
            titles = [before.items[pk]["title"] for pk in old]
            changes.append((section.value, titles, [after.items[pk]["title"] for pk in new]))
    return changes


def record(
    user: User, strategy: Strategy, before: Snapshot | None, after: Snapshot, source: str
) -> list[StrategyChange]:
    """Record what changed from ``before`` to ``after`` (a creation when ``before`` is None)
    and return the records (none if nothing changed)."""
    who: Any = user if user is not None and user.is_authenticated else None

    def change(action: str, **values: Any) -> StrategyChange:
        return StrategyChange(strategy=strategy, action=action, source=source, user=who, **values)

    records: list[StrategyChange] = []
    if before is None:
        before = Snapshot({}, {})
        records.append(change(StrategyChangeAction.CREATED, after=after.fields))
    else:
        records += [
            change(StrategyChangeAction.UPDATED, field=name, before=before.fields[name],
                   after=value)
            for name, value in after.fields.items()
            if before.fields.get(name) != value
        ]  # fmt: skip
    for pk, item in after.items.items():
        old = before.items.get(pk)
        if old is None:
            records.append(change(StrategyChangeAction.ITEM_ADDED, item_key=item["key"],
                                  after=_item_value(item)))  # fmt: skip
        elif _item_value(old) != _item_value(item):
            records.append(change(StrategyChangeAction.ITEM_CHANGED, item_key=item["key"],
                                  before=_item_value(old), after=_item_value(item)))  # fmt: skip
    for pk, item in before.items.items():
        if pk not in after.items:
            records.append(change(StrategyChangeAction.ITEM_REMOVED, item_key=item["key"],
                                  before=_item_value(item)))  # fmt: skip
    if before.items:
        records += [
            change(StrategyChangeAction.UPDATED, field=ORDER_PREFIX + section, before=old,
                   after=new)
            for section, old, new in _order_changes(before, after)
        ]  # fmt: skip
    return StrategyChange.objects.bulk_create(records)


@dataclass(frozen=True)
class ShownChange:
    """A strategy change ready for a template: what changed and readable values."""

    record: StrategyChange
    label: str
    before: str
    after: str


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _show(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return _excerpt(str(_CHOICES.get(name, {}).get(str(value), value)))


def _show_item(item: Mapping[str, Any] | None) -> str:
    if not item:
        return "–"
    return f"{item['title']}: {_excerpt(item['text'])}" if item["text"] else item["title"]


def _label(record: StrategyChange) -> str:
    registered = _format_of(record)
    if registered is not None:
        return registered.label(record)
    if record.action == StrategyChangeAction.UPDATED:
        if record.field.startswith(ORDER_PREFIX):
            section = Section(record.field.removeprefix(ORDER_PREFIX))
            return _("Order of %(section)s") % {"section": str(section.label).lower()}
        field = Strategy._meta.get_field(record.field)
        return str(getattr(field, "verbose_name", record.field)).capitalize()
    action = str(record.get_action_display())
    item = record.after or record.before
    if isinstance(item, dict) and "section" in item:
        return f"{action} ({str(SECTION_SINGULAR[Section(item['section'])]).lower()})"
    return action


def show_changes(records: Iterable[StrategyChange]) -> list[ShownChange]:
    """Return records with readable labels and values, in the order given."""
    shown = []
    for record in records:
        label = _label(record)
        registered = _format_of(record)
        if registered is not None:
            before, after = registered.value(record.before), registered.value(record.after)
        elif record.action == StrategyChangeAction.CREATED:
            before, after = "", _show("title", (record.after or {}).get("title"))
        elif record.action == StrategyChangeAction.UPDATED:
            before, after = _show(record.field, record.before), _show(record.field, record.after)
        else:
            before, after = _show_item(record.before), _show_item(record.after)
        shown.append(ShownChange(record, label, before, after))
    return shown
