"""Membership changes made on the admin site land in the same history."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fardplan.web.access.models import Membership, MembershipChange
from tests.web.plans import factories
from tests.web.plans.factories import World


def test_it_records_admin_additions_changes_and_deletions(client: Client, world: World) -> None:
    superuser = get_user_model().objects.create_superuser("root", password=None)
    newcomer = factories.user("nykomling")
    client.force_login(superuser)
    add_url = reverse("admin:access_membership_add")
    data = {"user": newcomer.pk, "organisation": world.lulea.pk, "role": "viewer"}
    assert client.post(add_url, data).status_code == 302
    membership = Membership.objects.get(user=newcomer)
    change_url = reverse("admin:access_membership_change", args=[membership.pk])
    client.post(change_url, {**data, "role": "editor"})
    client.post(change_url, {**data, "role": "editor"})  # unchanged: no record
    delete_url = reverse("admin:access_membership_delete", args=[membership.pk])
    client.post(delete_url, {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    others = Membership.objects.filter(user__in=[world.viewer, world.contributor])
    changelist = reverse("admin:access_membership_changelist")
    selected = [m.pk for m in others]
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    history = [
        (c.member_label, c.action, c.role_before, c.role_after, c.changed_by)
        for c in MembershipChange.objects.order_by("id")
    ]
    assert history[:3] == [
        ("nykomling", "added", "", "viewer", superuser),
        ("nykomling", "changed", "viewer", "editor", superuser),
        ("nykomling", "removed", "editor", "", superuser),
    ]
    assert sorted(h[0] for h in history[3:]) == ["hertson", "lasare"]
    assert client.get(reverse("admin:access_membershipchange_changelist")).status_code == 200
