"""A record of each refresh (``fardplan.refresh``): who or what started it, its steps, its
data-quality report and why it failed. ``fardplan refresh`` and the page's task both write it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RefreshRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        MANUAL = "manual", _("Manual")

    queued = models.DateTimeField(_("queued"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who started a scheduled run: the system account the command ran as.
    by_name = models.CharField(_("started by (account)"), max_length=150, blank=True)
    current_step = models.CharField(_("current step"), max_length=20, blank=True)
    steps = models.JSONField(_("steps"), default=list, blank=True)
    data_quality = models.JSONField(_("data-quality report"), null=True, blank=True)
    run_id = models.CharField(_("stored run"), max_length=64, blank=True)
    message = models.TextField(_("failure (English)"), blank=True)
    message_sv = models.TextField(_("failure (Swedish)"), blank=True)

    class Meta:
        ordering = ["-queued", "-pk"]
        verbose_name = _("refresh run")
        verbose_name_plural = _("refresh runs")

    def __str__(self) -> str:
        return f"{self.queued:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self) -> timedelta | None:
        if self.started is None:
            return None
        return (self.finished or self.started) - self.started

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def starter(self) -> str:
        return self.by.get_username() if self.by is not None else self.by_name
