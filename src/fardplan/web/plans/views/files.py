"""Excel and Word files: export a plan or the county-wide merge, the template, import."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fardplan.web.plans import document, permissions, workbook
from fardplan.web.plans.importer import ImportFailed, import_plan
from fardplan.web.plans.models import Plan
from fardplan.web.plans.views.common import plan_for
from fardplan.web.plans.views.county import county_for
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Strategy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The error page lists this many problems and says how many more there are.
SHOWN_ERRORS = 100


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    return _download(workbook.plan_workbook(plan), XLSX, f"handlingsplan-{plan.pk}.xlsx")


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    return _download(document.plan_document(plan), DOCX, f"handlingsplan-{plan.pk}.docx")


def _county_plans(request: HttpRequest, code: str) -> tuple[str, list[Plan], int]:
    county = county_for(request, code)
    plans = Plan.objects.filter(county=county).select_related("owner", "area", "strategy")
    return county.name, list(plans.order_by("kind", "title")), county.pk


@login_required
def county_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    _name, plans, county_id = _county_plans(request, code)
    content = workbook.county_workbook(plans, county_id)
    return _download(content, XLSX, f"lansplan-{code}.xlsx")


@login_required
def county_docx(request: HttpRequest, code: str) -> HttpResponse:
    name, plans, _county_id = _county_plans(request, code)
    return _download(document.county_document(name, plans), DOCX, f"lansplan-{code}.docx")


@login_required
def template_xlsx(request: HttpRequest) -> HttpResponse:
    """The empty template; with ``?strategy=<slug>`` its Listor sheet names that strategy's
    direction changes and the county's organisations."""
    strategy = None
    slug = request.GET.get("strategy")
    if slug:
        strategy = Strategy.objects.filter(
            slug=slug, county_id__in=_readable_counties(request)
        ).first()
    return _download(workbook.template_workbook(strategy), XLSX, "handlingsplan-mall.xlsx")


def _readable_counties(request: HttpRequest) -> list[int]:
    plans_owners = permissions.plan_owner_choices(request.user)
    return list(plans_owners.values_list("county_id", flat=True).distinct())


class ImportForm(FreeTextForm, forms.Form):
    strategy = forms.ModelChoiceField(
        queryset=Strategy.objects.none(), label=gettext_lazy("Strategy")
    )
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy(
            "Fill in the template. Nothing is saved unless every cell is valid."
        ),
    )

    def __init__(self, *args: object, counties: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["strategy"].queryset = Strategy.objects.filter(county_id__in=counties)  # type: ignore[attr-defined]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_any_plan(request.user):
        raise PermissionDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, counties=_readable_counties(request)
    )
    failure: ImportFailed | None = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = import_plan(
                request.user, form.cleaned_data["strategy"], form.cleaned_data["file"].read()
            )
        except ImportFailed as refused:
            failure = refused
        else:
            messages.success(request, _("The plan was imported."))
            return redirect(plan)
    context = {
        "form": form,
        "errors": failure.errors[:SHOWN_ERRORS] if failure else [],
        "error_count": failure.total if failure else 0,
        "more_errors": failure.total - SHOWN_ERRORS if failure else 0,
    }
    return render(request, "plans/plan_import.html", context, status=400 if failure else 200)
