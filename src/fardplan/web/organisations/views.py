"""County and organisation pages."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.organisations.ordering import in_swedish_order, swedish_key
from fardplan.web.strategies.models import Strategy


def unit_groups(units: list[Organisation]) -> list[tuple[str, list[Organisation]]]:
    """Return care units grouped by unit kind as ``(kind label, units)``, in the order given
    (the queryset orders by kind, then name). Units without a kind form one group."""
    groups = groupby(units, key=lambda unit: unit.get_unit_kind_display())
    return [(label, in_swedish_order(members)) for label, members in groups]


def collaboration_bodies(county: County) -> list[tuple[Organisation, list[Organisation]]]:
    """Return the county's collaboration bodies in Swedish order, each with its members
    (region first, then in Swedish order)."""
    bodies = county.organisations.collaborations()
    pairs = [(body, in_swedish_order(body.members.all())) for body in bodies]
    return sorted(pairs, key=lambda pair: swedish_key(pair[0].name))


def county_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Render a county: its strategies, principals, care units and collaboration bodies.
    An unknown code gives 404."""
    county = get_object_or_404(County, code=code)
    organisations = county.organisations.all()
    context = {
        "county": county,
        "strategies": Strategy.objects.visible_to(request.user)
        .filter(county=county)
        .order_by("-period_start", "title"),
        "principals": in_swedish_order(organisations.principals()),
        "unit_groups": unit_groups(list(organisations.care_units())),
        "collaborations": collaboration_bodies(county),
        # Link the county-wide plan only for those who may read it (others would get a 404).
        "can_view_plans": scope_for(request.user).can_read_county(county.pk),
    }
    return render(request, "organisations/county_detail.html", context)


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render one organisation: its kind and county, and what belongs to it. A municipality
    shows its care units and collaboration bodies; a collaboration body shows its members; a
    care unit shows its principal and municipality. An unknown id gives 404."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("county", "municipality"), pk=pk
    )
    is_body = organisation.kind == OrganisationKind.COLLABORATION
    context = {
        "organisation": organisation,
        "units": in_swedish_order(organisation.units.care_units()),
        "collaborations": in_swedish_order(organisation.collaborations.all()),
        "members": in_swedish_order(organisation.members.all()) if is_body else [],
    }
    return render(request, "organisations/organisation_detail.html", context)
