"""An upload waiting for its preview to be confirmed, and the history of saved uploads: one
record per saved file, one change per cell it added, changed or removed (before and after)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fardplan.web.organisations.models import County


class PendingUpload(models.Model):
    """A valid file's rows between the preview and the save. One per user and county: a new
    preview replaces the previous one; an old one expires (``services.PENDING_HOURS``)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    values = models.JSONField(_("values"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self) -> str:
        return self.file_name


class UploadRecord(models.Model):
    """A saved upload: who, when, which file, and how many values it changed."""

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("county")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=200)
    batch_id = models.CharField(_("batch"), max_length=32)
    indicators = models.JSONField(_("indicators"))
    periods = models.JSONField(_("periods"))
    rows = models.PositiveIntegerField(_("rows"))
    added = models.PositiveIntegerField(_("added"))
    changed = models.PositiveIntegerField(_("changed"))
    removed = models.PositiveIntegerField(_("removed"))
    unchanged = models.PositiveIntegerField(_("unchanged"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%Y-%m-%d %H:%M})"


class ChangeAction(models.TextChoices):
    ADDED = "added", pgettext_lazy("uploaded values", "Added")
    CHANGED = "changed", pgettext_lazy("uploaded values", "Changed")
    REMOVED = "removed", pgettext_lazy("uploaded values", "Removed")


class UploadChange(models.Model):
    """One cell an upload added, changed or removed; ``before``/``after`` its numbers."""

    record = models.ForeignKey(UploadRecord, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    indicator_id = models.CharField(_("indicator"), max_length=100)
    period = models.CharField(_("period"), max_length=7)
    area_code = models.CharField(_("area"), max_length=4)
    sex = models.CharField(_("sex"), max_length=1)
    age_group = models.CharField(_("age group"), max_length=20)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("uploaded change")
        verbose_name_plural = _("uploaded changes")

    def __str__(self) -> str:
        return f"{self.action} {self.indicator_id} {self.period} {self.area_code}"
