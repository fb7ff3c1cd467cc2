"""Reading decisions: the county's list and one decision's page. Public, as the records are."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fardplan.web.decisions import history, permissions
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.overview import PrincipalRow, overview_of
from fardplan.web.decisions.views.common import county_for, decision_for
from fardplan.web.plans.permissions import can_view_plan


def county_decisions(request: HttpRequest, code: str) -> HttpResponse:
    """List the county's decisions, newest meeting first, and its deleted ones' history for
    the county's members."""
    county = county_for(code)
    decisions = (
        Decision.objects.visible_to(request.user)
        .in_county(county)
        .select_related("organisation", "strategy")
    )
    deleted = None
    if permissions.can_read_history(request.user, county.pk):
        deleted = county.decision_changes.filter(action="deleted").select_related("user")[:20]
    context = {
        "county": county,
        "decisions": decisions,
        "can_record": permissions.can_record_in(request.user, county),
        "deleted": deleted,
    }
    return render(request, "decisions/decision_list.html", context)


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a decision: items, statements, conditions, basis, recipients; its history for the
    county's members."""
    decision = decision_for(request, pk)
    user = request.user
    county_id = decision.organisation.county_id
    changes = None
    if permissions.can_read_history(user, county_id):
        changes = history.show_changes(decision.changes.select_related("user")[:50])
    context = {
        "decision": decision,
        "county": decision.organisation.county,
        "conditions": list(decision.condition_organisations.order_by("-kind", "name")),
        "can_edit": permissions.can_edit_decision(user, decision),
        "can_download": permissions.can_download_basis(user, decision),
        "show_plan": decision.plan is not None and can_view_plan(user, decision.plan),
        "changes": changes,
        "standing": standing_of(decision),
    }
    return render(request, "decisions/decision_detail.html", context)


def standing_of(decision: Decision) -> PrincipalRow | None:
    """Return where the deciding principal stands with the strategy now (a conditional
    decision's page says whether it is in force), or None for a decision on no strategy or
    by a collaboration body."""
    if decision.strategy is None:
        return None
    overview = overview_of(decision.strategy)
    return next((r for r in overview.rows if r.organisation.pk == decision.organisation_id), None)
