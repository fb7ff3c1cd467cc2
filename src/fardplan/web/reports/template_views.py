"""The template editor: a strategy's report sections, renamed, moved, removed and added by the
county's coordinators (``report_templates`` re-checks and records each change)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fardplan.web.reports import permissions
from fardplan.web.reports import report_templates as templates
from fardplan.web.reports.forms import AddSectionForm, TemplateSectionForm
from fardplan.web.reports.models import ReportTemplate, TemplateSection
from fardplan.web.strategies.models import Strategy

Action = Callable[[HttpRequest, ReportTemplate, int], None]


def _rename(request: HttpRequest, template: ReportTemplate, section_id: int) -> None:
    form = TemplateSectionForm(request.POST, prefix=f"s{section_id}")
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    templates.rename_section(request.user, template, section_id, form.cleaned_data["title"])
    templates.set_responsible(request.user, template, section_id, form.cleaned_data["responsible"])


ACTIONS: dict[str, Action] = {
    "save": _rename,
    "up": lambda r, t, s: templates.move_section(r.user, t, s, -1),
    "down": lambda r, t, s: templates.move_section(r.user, t, s, +1),
    "remove": lambda r, t, s: templates.remove_section(r.user, t, s),
}


def _add(request: HttpRequest, template: ReportTemplate) -> AddSectionForm:
    form = AddSectionForm(request.POST, strategy=template.strategy)
    if form.is_valid():
        data = form.cleaned_data
        try:
            templates.add_section(
                request.user, template, data["kind"], data["item"], data["title"],
                data["responsible"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
    return form


@login_required
def template_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the strategy's report template; its county's coordinators change it here."""
    strategy = get_object_or_404(Strategy.objects.select_related("county"), slug=slug)
    if not permissions.can_read_county(request.user, strategy.county_id):
        raise Http404("not a member of the county")
    may_edit = templates.can_edit_template(request.user, strategy)
    template = templates.template_for(strategy)
    add_form = AddSectionForm(strategy=strategy)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "add":
            add_form = _add(request, template)
            if not add_form.errors:
                messages.success(request, _("The section was added."))
                return redirect("reports:template", slug)
        elif action in ACTIONS:
            try:
                ACTIONS[action](request, template, _section_id(request))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The template was saved."))
            return redirect("reports:template", slug)
    context = {
        "strategy": strategy,
        "template": template,
        "sections": [(s, _row_form(s)) for s in templates.sections_of(template)],
        "may_edit": may_edit,
        "add_form": add_form,
        "changes": template.changes.select_related("user")[:100],
    }
    return render(request, "reports/template.html", context)


def _row_form(section: TemplateSection) -> TemplateSectionForm:
    initial = {"title": section.title, "responsible": section.responsible}
    return TemplateSectionForm(initial=initial, prefix=f"s{section.pk}")


def _section_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("section", ""))
    except ValueError:
        raise ValidationError(_("That section is no longer in the template.")) from None
