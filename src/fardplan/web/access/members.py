"""Who may manage memberships, and the services that add, change and remove them.

Administrators and county coordinators manage the memberships of every organisation in their
county; only an administrator may give, change or take away the administrator role. Nobody
changes or removes their own membership here (so that no one locks themselves out by
mistake). Every change is written to :class:`MembershipChange` in the same transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fardplan.web.access.models import Membership, MembershipAction, MembershipChange, Role
from fardplan.web.access.scope import forget_scope, scope_for
from fardplan.web.organisations.models import Organisation

User = AbstractBaseUser | AnonymousUser


def manages_any_county(user: User) -> bool:
    """True if the user may manage the memberships of at least one county."""
    scope = scope_for(user)
    return scope.is_superuser or bool(scope.manage_counties)


def can_manage_members(user: User, county_id: int) -> bool:
    """True for administrators and coordinators of the county (and superusers)."""
    return scope_for(user).can_manage_county(county_id)


def grantable_roles(user: User, county_id: int) -> list[tuple[str, str]]:
    """Return the (code, label) roles the user may give in the county: every role for an
    administrator, every role but administrator for a coordinator, none for anyone else."""
    scope = scope_for(user)
    if not scope.can_manage_county(county_id):
        return []
    is_admin = scope.can_administer_county(county_id)
    return [
        (code, str(label)) for code, label in Role.choices if is_admin or code != Role.ADMINISTRATOR
    ]


def can_change_membership(user: User, membership: Membership) -> bool:
    """True if the user may change the role of or remove this membership: a manager of its
    county, an administrator when the membership is one, and never the member themselves."""
    county_id = membership.organisation.county_id
    if membership.user_id == user.pk or not can_manage_members(user, county_id):
        return False
    is_admin_role = membership.role == Role.ADMINISTRATOR
    return not is_admin_role or scope_for(user).can_administer_county(county_id)


def _require_role(user: User, county_id: int, role: str) -> None:
    if role not in {code for code, _label in grantable_roles(user, county_id)}:
        label = dict(Role.choices).get(role, role)
        raise PermissionDenied(_("You may not give the role %(role)s.") % {"role": label})


def _require_unique(member_id: int, organisation: Organisation, role: str) -> None:
    if Membership.objects.filter(user_id=member_id, organisation=organisation, role=role).exists():
        raise ValidationError(
            _("The user already has the role %(role)s in %(organisation)s.")
            % {"role": Role(role).label, "organisation": organisation.name}
        )


def record(
    by: User, membership: Membership, action: MembershipAction, before: str, after: str
) -> MembershipChange:
    """Write one history record of a membership change; ``before``/``after`` are role codes
    ("" for none). Also used by the admin site, whose changes bypass these services."""
    organisation = membership.organisation
    return MembershipChange.objects.create(
        county_id=organisation.county_id,
        organisation=organisation,
        organisation_label=organisation.name,
        member_id=membership.user_id,
        member_label=membership.user.get_username(),
        action=action,
        role_before=before,
        role_after=after,
        changed_by_id=by.pk if by.is_authenticated else None,
    )


@transaction.atomic
def add_membership(
    by: User, member: AbstractBaseUser, organisation: Organisation, role: str
) -> Membership:
    """Give ``member`` the role in the organisation; return the new membership.

    Raises ``PermissionDenied`` unless ``by`` manages the organisation's county and may give
    the role, ``ValidationError`` if the member already has that role there.
    """
    if not can_manage_members(by, organisation.county_id):
        raise PermissionDenied(_("You may not manage the members of this county."))
    _require_role(by, organisation.county_id, role)
    _require_unique(member.pk, organisation, role)
    try:
        with transaction.atomic():  # a concurrent identical addition hits the constraint
            membership = Membership.objects.create(
                user_id=member.pk, organisation=organisation, role=role
            )
    except IntegrityError:
        _require_unique(member.pk, organisation, role)
        raise
    record(by, membership, MembershipAction.ADDED, "", role)
    forget_scope(member)
    return membership


def _locked(membership: Membership) -> Membership:
    """Return the membership read again under a row lock (``DoesNotExist`` if removed)."""
    return (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )


@transaction.atomic
def change_role(by: User, membership: Membership, role: str) -> Membership:
    """Give the membership another role; return it. Nothing is recorded if the role is the
    same. Raises ``PermissionDenied`` or ``ValidationError`` as :func:`add_membership`."""
    membership = _locked(membership)
    if not can_change_membership(by, membership):
        raise PermissionDenied(_("You may not change this membership."))
    if role == membership.role:
        return membership
    _require_role(by, membership.organisation.county_id, role)
    _require_unique(membership.user_id, membership.organisation, role)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(by, membership, MembershipAction.CHANGED, before, role)
    forget_scope(membership.user)
    return membership


@transaction.atomic
def remove_membership(by: User, membership: Membership) -> None:
    """Delete the membership and record who removed it. Raises ``PermissionDenied`` unless
    :func:`can_change_membership` allows it."""
    membership = _locked(membership)
    if not can_change_membership(by, membership):
        raise PermissionDenied(_("You may not remove this membership."))
    record(by, membership, MembershipAction.REMOVED, membership.role, "")
    membership.delete()
    forget_scope(membership.user)
