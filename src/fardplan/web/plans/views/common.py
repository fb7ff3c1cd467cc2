"""Lookups every view shares: they go through ``for_user`` so no view can forget the scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from fardplan.web.plans.models import Activity, Plan


def plan_for(request: HttpRequest, pk: int) -> Plan:
    """Return the plan if the user may read it; 404 otherwise (its existence stays hidden)."""
    plans = Plan.objects.for_user(request.user).select_related(
        "county", "strategy", "owner", "area"
    )
    return get_object_or_404(plans, pk=pk)


def activity_for(request: HttpRequest, pk: int) -> Activity:
    """Return the activity if the user may read its plan; 404 otherwise."""
    activities = Activity.objects.for_user(request.user).select_related(
        "plan__county", "plan__strategy", "plan__owner", "responsible"
    )
    return get_object_or_404(activities, pk=pk)


def form_data(form: Any) -> dict[str, Any]:
    """Return the cleaned values of the form's model fields (not the hidden version)."""
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
