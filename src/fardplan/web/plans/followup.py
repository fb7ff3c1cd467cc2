"""Indicators an activity aims to move, and progress updates per follow-up period."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fardplan.web.organisations.models import Organisation
from fardplan.web.plans import permissions
from fardplan.web.plans.history import indicator_labels, record_changes, record_progress
from fardplan.web.plans.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Activity,
    ActivityIndicator,
    ActivityStatus,
    ExpectedDirection,
    ProgressUpdate,
)
from fardplan.web.plans.periods import parse_period
from fardplan.web.plans.services import User, check_indicator, require


@transaction.atomic
def add_indicator(
    user: User,
    activity: Activity,
    indicator_id: str,
    direction: str,
    areas: Iterable[Organisation] = (),
) -> ActivityIndicator:
    """Link a catalogue indicator to the activity (or change its direction and areas)."""
    require(user, permissions.can_edit_activity, activity)
    check_indicator(indicator_id)
    if direction not in ExpectedDirection.values:
        raise ValidationError(_("Unknown direction %(value)s.") % {"value": direction})
    areas = list(areas)
    if any(area.county_id != activity.plan.county_id for area in areas):
        raise ValidationError(_("Every area must lie in the plan's county."))
    before = indicator_labels(activity)
    link, _created = ActivityIndicator.objects.update_or_create(
        activity=activity, indicator_id=indicator_id, defaults={"direction": direction}
    )
    link.areas.set(areas)
    after = indicator_labels(activity)
    record_changes(user, activity.plan, activity, {"indicators": before}, {"indicators": after})
    return link


@transaction.atomic
def remove_indicator(user: User, link: ActivityIndicator) -> None:
    activity = link.activity
    require(user, permissions.can_edit_activity, activity)
    before = indicator_labels(activity)
    link.delete()
    after = indicator_labels(activity)
    record_changes(user, activity.plan, activity, {"indicators": before}, {"indicators": after})


@transaction.atomic
def add_progress(
    user: User, activity: Activity, period: str, text: str, status: str
) -> ProgressUpdate:
    """Record a progress update; a new status is also set on the activity (a new version)."""
    require(user, permissions.can_report_progress, activity)
    try:
        year, _tertial = parse_period(period)
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            raise ValueError(period)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a follow-up period such as 2025-T1.") % {"value": period}
        ) from None
    if status not in ActivityStatus.values:
        raise ValidationError(_("Unknown status %(value)s.") % {"value": status})
    author: Any = user if user is not None and user.is_authenticated else None
    update = ProgressUpdate.objects.create(
        activity=activity, period=period, text=text, status=status, author=author
    )
    record_progress(user, activity, period, text)
    if status != activity.status:
        Activity.objects.filter(pk=activity.pk).update(status=status, version=F("version") + 1)
        record_changes(
            user, activity.plan, activity, {"status": activity.status}, {"status": status}
        )
        activity.refresh_from_db()
    return update
