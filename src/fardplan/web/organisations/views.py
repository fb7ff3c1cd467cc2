"""County and organisation pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fardplan.web.organisations.models import County, Organisation


def county_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Render a county with its principals, care units and collaboration bodies."""
    county = get_object_or_404(County, code=code)
    organisations = county.organisations.all()
    return render(
        request,
        "organisations/county_detail.html",
        {"county": county, "principals": organisations.principals()},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render one organisation."""
    organisation = get_object_or_404(Organisation.objects.select_related("county"), pk=pk)
    return render(request, "organisations/organisation_detail.html", {"organisation": organisation})
