"""The activities meant to move an indicator in an area (the plans' indicator links), as far
as the user may read them: the plans' own rule (members of the county; anonymous visitors
read none)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.followup.areas import Area
from fardplan.web.organisations.models import OrganisationKind
from fardplan.web.plans.models import Activity, ActivityIndicator


@dataclass(frozen=True)
class LinkedActivity:
    """An activity linked to the indicator, with what the chart and the list show."""

    pk: int
    title: str
    start: date
    status: str
    status_label: str
    direction_label: str
    url: str


def linked_activities(
    user: AbstractBaseUser | AnonymousUser, indicator_id: str, where: Area
) -> list[LinkedActivity]:
    """Return the readable activities linked to the indicator that act in the area, by start.

    A municipality: links naming it, and links without areas (the whole county) of plans in
    its county. A region: every link of its county. Sweden: every readable link.
    """
    readable = Activity.objects.for_user(user)
    links = ActivityIndicator.objects.filter(indicator_id=indicator_id, activity__in=readable)
    if where.county_code is not None:
        links = links.filter(activity__plan__county__code=where.county_code)
    found = []
    for link in links.select_related("activity").prefetch_related("areas"):
        named = {a.code for a in link.areas.all() if a.kind == OrganisationKind.MUNICIPALITY}
        if where.is_municipality and named and where.code not in named:
            continue  # the activity acts in other municipalities of the county
        activity = link.activity
        found.append(
            LinkedActivity(
                pk=activity.pk,
                title=activity.title,
                start=activity.start,
                status=activity.status,
                status_label=str(activity.get_status_display()),
                direction_label=str(link.get_direction_display()),
                url=activity.get_absolute_url(),
            )
        )
    return sorted(found, key=lambda a: (a.start, a.title))
