"""Record and present the change history of plans and activities.

Values are stored as JSON the way a reader needs them later: dates as ISO text, related
organisations and strategy items by their names (an id would say nothing once renamed or
deleted), choices by their code (translated when shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fardplan.web.plans.models import (
    Activity,
    ActivityStatus,
    ChangeAction,
    ChangeRecord,
    ChangeSubject,
    ExpectedDirection,
    Plan,
    PlanKind,
    PlanStatus,
    TargetGroup,
)

PLAN_FIELDS = ("title", "kind", "description", "area", "owner", "participants", "start", "end",
               "status", "public")  # fmt: skip
ACTIVITY_FIELDS = ("title", "description", "strategy_items", "responsible", "participants",
                   "target_groups", "start", "end", "status")  # fmt: skip

# The choices whose codes are translated when a value is shown.
_CHOICES: dict[str, dict[str, Promise | str]] = {
    "kind": dict(PlanKind.choices),
    "target_groups": dict(TargetGroup.choices),
}
_STATUS_CHOICES = {
    "plan": dict(PlanStatus.choices),
    "activity": dict(ActivityStatus.choices),
}
_EXTRA_LABELS = {"indicators": _("indicators"), "progress": _("progress update")}


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(related) for related in getattr(instance, name).all())
    value = getattr(instance, name)
    if field.is_relation:
        return None if value is None else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the JSON-ready values of ``fields``; many-to-many values as sorted name lists."""
    return {name: _value(instance, name) for name in fields}


def indicator_labels(activity: Activity) -> list[str]:
    """Return the activity's indicators as sorted ``"id (direction)"`` texts."""
    return sorted(f"{i.indicator_id} ({i.direction})" for i in activity.indicators.all())


def _subject(activity: Activity | None) -> ChangeSubject:
    return ChangeSubject.PLAN if activity is None else ChangeSubject.ACTIVITY


def _user(user: AbstractBaseUser | AnonymousUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def record_changes(
    user: AbstractBaseUser | AnonymousUser | None,
    plan: Plan,
    activity: Activity | None,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> list[ChangeRecord]:
    """Create one record per field whose value differs; return them (none if nothing changed)."""
    label = str(activity or plan)
    records = [
        ChangeRecord(
            plan=plan,
            activity=activity,
            subject=_subject(activity),
            object_label=label,
            action=ChangeAction.UPDATED,
            field=name,
            before=before.get(name),
            after=after.get(name),
            user=_user(user),
        )
        for name in after
        if before.get(name) != after.get(name)
    ]
    return ChangeRecord.objects.bulk_create(records)


def record_event(
    user: AbstractBaseUser | AnonymousUser | None,
    plan: Plan,
    activity: Activity | None,
    action: ChangeAction,
    values: Mapping[str, Any],
) -> ChangeRecord:
    """Record a creation (``values`` after) or deletion (``values`` before) of a whole object."""
    is_created = action == ChangeAction.CREATED
    return ChangeRecord.objects.create(
        plan=plan,
        activity=activity if is_created else None,
        subject=_subject(activity),
        object_label=str(activity or plan),
        action=action,
        before=None if is_created else dict(values),
        after=dict(values) if is_created else None,
        user=_user(user),
    )


# A progress report is kept in the history as its period and the start of its text.
_PROGRESS_EXCERPT = 200


def record_progress(
    user: AbstractBaseUser | AnonymousUser | None, activity: Activity, period: str, text: str
) -> ChangeRecord:
    """Record that ``user`` reported progress on the activity for ``period``."""
    excerpt = text if len(text) <= _PROGRESS_EXCERPT else text[: _PROGRESS_EXCERPT - 1] + "…"
    return ChangeRecord.objects.create(
        plan=activity.plan,
        activity=activity,
        subject=ChangeSubject.ACTIVITY,
        object_label=str(activity),
        action=ChangeAction.REPORTED,
        field="progress",
        after=f"{period}: {excerpt}",
        user=_user(user),
    )


def plan_history(plan: Plan) -> models.QuerySet[ChangeRecord]:
    """Return what the plan's page shows of its history, newest first: changes to the plan,
    activities added and removed, progress reported, and activities' links to the strategy."""
    shown = (
        models.Q(subject=ChangeSubject.PLAN)
        | ~models.Q(action=ChangeAction.UPDATED)
        | models.Q(field="strategy_items")
    )
    return plan.changes.filter(shown).select_related("user")


@dataclass(frozen=True)
class ShownChange:
    """A change record ready for a template: field label and readable values."""

    record: ChangeRecord
    label: str
    before: str
    after: str


def field_label(model: type[models.Model], name: str) -> str:
    if name in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[name])
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _indicator_text(label: str) -> str:
    """Return ``"id (decrease)"`` with the direction translated: ``"id (Minska)"``."""
    for code, text in ExpectedDirection.choices:
        label = label.replace(f"({code})", f"({text})")
    return label


def show_value(kind: str, name: str, value: Any) -> str:
    """Return a stored value as text: choices translated, lists joined, None as a dash."""
    if value is None or value == [] or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if name == "indicators" and isinstance(value, list):
        return ", ".join(_indicator_text(str(item)) for item in value)
    choices = _STATUS_CHOICES[kind] if name == "status" else _CHOICES.get(name, {})
    if isinstance(value, list):
        return ", ".join(str(choices.get(str(item), item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show_value(kind, key, item)}" for key, item in value.items())
    return str(choices.get(str(value), value))


def show_changes(
    records: Iterable[ChangeRecord], *, name_activities: bool = False
) -> list[ShownChange]:
    """Return records with readable labels and values, in the order given. With
    ``name_activities`` (the plan's page), an activity's record names the activity."""
    shown = []
    for record in records:
        is_activity = record.subject == ChangeSubject.ACTIVITY
        kind, model = ("activity", Activity) if is_activity else ("plan", Plan)
        if record.field:
            label = field_label(model, record.field)
        else:
            label = str(record.get_action_display())
        if is_activity and name_activities:
            label = f"{record.object_label}: {label}"
        shown.append(
            ShownChange(
                record,
                label,
                show_value(kind, record.field, record.before) if record.field else "",
                show_value(kind, record.field, record.after) if record.field else "",
            )
        )
    return shown


def serialise(value: Any) -> Any:
    """Return a form value in the stored form (names for objects, ISO dates, sorted lists)."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set):
        items = [serialise(item) for item in value]
        return sorted(items) if all(isinstance(i, str) for i in items) else items
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ConflictField:
    """One field of a refused stale save: what the user sent and what is stored now."""

    label: str
    yours: str
    current: str
    differs: bool


def conflict_fields(current: Plan | Activity, submitted: Mapping[str, Any]) -> list[ConflictField]:
    """Return every submitted field beside its current value, differing ones flagged."""
    is_activity = isinstance(current, Activity)
    kind, fields = ("activity", ACTIVITY_FIELDS) if is_activity else ("plan", PLAN_FIELDS)
    stored = snapshot(current, [name for name in fields if name in submitted])
    result = []
    for name, value in stored.items():
        yours = serialise(submitted[name])
        result.append(
            ConflictField(
                field_label(type(current), name),
                show_value(kind, name, yours),
                show_value(kind, name, value),
                yours != value,
            )
        )
    return result
