"""Template tags that put a strategy's adoption status on other apps' pages: a one-line
summary at the top of the strategy's page, and the full section (table, map, what is missing,
timeline) on the strategy's and the county's pages."""

from __future__ import annotations

from typing import Any

from django import template

from fardplan.web.decisions.overview import overview_of
from fardplan.web.decisions.permissions import can_record_in
from fardplan.web.organisations.models import County
from fardplan.web.strategies.models import Strategy, StrategyStatus

register = template.Library()


@register.inclusion_tag("decisions/_adoption_summary.html")
def adoption_summary(strategy: Strategy) -> dict[str, Any]:
    return {"overview": overview_of(strategy)}


@register.inclusion_tag("decisions/_adoption.html", takes_context=True)
def adoption_section(
    context: dict[str, Any], strategy: Strategy, level: int = 2, on_county_page: bool = False
) -> dict[str, Any]:
    """The full section; its heading is of ``level`` and its parts one below. On the county's
    page the heading names the strategy."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "overview": overview_of(strategy),
        "strategy": strategy,
        "level": level,
        "sub": level + 1,
        "id": f"adoption-{strategy.pk}",
        "can_record": user is not None and can_record_in(user, strategy.county),
        "on_county_page": on_county_page,
    }


@register.simple_tag(takes_context=True)
def adopted_strategies(context: dict[str, Any], county: County) -> list[Strategy]:
    """Return the county's strategies whose adoption the county page shows: those the user
    may read, except retired ones, newest period first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    strategies = Strategy.objects.visible_to(user).filter(county=county)
    live = strategies.exclude(status=StrategyStatus.RETIRED).select_related("county")
    return list(live.order_by("-period_start", "title"))
