"""Activity pages: create, show (with indicators, progress and history), edit, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fardplan.web.plans import followup, overview, permissions, services
from fardplan.web.plans.forms import ActivityForm, IndicatorForm, ProgressForm
from fardplan.web.plans.history import conflict_fields, show_changes
from fardplan.web.plans.models import Activity
from fardplan.web.plans.periods import period_of
from fardplan.web.plans.views.common import activity_for, form_data, plan_for


@login_required
def activity_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = plan_for(request, plan_pk)
    if not permissions.can_add_activity(request.user, plan):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(request.user, plan, form_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity was added."))
            return redirect(activity)
    context = {"form": form, "plan": plan, "activity": None}
    return render(request, "plans/activity_form.html", context)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for(request, pk)
    user = request.user
    can_edit = permissions.can_edit_activity(user, activity)
    can_report = permissions.can_report_progress(user, activity)
    changes = activity.changes.select_related("user")
    current = period_of(timezone.localdate())
    context = {
        "activity": activity,
        "plan": activity.plan,
        "indicators": activity.indicators.prefetch_related("areas"),
        "updates": activity.updates.select_related("author"),
        "changes": show_changes(changes),
        "can_edit": can_edit,
        "can_report": can_report,
        "current_period": current,
        "late_reasons": overview.lateness(activity, timezone.localdate()),
        "indicator_form": IndicatorForm(activity=activity) if can_edit else None,
        "progress_form": ProgressForm(initial={"period": current, "status": activity.status})
        if can_report
        else None,
    }
    return render(request, "plans/activity_detail.html", context)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an activity. A save from a stale form is refused with status 409; the page then
    shows the user's values (kept in the form) beside the current ones."""
    activity = activity_for(request, pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    plan = activity.plan
    form = ActivityForm(request.POST or None, instance=activity, user=request.user, plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = form.cleaned_data["version"] or 0
            services.update_activity(request.user, activity, form_data(form), version)
        except services.StaleVersionError as stale:
            conflict = conflict_fields(stale.current, form_data(form))
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            current = Activity.objects.get(pk=activity.pk)
            form = ActivityForm(data, instance=current, user=request.user, plan=plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("plans:activity", pk=activity.pk)
    context = {"form": form, "plan": plan, "activity": activity, "conflict": conflict}
    return render(request, "plans/activity_form.html", context, status=409 if conflict else 200)


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and shows what goes with the activity; POST deletes it."""
    activity = activity_for(request, pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    plan = activity.plan
    if request.method == "POST":
        services.delete_activity(request.user, activity)
        messages.success(request, _("The activity was deleted."))
        return redirect(plan)
    context = {
        "activity": activity,
        "plan": plan,
        "indicator_count": activity.indicators.count(),
        "update_count": activity.updates.count(),
    }
    return render(request, "plans/activity_confirm_delete.html", context)


@login_required
@require_POST
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for(request, pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    form = IndicatorForm(request.POST, activity=activity)
    if form.is_valid():
        data = form.cleaned_data
        followup.add_indicator(
            request.user, activity, data["indicator_id"], data["direction"], data["areas"]
        )
        messages.success(request, _("The indicator was linked."))
    else:
        messages.error(request, _("The indicator was not linked: %(errors)s") % {
            "errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)
        })  # fmt: skip
    return redirect(activity)


@login_required
@require_POST
def indicator_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    activity = activity_for(request, pk)
    link = get_object_or_404(activity.indicators, pk=link_pk)
    followup.remove_indicator(request.user, link)
    messages.success(request, _("The indicator was removed."))
    return redirect(activity)


@login_required
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for(request, pk)
    if not permissions.can_report_progress(request.user, activity):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        followup.add_progress(request.user, activity, data["period"], data["text"], data["status"])
        messages.success(request, _("The progress update was saved."))
    else:
        messages.error(request, _("The progress update was not saved: write what has happened."))
    return redirect(activity)
