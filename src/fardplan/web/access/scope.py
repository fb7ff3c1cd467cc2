"""What a user's memberships reach, computed once per request.

Every permission rule in the apps asks a :class:`Scope`, so that the rules read as set
membership and the database is asked once per user, not once per check.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from fardplan.web.access.models import Membership, Role

_CACHE_ATTRIBUTE = "_fardplan_scope"
_COUNTY_ROLES = {Role.ADMINISTRATOR, Role.COORDINATOR}


@dataclass(frozen=True)
class Scope:
    """The ids a user reaches. An anonymous user gets the empty scope."""

    is_superuser: bool = False
    read_counties: frozenset[int] = field(default_factory=frozenset)
    manage_counties: frozenset[int] = field(default_factory=frozenset)
    admin_counties: frozenset[int] = field(default_factory=frozenset)
    analyst_counties: frozenset[int] = field(default_factory=frozenset)
    editor_organisations: frozenset[int] = field(default_factory=frozenset)
    contributor_organisations: frozenset[int] = field(default_factory=frozenset)

    def can_read_county(self, county_id: int) -> bool:
        return self.is_superuser or county_id in self.read_counties

    def can_manage_county(self, county_id: int) -> bool:
        """True for administrators and coordinators of the county (and superusers)."""
        return self.is_superuser or county_id in self.manage_counties

    def can_administer_county(self, county_id: int) -> bool:
        return self.is_superuser or county_id in self.admin_counties

    def administers_any_county(self) -> bool:
        """True for superusers and the administrators of any county (the data refresh)."""
        return self.is_superuser or bool(self.admin_counties)

    def can_comment_county(self, county_id: int) -> bool:
        """True for analysts, coordinators and administrators of the county (and superusers):
        they write interpretations of the county's indicators."""
        return self.can_manage_county(county_id) or county_id in self.analyst_counties

    def edits_for(self, organisation_id: int | None) -> bool:
        return organisation_id is not None and organisation_id in self.editor_organisations

    def contributes_for(self, organisation_ids: set[int]) -> bool:
        """True if the user reports for one of these organisations (editors report too)."""
        reach = self.contributor_organisations | self.editor_organisations
        return bool(reach & organisation_ids)


def _build(user: AbstractBaseUser) -> Scope:
    memberships = Membership.objects.filter(user_id=user.pk).values_list(
        "role", "organisation_id", "organisation__county_id"
    )
    read: set[int] = set()
    manage: set[int] = set()
    admin: set[int] = set()
    analyst: set[int] = set()
    editor: set[int] = set()
    contributor: set[int] = set()
    for role, organisation_id, county_id in memberships:
        read.add(county_id)
        if role in _COUNTY_ROLES:
            manage.add(county_id)
        if role == Role.ADMINISTRATOR:
            admin.add(county_id)
        if role == Role.ANALYST:
            analyst.add(county_id)
        if role == Role.EDITOR:
            editor.add(organisation_id)
        if role == Role.CONTRIBUTOR:
            contributor.add(organisation_id)
    return Scope(
        is_superuser=bool(getattr(user, "is_superuser", False)),
        read_counties=frozenset(read),
        manage_counties=frozenset(manage),
        admin_counties=frozenset(admin),
        analyst_counties=frozenset(analyst),
        editor_organisations=frozenset(editor),
        contributor_organisations=frozenset(contributor),
    )


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """Return the user's scope, cached on the user object for the rest of the request.

    Inactive and anonymous users get the empty scope.
    """
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if isinstance(cached, Scope):
        return cached
    built = _build(user)
    setattr(user, _CACHE_ATTRIBUTE, built)
    return built


def forget_scope(user: AbstractBaseUser) -> None:
    """Drop the cached scope, after memberships change within the same request or test."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
