"""The page shown when django-axes locks a login out (AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def locked_out(request: HttpRequest, original_response: Any, credentials: Any) -> HttpResponse:
    """Return the lockout page (status 429): how many failures locked the login, and for how
    many minutes. The username is not shown back."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=TOO_MANY_REQUESTS)
