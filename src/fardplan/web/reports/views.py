"""Report pages: the county's reports, one report (live while a draft, from its snapshot once
approved), approval and a new version. Every lookup goes through ``Report.objects.for_user``
(404 outside the user's counties) and every action through ``workflow`` (which re-checks)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fardplan.web.access.scope import scope_for
from fardplan.web.followup.series_views import SWEDISH_LOCALE
from fardplan.web.organisations.models import County
from fardplan.web.reports import content as c
from fardplan.web.reports import permissions, workflow
from fardplan.web.reports.forms import AssignForm, ReportCreateForm, ReturnForm
from fardplan.web.reports.models import Report, ReportSection, SectionStatus
from fardplan.web.reports.periods import current_tertial


def report_for(request: HttpRequest, pk: int) -> Report:
    """Return the report if the user may read it; 404 otherwise (its existence stays hidden)."""
    reports = Report.objects.for_user(request.user).select_related(
        "strategy__county", "organisation", "predecessor"
    )
    return get_object_or_404(reports, pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """List the counties whose reports the user reads; with one, go straight to it."""
    scope = scope_for(request.user)
    counties = County.objects.order_by("code")
    if not scope.is_superuser:
        counties = counties.filter(pk__in=scope.read_counties)
    if len(counties) == 1:
        return redirect("reports:county", counties[0].code)
    return render(request, "reports/index.html", {"counties": counties})


@login_required
def county_reports(request: HttpRequest, code: str) -> HttpResponse:
    """List the county's reports; its coordinators create new ones here."""
    county = get_object_or_404(County, code=code)
    if not permissions.can_read_county(request.user, county.pk):
        raise Http404("not a member of the county")
    may_create = permissions.manages(request.user, county.pk)
    form = None
    if may_create:
        initial = {"period": current_tertial(timezone.localdate()).code}
        form = ReportCreateForm(request.POST or None, county=county, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                report = workflow.create_report(
                    request.user, form.cleaned_data["strategy"], form.cleaned_data["period"],
                    form.cleaned_data["organisation"], form.cleaned_data["language"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The report was created."))
                return redirect(report)
    elif request.method == "POST":
        raise PermissionDenied
    reports = Report.objects.for_user(request.user).filter(strategy__county=county)
    context = {
        "county": county,
        "reports": reports.select_related("strategy", "organisation"),
        "form": form,
        "strategies": county.strategies.order_by("-period_start", "title") if may_create else [],
    }
    return render(request, "reports/county.html", context)


@dataclass(frozen=True)
class ShownSection:
    """A section of the content beside its row and what the user may do with it."""

    section: c.Section
    row: ReportSection | None
    level: int  # the heading level of its title
    may_write: bool
    may_mark_ready: bool
    may_return: bool
    may_assign: bool
    # The actions' addresses, made in the page's language before the section is rendered in
    # the report's (a {% url %} within it would switch the user's language).
    urls: dict[str, str] = field(default_factory=dict)


def shown_sections(
    request: HttpRequest, report: Report, content: c.ReportContent
) -> list[tuple[str, list[ShownSection]]]:
    """Return the sections grouped as numbered: (group heading, sections); a section outside
    a group is a group of its own with heading ''."""
    rows = {row.key: row for row in report.sections.select_related("organisation", "report")}
    user = request.user
    groups: list[tuple[str, list[ShownSection]]] = []
    for section in content.sections:
        row = rows.get(section.key)
        in_group = bool(section.group_title)
        shown = ShownSection(
            section, row, 3 if in_group else 2,
            may_write=row is not None and permissions.can_write(user, row),
            may_mark_ready=row is not None and permissions.can_mark_ready(user, row),
            may_return=row is not None and permissions.can_return(user, row),
            may_assign=row is not None and permissions.can_assign(user, report),
            urls=section_urls(row) if row is not None else {},
        )  # fmt: skip
        heading = f"{section.number.split('.')[0]} {section.group_title}" if in_group else ""
        if in_group and groups and groups[-1][0] == heading:
            groups[-1][1].append(shown)
        else:
            groups.append((heading, [shown]))
    return groups


def section_urls(row: ReportSection) -> dict[str, str]:
    names = ("section", "section_ready", "section_return", "section_assign")
    return {name: reverse(f"reports:{name}", args=[row.report_id, row.pk]) for name in names}


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    content = workflow.content_of(report)
    user = request.user
    rows = list(report.sections.all())
    manages = permissions.can_manage(user, report)
    context: dict[str, Any] = {
        "report": report,
        "content": content,
        "groups": shown_sections(request, report, content),
        "ready": sum(row.status == SectionStatus.READY for row in rows),
        "total": len(rows),
        "may_approve": permissions.can_approve(user, report),
        "manages": manages,
        "may_start_version": permissions.can_start_version(user, report),
        "successor": Report.objects.filter(predecessor=report).first(),
        "events": report.events.select_related("user")[:200],
        "return_form": ReturnForm(),
        "assign_form": AssignForm(principals=permissions.principals(report.strategy))
        if manages
        else None,
        "locale": SWEDISH_LOCALE if content.language == "sv" else None,
        "snapshot": getattr(report, "snapshot", None) if report.is_approved else None,
    }
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    try:
        workflow.approve(request.user, report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report was approved. Its content is now frozen."))
    return redirect(report)


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    successor = workflow.start_new_version(request.user, report)
    messages.success(
        request, _("Version %(version)s was started from the approved report.")
        % {"version": successor.version},
    )  # fmt: skip
    return redirect(successor)
