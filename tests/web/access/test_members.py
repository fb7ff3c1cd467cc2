"""The membership services: who may give which role, and every change recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from fardplan.web.access import members
from fardplan.web.access.models import Membership, MembershipChange, Role
from fardplan.web.access.scope import scope_for
from tests.web.plans import factories
from tests.web.plans.factories import World


@pytest.fixture
def newcomer(world: World) -> User:
    return factories.user("nykomling")


@pytest.fixture
def administrator(world: World) -> User:
    return factories.user("admin25", administrator=world.region_norrbotten)


def test_it_lets_a_coordinator_add_an_editor_and_records_it(world: World, newcomer: User) -> None:
    membership = members.add_membership(world.coordinator, newcomer, world.lulea, Role.EDITOR)
    assert scope_for(newcomer).edits_for(world.lulea.pk)
    change = MembershipChange.objects.get()
    assert (change.member, change.changed_by, change.organisation) == (
        newcomer, world.coordinator, world.lulea
    )  # fmt: skip
    assert (change.action, change.role_before, change.role_after) == ("added", "", "editor")
    assert (change.county, change.organisation_label) == (world.norrbotten, "Luleå kommun")
    assert membership.role == Role.EDITOR


def test_it_keeps_the_administrator_role_for_administrators(
    world: World, newcomer: User, administrator: User
) -> None:
    coordinator_roles = dict(members.grantable_roles(world.coordinator, world.norrbotten.pk))
    assert set(coordinator_roles) == {"coordinator", "analyst", "editor", "contributor", "viewer"}
    with pytest.raises(PermissionDenied):
        members.add_membership(world.coordinator, newcomer, world.lulea, Role.ADMINISTRATOR)
    members.add_membership(administrator, newcomer, world.lulea, Role.ADMINISTRATOR)
    admin_membership = Membership.objects.get(user=administrator)
    assert not members.can_change_membership(world.coordinator, admin_membership)
    with pytest.raises(PermissionDenied):
        members.remove_membership(world.coordinator, admin_membership)
    with pytest.raises(PermissionDenied):
        members.change_role(world.coordinator, admin_membership, Role.VIEWER)
    assert Membership.objects.filter(user=administrator, role="administrator").exists()


@pytest.mark.parametrize("persona", ["lulea_editor", "umea_editor", "contributor", "viewer"])
def test_it_refuses_everyone_who_does_not_manage_the_county(
    world: World, newcomer: User, persona: str
) -> None:
    by = getattr(world, persona)
    assert members.grantable_roles(by, world.norrbotten.pk) == []
    with pytest.raises(PermissionDenied):
        members.add_membership(by, newcomer, world.lulea, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        members.remove_membership(by, Membership.objects.get(user=world.viewer))
    assert not MembershipChange.objects.exists()


def test_it_refuses_a_coordinator_of_another_county(world: World, newcomer: User) -> None:
    coordinator_24 = factories.user("samordnare24", coordinator=world.region_vasterbotten)
    with pytest.raises(PermissionDenied):
        members.add_membership(coordinator_24, newcomer, world.lulea, Role.EDITOR)
    lulea_membership = Membership.objects.get(user=world.lulea_editor)
    assert not members.can_change_membership(coordinator_24, lulea_membership)
    members.add_membership(coordinator_24, newcomer, world.umea, Role.EDITOR)
    assert scope_for(newcomer).edits_for(world.umea.pk)


def test_it_changes_a_role_and_records_before_and_after(world: World) -> None:
    membership = Membership.objects.get(user=world.viewer)
    members.change_role(world.coordinator, membership, Role.VIEWER)
    assert not MembershipChange.objects.exists()  # the same role changes nothing
    members.change_role(world.coordinator, membership, Role.CONTRIBUTOR)
    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR
    change = MembershipChange.objects.get()
    assert (change.action, change.role_before, change.role_after) == (
        "changed", "viewer", "contributor"
    )  # fmt: skip
    assert (change.role_before_label, change.role_after_label) == ("Viewer", "Contributor")


def test_it_removes_a_membership_and_keeps_the_record_after_the_user_is_gone(
    world: World,
) -> None:
    membership = Membership.objects.get(user=world.contributor)
    members.remove_membership(world.coordinator, membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not scope_for(world.contributor).contributor_organisations
    world.contributor.delete()
    change = MembershipChange.objects.get()
    assert (change.member, change.member_label, change.action) == (None, "hertson", "removed")
    assert (change.role_before, change.role_after_label) == ("contributor", "–")


def test_it_refuses_a_duplicate_and_writes_nothing(world: World) -> None:
    with pytest.raises(ValidationError, match="already has the role Organisation editor"):
        members.add_membership(world.coordinator, world.lulea_editor, world.lulea, Role.EDITOR)
    viewer = Membership.objects.get(user=world.viewer)
    members.add_membership(world.coordinator, world.viewer, world.region_norrbotten, "editor")
    with pytest.raises(ValidationError):
        members.change_role(world.coordinator, viewer, Role.EDITOR)
    assert MembershipChange.objects.count() == 1
    assert Membership.objects.get(pk=viewer.pk).role == Role.VIEWER


def test_it_lets_nobody_change_their_own_membership(world: World, administrator: User) -> None:
    own = Membership.objects.get(user=world.coordinator)
    assert not members.can_change_membership(world.coordinator, own)
    with pytest.raises(PermissionDenied):
        members.remove_membership(world.coordinator, own)
    assert members.can_change_membership(administrator, own)
    assert not members.can_change_membership(
        administrator, Membership.objects.get(user=administrator)
    )


def test_it_reports_who_manages_any_county(world: World) -> None:
    managers = {
        name: members.manages_any_county(getattr(world, name))
        for name in ("coordinator", "lulea_editor", "umea_editor", "contributor", "viewer")
    }
    assert managers == {
        "coordinator": True, "lulea_editor": False, "umea_editor": False,
        "contributor": False, "viewer": False,
    }  # fmt: skip


def test_it_turns_a_concurrent_duplicate_into_a_clear_error(
    world: World, newcomer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests pass the check before either writes; the second hits the constraint."""
    checks = iter([None])

    def first_check_passes(member_id: int, organisation: object, role: str) -> None:
        if next(checks, "again") == "again":
            real_require_unique(member_id, organisation, role)  # type: ignore[arg-type]
        else:
            Membership.objects.create(user=newcomer, organisation=world.lulea, role=role)

    real_require_unique = members._require_unique
    monkeypatch.setattr(members, "_require_unique", first_check_passes)
    with pytest.raises(ValidationError, match="already has the role"):
        members.add_membership(world.coordinator, newcomer, world.lulea, Role.EDITOR)
    assert not MembershipChange.objects.exists()
