"""Bound each uploaded file while the request is read, not after.

Django streams an upload to memory or a temporary file whatever its size; a 2 GB "PDF" would
fill the disk before a form could look at it. :class:`BoundedUploadHandler` stops keeping a
file once it passes its limit (Django reads on and discards the rest) and records its name, so
that the view says which file was refused. A view installs it before the body is read: under
``csrf_exempt`` with ``csrf_protect`` inside, as Django's documentation prescribes, since the
CSRF check reads the body.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

_REFUSED = "_fardplan_refused_uploads"


class BoundedUploadHandler(FileUploadHandler):
    """Pass each file's chunks on to the next handler until it passes ``limit`` bytes; then
    skip the file and remember its name."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            refused: list[str] = getattr(self.request, _REFUSED, [])
            refused.append(self.file_name or self.field_name or "")
            setattr(self.request, _REFUSED, refused)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def refused_uploads(request: HttpRequest) -> list[str]:
    """Return the names of the files skipped for their size in this request."""
    return list(getattr(request, _REFUSED, []))


View = Callable[..., HttpResponse]


def bounded_uploads(limit: int) -> Callable[[View], View]:
    """Decorate a view so that every file it receives is bounded to ``limit`` bytes."""

    def decorate(view: View) -> View:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def bounded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            handlers = list(request.upload_handlers)
            request.upload_handlers = [BoundedUploadHandler(request, limit), *handlers]
            return protected(request, *args, **kwargs)

        return bounded

    return decorate
