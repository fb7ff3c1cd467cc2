"""Strategy pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fardplan.web.strategies.models import Strategy


def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a strategy with its sections in order."""
    strategy = get_object_or_404(Strategy.objects.select_related("county"), slug=slug)
    return render(request, "strategies/strategy_detail.html", {"strategy": strategy})
