"""Create and change plans and activities: permission, validation, version and history in one
transaction, so every caller (views, import, example loader) gets the same rules.

Optimistic locking: each update names the version its form was built from; if another save
came first, :class:`StaleVersionError` carries the current object and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fardplan.catalogue import load_catalogue
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.plans import permissions
from fardplan.web.plans.history import (
    ACTIVITY_FIELDS,
    PLAN_FIELDS,
    record_changes,
    record_event,
    snapshot,
)
from fardplan.web.plans.models import Activity, ChangeAction, Plan, PlanKind
from fardplan.web.strategies.models import Section, StrategyItem

# ``None`` is the system itself (the example loader): it passes every permission check.
User = AbstractBaseUser | AnonymousUser | None
Versioned = TypeVar("Versioned", Plan, Activity)
ACTIVITY_SECTIONS = (Section.DIRECTION_CHANGE, Section.TARGET_AREA)


class StaleVersionError(Exception):
    """Another save came first. ``current`` is the object as it is now in the database."""

    def __init__(self, current: Plan | Activity) -> None:
        super().__init__(f"{current} was changed by someone else (now version {current.version})")
        self.current = current


def require(user: User, check: Callable[..., bool], *subject: Any) -> None:
    """Raise ``PermissionDenied`` unless the system acts or ``check(user, *subject)`` holds."""
    if user is not None and not check(user, *subject):
        raise PermissionDenied(_("You may not do this."))


def validate_strategy_items(plan: Plan, items: Iterable[StrategyItem]) -> None:
    """Raise ``ValidationError`` unless there is at least one item and every item is a
    direction change or target area of the plan's strategy."""
    items = list(items)
    if not items:
        raise ValidationError(_("Choose at least one direction change or target area."))
    for item in items:
        if item.strategy_id != plan.strategy_id or item.section not in ACTIVITY_SECTIONS:
            raise ValidationError(
                _("%(item)s is not a direction change or target area of the plan's strategy.")
                % {"item": item.title}
            )


def validate_plan(plan: Plan, participants: Iterable[Organisation]) -> None:
    """Raise ``ValidationError`` when the plan's organisations or strategy lie outside its
    county, or a local plan names no municipality."""
    if plan.strategy.county_id != plan.county_id or plan.owner.county_id != plan.county_id:
        raise ValidationError(_("The strategy and the owner must belong to the plan's county."))
    if plan.kind == PlanKind.LOCAL and plan.area is None:
        raise ValidationError(_("A local plan needs its municipality or area."))
    if plan.area is not None and plan.area.county_id != plan.county_id:
        raise ValidationError(_("The area must lie in the plan's county."))
    if any(o.county_id != plan.county_id for o in participants):
        raise ValidationError(_("Every participant must belong to the plan's county."))


def validate_activity(user: User, activity: Activity, data: Mapping[str, Any]) -> None:
    plan = activity.plan
    validate_strategy_items(plan, data.get("strategy_items", []))
    choices = Organisation.objects.filter(county_id=plan.county_id)
    if user is not None:
        choices = permissions.responsible_choices(user, plan)
    if not choices.filter(pk=activity.responsible_id).exists():
        raise PermissionDenied(_("You may not make this organisation responsible."))
    if any(o.county_id != plan.county_id for o in data.get("participants", [])):
        raise ValidationError(_("Every participating organisation must belong to the county."))


