"""Lookups every view shares: they go through ``visible_to`` so no view can forget the scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from fardplan.web.decisions.models import Decision
from fardplan.web.organisations.models import County


def decision_for(request: HttpRequest, pk: int) -> Decision:
    """Return the decision if the user may read it; 404 otherwise (one on a draft strategy
    stays hidden from those who may not read the draft)."""
    decisions = Decision.objects.visible_to(request.user).select_related(
        "organisation__county", "strategy", "plan", "created_by", "updated_by"
    )
    return get_object_or_404(decisions, pk=pk)


def county_for(code: str) -> County:
    """Return the county with SCB code ``code``; 404 for an unknown code."""
    return get_object_or_404(County, code=code)
