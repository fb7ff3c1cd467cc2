"""The public pages of the plans marked public (issue 19, point 9): anyone reads them without
logging in. They show the plan and its activities, never the history's names, the progress
updates' authors or an edit link; a plan that is not public is a 404 here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fardplan.web.plans import permissions


def public_list(request: HttpRequest) -> HttpResponse:
    """Render the public plans, by county."""
    plans = (
        permissions.public_plans()
        .select_related("county", "owner")
        .order_by("county__name", "title")
    )
    return render(request, "plans/public_list.html", {"plans": plans})


def public_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a public plan and its activities; 404 when the plan is not public."""
    plans = permissions.public_plans().select_related("county", "strategy", "owner", "area")
    plan = get_object_or_404(plans, pk=pk)
    activities = plan.activities.select_related("responsible").prefetch_related("strategy_items")
    context = {"plan": plan, "activities": activities, "participants": plan.participants.all()}
    return render(request, "plans/public_plan.html", context)


def public_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Render an activity of a public plan; 404 when its plan is not public."""
    activities = permissions.public_activities().select_related(
        "plan__county", "plan__owner", "responsible"
    )
    activity = get_object_or_404(activities, pk=pk)
    context = {
        "activity": activity,
        "plan": activity.plan,
        "indicators": activity.indicators.prefetch_related("areas"),
    }
    return render(request, "plans/public_activity.html", context)
