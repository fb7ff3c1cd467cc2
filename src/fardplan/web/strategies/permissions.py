"""Who may do what with strategies: the county roles of :mod:`fardplan.web.access`, as for
plans. Administrators and coordinators of a county create, edit and import its strategies;
every member of the county reads its drafts; everyone reads adopted and retired strategies.
Superusers may do everything. The querysets are :meth:`StrategyQuerySet.visible_to` and
:meth:`StrategyQuerySet.editable_by`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County
from fardplan.web.strategies.models import Strategy

User = AbstractBaseUser | AnonymousUser


def managed_counties(user: User) -> QuerySet[County]:
    """Return the counties in which the user may create and import strategies."""
    scope = scope_for(user)
    if scope.is_superuser:
        return County.objects.all()
    return County.objects.filter(pk__in=scope.manage_counties)


def can_create_strategy(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.manage_counties)


def can_edit_strategy(user: User, strategy: Strategy) -> bool:
    return scope_for(user).can_manage_county(strategy.county_id)


def can_read_history(user: User, strategy: Strategy) -> bool:
    """Members of the county read who changed what (the history names users)."""
    return scope_for(user).can_read_county(strategy.county_id)
