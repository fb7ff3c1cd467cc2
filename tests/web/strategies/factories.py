"""Small factories for the rows a strategy needs: counties, organisations, users with roles."""

from __future__ import annotations

from django.contrib.auth.models import User

from fardplan.reference import sweden
from fardplan.web.access.models import Membership, Role
from fardplan.web.organisations.models import County, Organisation, OrganisationKind

# The three counties of the example strategies, by SCB code.
EXAMPLE_COUNTIES = {"22": "Västernorrlands län", "24": "Västerbottens län", "25": "Norrbottens län"}


def county(code: str = "25", name: str | None = None) -> County:
    """Return the county with ``code``, creating it (with its region) if needed."""
    name = name or EXAMPLE_COUNTIES.get(code, f"Län {code}")
    row, _created = County.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": name.removesuffix("s län")}
    )
    Organisation.objects.get_or_create(
        kind=OrganisationKind.REGION,
        code=code,
        defaults={"name": f"Region {row.short_name}", "county": row},
    )
    return row


def municipality(code: str, name: str) -> Organisation:
    """Return the municipality with SCB ``code`` in its county (created as needed)."""
    row, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.MUNICIPALITY,
        code=code,
        defaults={"name": name, "county": county(code[:2])},
    )
    return row


def example_counties() -> None:
    """Create the three example counties with their regions and municipalities, from the
    reference data the platform ships."""
    for municipality_row in sweden.municipalities():
        if municipality_row.region_code in EXAMPLE_COUNTIES:
            municipality(municipality_row.code, municipality_row.name)


def region(code: str = "25") -> Organisation:
    """Return the region of the county with ``code`` (created with the county as needed)."""
    return Organisation.objects.get(kind=OrganisationKind.REGION, county=county(code))


def user(username: str, **memberships: Organisation) -> User:
    """Return a new user; keyword arguments are role=organisation memberships."""
    row = User.objects.create_user(username=username)
    for role, organisation in memberships.items():
        Membership.objects.create(user=row, organisation=organisation, role=Role(role))
    return row


def coordinator(code: str = "25", username: str = "samordnare") -> User:
    """Return a new county coordinator of the county with SCB ``code``."""
    return user(username, coordinator=region(code))
