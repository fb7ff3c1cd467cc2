"""A report section's actions: write its text, mark it ready, send it back with a comment,
give it to a principal. Each goes through ``workflow`` (which re-checks the permission)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fardplan.web.reports import permissions, workflow
from fardplan.web.reports.forms import AssignForm, NarrativeForm, ReturnForm
from fardplan.web.reports.models import ReportSection
from fardplan.web.reports.views import report_for


def section_for(request: HttpRequest, pk: int, section_pk: int) -> ReportSection:
    """Return the section of a report the user may read; 404 otherwise."""
    report = report_for(request, pk)
    section = get_object_or_404(
        ReportSection.objects.select_related("organisation", "item"), pk=section_pk, report=report
    )
    section.report = report
    return section


def back_to(section: ReportSection) -> str:
    return f"{reverse('reports:detail', args=[section.report_id])}#section-{section.key}"


@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Edit the section's text. A save from a stale form is refused with status 409; the page
    then shows the text saved meanwhile beside the user's own (kept in the form)."""
    section = section_for(request, pk, section_pk)
    if not permissions.can_write(request.user, section):
        raise PermissionDenied
    initial = {"narrative": section.narrative, "version": section.version}
    form = NarrativeForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.save_narrative(request.user, section, data["narrative"], data["version"])
        except workflow.StaleSection as stale:
            conflict = stale.current
        else:
            messages.success(request, _("The text was saved."))
            return redirect(back_to(section))
    context = {"section": section, "report": section.report, "form": form, "conflict": conflict}
    if conflict is not None:
        # The user's text stays in the form, with the current version: a second save
        # replaces the other one's text, knowingly.
        mine = {"narrative": form.cleaned_data["narrative"], "version": conflict.version}
        context["form"] = NarrativeForm(mine)
        return render(request, "reports/section_edit.html", context, status=409)
    return render(request, "reports/section_edit.html", context)


@login_required
@require_POST
def section_ready(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = section_for(request, pk, section_pk)
    try:
        workflow.mark_ready(request.user, section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is marked ready.") % {"title": section.title})
    return redirect(back_to(section))


@login_required
@require_POST
def section_return(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = section_for(request, pk, section_pk)
    if not permissions.can_return(request.user, section):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("comment", [])))
        return redirect(back_to(section))
    try:
        workflow.return_section(request.user, section, form.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” was sent back.") % {"title": section.title})
    return redirect(back_to(section))


@login_required
@require_POST
def section_assign(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    section = section_for(request, pk, section_pk)
    if not permissions.can_assign(request.user, section.report):
        raise PermissionDenied
    form = AssignForm(request.POST, principals=permissions.principals(section.report.strategy))
    if not form.is_valid():
        messages.error(request, _("Choose a principal of the county."))
        return redirect(back_to(section))
    workflow.assign_section(request.user, section, form.cleaned_data["organisation"])
    messages.success(request, _("Who writes “%(title)s” was saved.") % {"title": section.title})
    return redirect(back_to(section))
