"""Template filters of the access app: ``{% load access %}{% if user|manages_members %}``."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.access.members import manages_any_county
from fardplan.web.access.scope import scope_for

register = template.Library()


@register.filter
def manages_members(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True if the user may manage the memberships of at least one county."""
    return manages_any_county(user)


@register.filter
def administers_data(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for superusers and the administrators of any county: they see the data refresh."""
    return scope_for(user).administers_any_county()
