"""Download a report as PDF or DOCX. Whoever may read the report may download it (the
lookup goes through ``Report.objects.for_user``: 404 outside the user's counties); an approved
report is rendered from its snapshot only, a draft from a fresh assembly (``content_of``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from fardplan.web.reports import export
from fardplan.web.reports.export import limits
from fardplan.web.reports.models import Report
from fardplan.web.reports.workflow import content_of

RENDERERS = {"pdf": export.render_pdf, "docx": export.render_docx}


@login_required
def export_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Return the report as an attachment named after its scope, period, version and
    status. 404 for another format; 413 for a report too large to lay out; 429 while the
    user's previous file is still being made (or the server stays busy)."""
    if fmt not in RENDERERS:
        raise Http404("unknown format")
    reports = Report.objects.for_user(request.user).select_related("strategy__county")
    report = get_object_or_404(reports, pk=pk)
    content = content_of(report)
    try:
        limits.check_size(content)
        with limits.render_slot(request.user.pk):
            data = RENDERERS[fmt](content)
    except limits.TooLarge as error:
        return HttpResponse(str(error), status=413, content_type="text/plain; charset=utf-8")
    except limits.Busy as error:
        busy = HttpResponse(str(error), status=429, content_type="text/plain; charset=utf-8")
        busy["Retry-After"] = "30"
        return busy
    response = HttpResponse(data, content_type=export.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{export.filename(content, fmt)}"'
    response["Cache-Control"] = "private, no-store"  # a draft changes; none is for a cache
    return response
