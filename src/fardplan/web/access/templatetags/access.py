"""Template filters of the access app: ``{% load access %}{% if user|manages_members %}``."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.access.members import manages_any_county

register = template.Library()


@register.filter
def manages_members(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True if the user may manage the memberships of at least one county."""
    return manages_any_county(user)
