"""Roles: who may do what, scoped by organisation.

A membership gives a user one role in one organisation. The role's reach follows from the
organisation: a coordinator or administrator on any organisation of a county (usually the
region) acts on the whole county; an editor acts on what its organisation is responsible for;
a contributor reports progress where its organisation takes part; an analyst reads the county
and comments on its indicators; a viewer reads the county.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fardplan.web.organisations.models import Organisation


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("County coordinator")
    ANALYST = "analyst", _("Analyst")
    EDITOR = "editor", _("Organisation editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_counties(self, county_ids: Iterable[int]) -> MembershipQuerySet:
        return self.filter(organisation__county_id__in=list(county_ids))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__county__code", "organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class MembershipAction(models.TextChoices):
    ADDED = "added", _("Added")
    CHANGED = "changed", _("Role changed")
    REMOVED = "removed", _("Removed")


class MembershipChange(models.Model):
    """Who gave, changed or took away whose role, and when.

    Names are kept as text beside the links, so the record still reads after the user or the
    organisation is deleted (the links are then set null). ``role_before`` is empty for an
    addition, ``role_after`` for a removal.
    """

    county = models.ForeignKey(
        "organisations.County",
        on_delete=models.CASCADE,
        related_name="membership_changes",
        verbose_name=_("county"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_changes",
        verbose_name=_("organisation"),
    )
    organisation_label = models.CharField(_("organisation name"), max_length=200)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_history",
        verbose_name=_("member"),
    )
    member_label = models.CharField(_("member's username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=MembershipAction.choices)
    role_before = models.CharField(_("role before"), max_length=20, blank=True)
    role_after = models.CharField(_("role after"), max_length=20, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="membership_changes_made",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        indexes = [models.Index(fields=["county", "at"])]

    def __str__(self) -> str:
        return f"{self.member_label} – {self.get_action_display()} – {self.organisation_label}"

    def role_label(self, code: str) -> str:
        """Return the translated name of a stored role code ("–" when empty)."""
        return str(dict(Role.choices).get(code, code)) if code else "–"

    @property
    def role_before_label(self) -> str:
        return self.role_label(self.role_before)

    @property
    def role_after_label(self) -> str:
        return self.role_label(self.role_after)
