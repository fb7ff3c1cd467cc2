"""The start page: what Färdplan is and a county picker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fardplan.web.organisations.models import County


def home(request: HttpRequest) -> HttpResponse:
    """Render the start page with every county, those with a strategy first."""
    counties = County.objects.all()
    return render(request, "site/home.html", {"counties": counties})