def _split(
    model: type[models.Model], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    plain: dict[str, Any] = {}
    related: dict[str, Any] = {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        (related if field.many_to_many else plain)[name] = value
    return plain, related


def _claim_version(instance: Versioned, expected: int) -> None:
    """Move the row to the next version if it still has ``expected``; else raise stale.

    A conditional UPDATE is atomic on SQLite and PostgreSQL alike, so two concurrent saves
    from the same version cannot both win.
    """
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersionError(model.objects.get(pk=instance.pk))
    instance.version = expected + 1


@transaction.atomic
def create_plan(user: User, data: Mapping[str, Any]) -> Plan:
    """Create a plan from form data (``participants`` a list of organisations)."""
    plain, related = _split(Plan, data)
    plan = Plan(**plain)
    plan.county_id = plan.strategy.county_id
    require(user, permissions.can_create_plan, plan.owner)
    validate_plan(plan, related.get("participants", []))
    plan.full_clean()
    plan.save()
    plan.participants.set(related.get("participants", []))
    record_event(user, plan, None, ChangeAction.CREATED, snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def update_plan(user: User, plan: Plan, data: Mapping[str, Any], version: int) -> Plan:
    """Apply ``data`` to the plan if it is still at ``version``; record each changed field."""
    plan = Plan.objects.select_related("strategy", "owner").get(pk=plan.pk)
    require(user, permissions.can_edit_plan, plan)
    before = snapshot(plan, PLAN_FIELDS)
    _claim_version(plan, version)
    plain, related = _split(Plan, data)
    for name, value in plain.items():
        setattr(plan, name, value)
    require(user, permissions.can_edit_plan, plan)  # may not hand the plan to another owner
    validate_plan(plan, related.get("participants", plan.participants.all()))
    plan.full_clean()
    plan.save()
    for name, value in related.items():
        getattr(plan, name).set(value)
    record_changes(user, plan, None, before, snapshot(plan, PLAN_FIELDS))
    return plan


@transaction.atomic
def create_activity(user: User, plan: Plan, data: Mapping[str, Any]) -> Activity:
    """Create an activity in the plan from form data; the user needs ``can_add_activity``."""
    require(user, permissions.can_add_activity, plan)
    plain, related = _split(Activity, data)
    activity = Activity(plan=plan, **plain)
    validate_activity(user, activity, data)
    activity.full_clean()
    activity.save()
    for name, value in related.items():
        getattr(activity, name).set(value)
    record_event(user, plan, activity, ChangeAction.CREATED, snapshot(activity, ACTIVITY_FIELDS))
    return activity


@transaction.atomic
def update_activity(
    user: User, activity: Activity, data: Mapping[str, Any], version: int
) -> Activity:
    """Apply ``data`` if the activity is still at ``version``; record each changed field."""
    activity = Activity.objects.select_related("plan").get(pk=activity.pk)
    require(user, permissions.can_edit_activity, activity)
    before = snapshot(activity, ACTIVITY_FIELDS)
    _claim_version(activity, version)
    plain, related = _split(Activity, data)
    for name, value in plain.items():
        setattr(activity, name, value)
    validate_activity(user, activity, {**{"strategy_items": activity.strategy_items.all()}, **data})
    activity.full_clean()
    activity.save()
    for name, value in related.items():
        getattr(activity, name).set(value)
    record_changes(user, activity.plan, activity, before, snapshot(activity, ACTIVITY_FIELDS))
    return activity


@transaction.atomic
def unlink_strategy_items(user: User, items: Iterable[StrategyItem]) -> int:
    """Take ``items`` out of every activity that serves them (before the strategy removes
    them, or moves them out of the sections activities serve), each activity moving to its
    next version and the change recorded in its plan's history. Return how many activities
    lost a link. The caller has checked that ``user`` may change the strategy."""
    items = list(items)
    activities = Activity.objects.filter(strategy_items__in=items).distinct()
    changed = list(activities.select_related("plan"))
    for activity in changed:
        before = snapshot(activity, ["strategy_items"])
        activity.strategy_items.remove(*items)
        after = snapshot(activity, ["strategy_items"])
        record_changes(user, activity.plan, activity, before, after)
    Activity.objects.filter(pk__in=[a.pk for a in changed]).update(version=F("version") + 1)
    return len(changed)


@transaction.atomic
def delete_activity(user: User, activity: Activity) -> None:
    require(user, permissions.can_edit_activity, activity)
    values = snapshot(activity, ACTIVITY_FIELDS)
    record_event(user, activity.plan, activity, ChangeAction.DELETED, values)
    activity.delete()


def municipalities_of(county_id: int) -> models.QuerySet[Organisation]:
    return Organisation.objects.filter(county_id=county_id, kind=OrganisationKind.MUNICIPALITY)


def check_indicator(indicator_id: str) -> None:
    """Raise ``ValidationError`` naming the id unless the catalogue has it."""
    try:
        load_catalogue().get(indicator_id)
    except KeyError:
        raise ValidationError(_("Unknown indicator %(id)s.") % {"id": indicator_id}) from None
