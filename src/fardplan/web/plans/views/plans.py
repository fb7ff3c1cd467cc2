"""Plan pages: list, create, show, edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County
from fardplan.web.plans import overview, permissions, services
from fardplan.web.plans.forms import PlanForm
from fardplan.web.plans.history import conflict_fields, plan_history, show_changes
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.plans.views.common import form_data, plan_for


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """List the plans the user may read, by county, with links to each county-wide view."""
    plans = Plan.objects.for_user(request.user).select_related("county", "owner", "strategy")
    scope = scope_for(request.user)
    counties = set(County.objects.filter(pk__in=scope.read_counties)) | {p.county for p in plans}
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "counties": sorted(counties, key=lambda c: c.code),
            "can_create": permissions.can_create_any_plan(request.user),
        },
    )


def creatable_counties(request: HttpRequest) -> list[County]:
    """Return the counties where the user may create a plan (owns one of its organisations)."""
    owners = permissions.plan_owner_choices(request.user)
    return list(County.objects.filter(pk__in=owners.values("county_id")).order_by("code"))


def chosen_county(request: HttpRequest, counties: list[County]) -> County | None:
    """Return the county of the new plan: the only one the user may plan in, else the one
    named by ``?lan=`` among those; None when it is still to be picked (or not allowed)."""
    if len(counties) == 1:
        return counties[0]
    code = request.GET.get("lan", "")
    return next((county for county in counties if county.code == code), None)


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    """Create a plan. A user who may plan in several counties picks the county first, so
    that the form offers only that county's strategies and organisations."""
    if not permissions.can_create_any_plan(request.user):
        raise PermissionDenied
    counties = creatable_counties(request)
    county = chosen_county(request, counties)
    if county is None:
        invalid = "lan" in request.GET
        context = {"counties": counties, "invalid": invalid}
        return render(request, "plans/plan_county.html", context, status=400 if invalid else 200)
    form = PlanForm(request.POST or None, user=request.user, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(request.user, form_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan was created."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None, "county": county})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    activities = plan.activities.select_related("responsible").prefetch_related(
        "strategy_items", "updates"
    )
    today = timezone.localdate()
    changes = plan_history(plan)[:30]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "activities": [(a, overview.lateness(a, today)) for a in activities],
            "participants": plan.participants.all(),
            "changes": show_changes(changes, name_activities=True),
            "can_edit": permissions.can_edit_plan(request.user, plan),
            "can_add_activity": permissions.can_add_activity(request.user, plan),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a plan. A save from a stale form is refused and both versions are shown."""
    plan = plan_for(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = PlanForm(request.POST or None, instance=plan, user=request.user, county=plan.county)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                request.user, plan, form_data(form), form.cleaned_data["version"] or 0
            )
        except services.StaleVersionError as stale:
            conflict = conflict_fields(stale.current, form_data(form))
            form = _rebind(request, stale.current, user=request.user, county=plan.county)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    context = {"form": form, "plan": plan, "conflict": conflict}
    return render(request, "plans/plan_form.html", context, status=409 if conflict else 200)


def _rebind(request: HttpRequest, current: Plan | Activity, **kwargs: object) -> PlanForm:
    """Keep what the user typed, but on the current version, so saving again is deliberate."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    return PlanForm(data, instance=current, **kwargs)  # type: ignore[arg-type]
