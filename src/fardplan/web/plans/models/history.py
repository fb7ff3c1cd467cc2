"""The change history: one record per changed field, with the value before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fardplan.web.plans.models.activities import Activity
from fardplan.web.plans.models.plans import Plan


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    DELETED = "deleted", _("Deleted")
    REPORTED = "reported", _("Progress reported")


class ChangeSubject(models.TextChoices):
    PLAN = "plan", _("Plan")
    ACTIVITY = "activity", _("Activity")


class ChangeRecord(models.Model):
    """Who changed what and when. ``activity`` is null for changes to the plan itself; it is
    set null (and ``object_label`` keeps the title) when the activity is deleted."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("plan")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("activity"),
    )
    subject = models.CharField(_("subject"), max_length=10, choices=ChangeSubject.choices)
    object_label = models.CharField(_("object"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    field = models.CharField(_("field"), max_length=60, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="plan_changes",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [models.Index(fields=["activity", "at"]), models.Index(fields=["plan", "at"])]

    def __str__(self) -> str:
        return f"{self.object_label}: {self.field or self.action}"
