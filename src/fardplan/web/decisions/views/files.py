"""Serve an uploaded decision-basis file, to the members of the decision's county only.

The file goes out as an attachment with the type found when it was uploaded (never the
browser's claim) and ``nosniff``, so a browser neither renders it in the site's origin nor
guesses another type."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from fardplan.web.decisions import permissions
from fardplan.web.decisions.views.common import decision_for


@login_required
def basis_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """Return the file of one basis document. 404 for a decision the user may not read or a
    document without a file; 403 for a reader who is no member of the county."""
    decision = decision_for(request, pk)
    document = get_object_or_404(decision.documents, pk=document_pk)
    if not permissions.can_download_basis(request.user, decision):
        raise PermissionDenied
    if not document.file:
        raise Http404
    try:
        stream = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.original_name or f"underlag-{document.pk}",
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
