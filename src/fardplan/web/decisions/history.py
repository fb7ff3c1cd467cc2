"""Record and present the history of decision records.

A decision is compared before and after a save: one record per changed field, the items,
statements, basis documents and conditions each as one list-valued field. Values are stored as
a reader needs them later: organisations and strategies by name, dates as ISO text, choices by
their code (translated when shown). Records are only ever added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fardplan.web.decisions.choices import Body, Concerns, DecisionKind, StatementKind
from fardplan.web.decisions.models import Decision, DecisionChange, DecisionChangeAction

User = AbstractBaseUser | AnonymousUser | None
FIELDS = ("organisation", "body", "meeting_date", "paragraph", "diary_number", "title",
          "concerns", "strategy", "plan", "concerns_text", "kind", "proposed_by", "sent_to",
          "requires_all_principals")  # fmt: skip
_LISTS = {
    "items": gettext_lazy("decision items"),
    "statements": gettext_lazy("statements"),
    "documents": gettext_lazy("decision basis"),
    "condition_organisations": gettext_lazy("conditions"),
}
_CHOICES: dict[str, dict[str, Any]] = {
    "body": dict(Body.choices),
    "concerns": dict(Concerns.choices),
    "kind": dict(DecisionKind.choices),
}
_EXCERPT = 160


def _value(decision: Decision, name: str) -> Any:
    value = getattr(decision, name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(decision: Decision) -> dict[str, Any]:
    """Return the decision's fields and parts as JSON-ready values."""
    values = {name: _value(decision, name) for name in FIELDS}
    values["items"] = [f"{item.number}. {item.text}" for item in decision.items.all()]
    values["statements"] = [
        f"{statement.kind}: {statement.parties or statement.members}: {statement.text}".rstrip(": ")
        for statement in decision.statements.all()
    ]
    values["documents"] = [
        f"{document.title} ({document.original_name})" if document.original_name else document.title
        for document in decision.documents.all()
    ]
    values["condition_organisations"] = sorted(
        str(organisation) for organisation in decision.condition_organisations.all()
    )
    return values


def label_of(decision: Decision) -> str:
    """Return the decision's name as the history keeps it ("Timrå kommunfullmäktige
    2021-01-25 § 17"), in the site's language whatever the request's: a stored text is read by
    everyone later."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(decision)


def _who(user: User) -> Any:
    return user if user is not None and user.is_authenticated else None


def record_changes(
    user: User, decision: Decision, before: Mapping[str, Any] | None, after: Mapping[str, Any]
) -> list[DecisionChange]:
    """Record a creation (``before`` None) or one row per changed value; return the rows."""
    common = {
        "decision": decision,
        "county_id": decision.organisation.county_id,
        "object_label": label_of(decision),
        "user": _who(user),
    }
    if before is None:
        return [DecisionChange.objects.create(action=DecisionChangeAction.CREATED,
                                              after=dict(after), **common)]  # fmt: skip
    records = [
        DecisionChange(action=DecisionChangeAction.UPDATED, field=name, before=before.get(name),
                       after=value, **common)
        for name, value in after.items()
        if before.get(name) != value
    ]  # fmt: skip
    return DecisionChange.objects.bulk_create(records)


def record_deletion(user: User, decision: Decision, values: Mapping[str, Any]) -> DecisionChange:
    """Record that the decision was deleted, with its values; the row outlives it."""
    return DecisionChange.objects.create(
        decision=None,
        county_id=decision.organisation.county_id,
        object_label=label_of(decision),
        action=DecisionChangeAction.DELETED,
        before=dict(values),
        user=_who(user),
    )


@dataclass(frozen=True)
class ShownChange:
    """A history row ready for a template: what changed and readable values."""

    record: DecisionChange
    label: str
    before: str
    after: str


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _statement_text(entry: str) -> str:
    kind, _sep, rest = entry.partition(": ")
    label = dict(StatementKind.choices).get(kind)
    return f"{label}: {rest}" if label else entry


def show_value(name: str, value: Any) -> str:
    """Return a stored value as text: choices translated, lists joined, None as a dash."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "statements" and isinstance(value, list):
        return "; ".join(_excerpt(_statement_text(str(entry))) for entry in value)
    if isinstance(value, list):
        return "; ".join(_excerpt(str(entry)) for entry in value)
    return _excerpt(str(_CHOICES.get(name, {}).get(str(value), value)))


def field_label(name: str) -> str:
    if name in _LISTS:
        return str(_LISTS[name]).capitalize()
    field = Decision._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def show_changes(records: Iterable[DecisionChange]) -> list[ShownChange]:
    """Return records with readable labels and values, in the order given."""
    shown = []
    for record in records:
        if record.action == DecisionChangeAction.UPDATED:
            label = field_label(record.field)
            before = show_value(record.field, record.before)
            after = show_value(record.field, record.after)
        else:
            label, before, after = str(record.get_action_display()), "", ""
        shown.append(ShownChange(record, label, before, after))
    return shown
