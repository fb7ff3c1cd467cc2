"""Small factories for the rows a strategy needs: counties, organisations, users."""

from __future__ import annotations

from django.contrib.auth.models import Permission, User

from fardplan.reference import sweden
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


def user(username: str, *permissions: str) -> User:
    """Return a new user with the given ``strategies`` permissions (codenames)."""
    row = User.objects.create_user(username=username, password="not-used-in-tests")
    row.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="strategies", codename__in=permissions)
    )
    return row


def editor() -> User:
    return user("redaktor", "add_strategy", "change_strategy")
