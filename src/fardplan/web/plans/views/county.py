"""The county-wide view: matrix, gaps, look-alike activities, timeline, missing updates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fardplan.web.access import members
from fardplan.web.organisations.models import County
from fardplan.web.plans import overview, permissions
from fardplan.web.plans.forms import TimelineFilterForm
from fardplan.web.plans.models import Plan
from fardplan.web.plans.periods import period_of
from fardplan.web.plans.timeline import build_timeline, filter_rows


def county_for(request: HttpRequest, code: str) -> County:
    """Return the county if the user may read its plans; 404 otherwise."""
    county = get_object_or_404(County, code=code)
    if not permissions.can_view_county(request.user, county.pk):
        raise Http404
    return county


@login_required
def county_overview(request: HttpRequest, code: str) -> HttpResponse:
    county = county_for(request, code)
    today = timezone.localdate()
    rows = overview.build_rows(overview.load_activities(county), today)
    municipalities = overview.municipalities(county)
    matrix = overview.county_matrix(rows, overview.direction_changes(rows, county), municipalities)
    filters = TimelineFilterForm(request.GET or None, county_id=county.pk)
    selected = rows
    if filters.is_valid():
        data = filters.cleaned_data
        selected = filter_rows(rows, data["organisation"], data["target_group"], data["status"])
    plans = list(Plan.objects.filter(county=county).select_related("owner"))
    context = {
        "county": county,
        "plans": plans,
        "can_create_plan": permissions.can_create_any_plan(request.user),
        "municipalities": municipalities,
        "matrix": matrix.rows,
        "active_municipalities": matrix.active,
        "other_municipalities": matrix.others,
        "gaps": overview.gaps_by_item(matrix.rows, municipalities),
        "can_manage_members": members.can_manage_members(request.user, county.pk),
        "similar": overview.similar(rows),
        "filters": filters,
        "timeline": build_timeline(selected),
        "selected_count": len(selected),
        "missing_updates": [row for row in rows if row.is_late and not row.has_current_update],
        "current_period": period_of(today),
        "today": today,
    }
    return render(request, "plans/county_overview.html", context)
