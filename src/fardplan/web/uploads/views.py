"""The upload page (template, file, every problem, the history), the preview and the save."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fardplan.sources.upload_format import LIMITS, Problem, template_csv
from fardplan.sources.upload_template import template_xlsx
from fardplan.web.decisions.upload_limits import bounded_uploads, refused_uploads
from fardplan.web.organisations.models import County
from fardplan.web.uploads import services
from fardplan.web.uploads.models import PendingUpload, UploadRecord

SHOWN_ROWS = 500  # the preview lists this many rows and changes of each kind; the rest counted
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ShownProblem:
    row: int | None
    column: str | None
    value: str | None
    message: str


def _language() -> str:
    return "sv" if (get_language() or "sv").startswith("sv") else "en"


def _shown(problems: tuple[Problem, ...]) -> list[ShownProblem]:
    language = _language()
    return [ShownProblem(p.row, p.column, p.value, p.text(language)) for p in problems]


def _county_for(request: HttpRequest, code: str) -> County:
    county = get_object_or_404(County, code=code)
    if not services.can_upload(request.user, county):
        raise PermissionDenied
    return county


def _too_big() -> Problem:
    mb = LIMITS.bytes // 2**20
    return Problem(
        f"The file is larger than {mb} MB, the most an upload may be.",
        f"Filen är större än {mb} MB, det största en uppladdning får vara.",
    )


@bounded_uploads(LIMITS.bytes)
@login_required
@require_http_methods(["GET", "POST"])
def upload_page(request: HttpRequest, code: str) -> HttpResponse:
    """GET shows the form and the history; POST checks the file and, when it is valid,
    keeps it and goes to its preview, else lists every problem (nothing is kept)."""
    county = _county_for(request, code)
    problems: tuple[Problem, ...] = ()
    file_name = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if refused_uploads(request):
            problems, file_name = (_too_big(),), refused_uploads(request)[0]
        elif upload is None:
            problems = (Problem("Choose a file to upload.", "Välj en fil att ladda upp."),)
        else:
            file_name = upload.name or "upload"
            checked = services.check_file(county, file_name, upload.read())
            if checked.valid:
                pending = services.keep_pending(request.user, county, file_name, checked.values)  # type: ignore[arg-type]
                return redirect("uploads:preview", code=county.code, token=pending.token)
            problems = checked.problems
    context = {
        "county": county,
        "problems": _shown(problems),
        "file_name": file_name,
        "history": UploadRecord.objects.filter(county=county).select_related("user")[:20],
        "limits": LIMITS,
        "indicators": services.uploadable_names(_language()),
    }
    return render(request, "uploads/upload.html", context)


def _pending_or_404(request: HttpRequest, county: County, token: str) -> PendingUpload:
    pending = services.pending_for(request.user, county, token)  # type: ignore[arg-type]
    if pending is None:
        raise Http404("no such pending upload")
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """GET shows the parsed rows and what saving adds, changes and removes; POST saves (or,
    with ``cancel``, drops the pending upload)."""
    county = _county_for(request, code)
    pending = _pending_or_404(request, county, token)
    if request.method == "POST":
        if "cancel" in request.POST:
            pending.delete()
            messages.info(request, _("The upload was cancelled; nothing was saved."))
        else:
            record = services.save_pending(pending, request.user)  # type: ignore[arg-type]
            messages.success(
                request,
                _("The file was saved: %(added)d added, %(changed)d changed, %(removed)d removed.")
                % {"added": record.added, "changed": record.changed, "removed": record.removed},
            )
        return redirect("uploads:page", code=county.code)
    values = services.pending_values(pending)
    changes = services.changes_of(pending)
    context = {
        "county": county,
        "pending": pending,
        "values": values[:SHOWN_ROWS],
        "value_count": len(values),
        "changes": changes,
        "shown_changes": [
            (kind, items[:SHOWN_ROWS], len(items))
            for kind, items in (
                (pgettext("uploaded values", "Added"), changes.added),
                (pgettext("uploaded values", "Changed"), changes.changed),
                (pgettext("uploaded values", "Removed"), changes.removed),
            )
        ],
        "shown_rows": SHOWN_ROWS,
    }
    return render(request, "uploads/preview.html", context)


@login_required
def record_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One saved upload's changes, cell by cell."""
    county = _county_for(request, code)
    record = get_object_or_404(UploadRecord, pk=pk, county=county)
    context = {"county": county, "record": record, "changes": record.changes.all()[:5000]}
    return render(request, "uploads/record.html", context)


@login_required
def template_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The template in the page's language, as CSV or as an Excel workbook with a guide."""
    county = _county_for(request, code)
    language = _language()
    name = "mall-vardeuppladdning" if language == "sv" else "upload-template"
    if fmt == "csv":
        response = HttpResponse(template_csv(language), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        content = template_xlsx(services.areas_of(county), language)
        response = HttpResponse(content, content_type=_XLSX)
    else:
        raise Http404("unknown format")
    response["Content-Disposition"] = f'attachment; filename="{name}-{county.code}.{fmt}"'
    return response
