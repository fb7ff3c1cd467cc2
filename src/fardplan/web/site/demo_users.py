"""The demo's people: for each example county a coordinator, an editor and a viewer on the
region and an editor for each municipality with an example plan, so that the roles can be
tried.

Passwords are new on every build and only returned, for the command to print on screen;
they are never written to a log or a file.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from fardplan.web.access.models import Membership, Role
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.plans.examples import read_examples


@dataclass(frozen=True)
class Persona:
    username: str
    role: Role
    organisation_code: str
    organisation_kind: OrganisationKind


@dataclass(frozen=True)
class Login:
    """A demo login as printed: who, with which password, and what the role is for."""

    username: str
    password: str
    role: str
    organisation: str


def _ascii(name: str) -> str:
    """Return ``name`` lower-case without accents: "Västerbottens län" → "vasterbottens län"."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in folded if not unicodedata.combining(char))


def personas() -> list[Persona]:
    """Return the demo's personas, county by county in the example file's order."""
    region, municipality = OrganisationKind.REGION, OrganisationKind.MUNICIPALITY
    people = []
    for county in read_examples().counties:
        name = _county_slug(county.county)
        people.append(Persona(f"samordnare-{name}", Role.COORDINATOR, county.county, region))
        # The region is a principal too: it writes its part of the county's reports.
        people.append(Persona(f"redaktor-region-{name}", Role.EDITOR, county.county, region))
        owners = sorted({p.owner for p in county.plans if p.kind == "local"})
        for code in owners:
            town = _ascii(Organisation.objects.get(kind=municipality, code=code).name)
            slug = town.removesuffix(" kommun").replace(" ", "-")
            people.append(Persona(f"redaktor-{slug}", Role.EDITOR, code, municipality))
        people.append(Persona(f"lasare-{name}", Role.VIEWER, county.county, region))
    return people


def _county_slug(code: str) -> str:
    region = Organisation.objects.select_related("county").get(
        kind=OrganisationKind.REGION, code=code
    )
    return _ascii(region.county.short_name).replace(" ", "-")


def create_demo_users() -> list[Login]:
    """Create (or reset) every persona with a fresh random password and its one role; return
    their logins. A persona whose organisation is not loaded is skipped."""
    logins = []
    for persona in personas():
        organisation = Organisation.objects.get(
            kind=persona.organisation_kind, code=persona.organisation_code
        )
        password = secrets.token_urlsafe(9)
        user, _created = get_user_model().objects.get_or_create(username=persona.username)
        user.email = f"{persona.username}@example.org"
        user.is_active = True
        user.set_password(password)
        user.save()
        Membership.objects.filter(user=user).exclude(
            organisation=organisation, role=persona.role
        ).delete()
        Membership.objects.get_or_create(user=user, organisation=organisation, role=persona.role)
        logins.append(Login(persona.username, password, str(persona.role.label), organisation.name))
    return logins
