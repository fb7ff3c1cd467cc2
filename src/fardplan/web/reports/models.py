"""Report templates, reports, their sections, their append-only history and the snapshot
an approved report is frozen into.

A template belongs to a strategy: its sections in order, each of a kind, for one strategy item
or none, written by the county's coordinators or by a principal. A report copies the template's
sections when it is created; later edits of the template change only new reports.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fardplan.content.free_text import LONG_TEXT_MAX_LENGTH
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import Organisation
from fardplan.web.reports import content
from fardplan.web.reports.periods import parse_period
from fardplan.web.strategies.models import Strategy, StrategyItem

TITLE_MAX_LENGTH = 200
RETURN_COMMENT_MAX_LENGTH = 2000  # why a section is sent back: a few sentences


class SectionKind(models.TextChoices):
    # In a context of their own: "Summary" alone is the admin's "Översikt".
    SUMMARY = content.SectionKind.SUMMARY.value, pgettext_lazy("report section", "Summary")
    TARGET_AREA = (
        content.SectionKind.TARGET_AREA.value,
        pgettext_lazy("report section", "Target area"),
    )
    DIRECTION_CHANGE = (
        content.SectionKind.DIRECTION_CHANGE.value,
        pgettext_lazy("report section", "Direction change"),
    )
    PREREQUISITE = (
        content.SectionKind.PREREQUISITE.value,
        pgettext_lazy("report section", "Prerequisite"),
    )
    PERSPECTIVE_GENDER = (
        content.SectionKind.PERSPECTIVE_GENDER.value,
        pgettext_lazy("report section", "Gender equality"),
    )
    PERSPECTIVE_CHILD = (
        content.SectionKind.PERSPECTIVE_CHILD.value,
        pgettext_lazy("report section", "The rights of the child"),
    )
    DECISIONS = content.SectionKind.DECISIONS.value, pgettext_lazy("report section", "Decisions")
    NEXT = content.SectionKind.NEXT.value, pgettext_lazy("report section", "What is next")


class Responsibility(models.TextChoices):
    COUNTY = "county", _("The county's coordinators")
    PRINCIPAL = "principal", _("A principal")


class ReportStatus(models.TextChoices):
    DRAFT = content.ReportStatus.DRAFT.value, _("Draft")
    READY = content.ReportStatus.READY.value, _("Ready for approval")
    APPROVED = content.ReportStatus.APPROVED.value, _("Approved")


class SectionStatus(models.TextChoices):
    DRAFT = content.SectionStatus.DRAFT.value, _("Draft")
    READY = content.SectionStatus.READY.value, _("Ready")
    RETURNED = content.SectionStatus.RETURNED.value, _("Sent back")
    APPROVED = content.SectionStatus.APPROVED.value, _("Approved")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ReportTemplate(models.Model):
    """The sections of a strategy's reports, in order."""

    strategy = models.OneToOneField(
        Strategy, on_delete=models.CASCADE, related_name="report_template",
        verbose_name=_("strategy"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return str(self.strategy)


class TemplateSection(models.Model):
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="sections",
        verbose_name=_("template"),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    item = models.ForeignKey(
        StrategyItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("strategy item"),
    )  # fmt: skip
    title = models.CharField(
        _("title"), max_length=TITLE_MAX_LENGTH, blank=True,
        help_text=_("Empty: the strategy item's title, or the name of the kind of section."),
    )  # fmt: skip
    responsible = models.CharField(
        _("written by"), max_length=20, choices=Responsibility.choices,
        default=Responsibility.COUNTY,
    )  # fmt: skip

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """Return the title override, else the item's title, else the kind's name."""
        if self.title:
            return self.title
        if self.item is not None:
            return self.item.title
        return str(SectionKind(self.kind).label)


class TemplateAction(models.TextChoices):
    CREATED = "created", _("Created from the strategy")
    ADDED = "added", _("Section added")
    RENAMED = "renamed", _("Section renamed")
    MOVED = "moved", _("Section moved")
    REMOVED = "removed", _("Section removed")
    RESPONSIBILITY = "responsibility", _("Who writes changed")


class TemplateChange(models.Model):
    """Who changed what in a template and when. Records are only ever added; the section is
    named by its title, which still reads after the section is removed."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="changes",
        verbose_name=_("template"),
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=20, choices=TemplateAction.choices)
    section_title = models.CharField(_("section"), max_length=TITLE_MAX_LENGTH, blank=True)
    before = models.CharField(_("before"), max_length=TITLE_MAX_LENGTH, blank=True)
    after = models.CharField(_("after"), max_length=TITLE_MAX_LENGTH, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("changed by"),
    )  # fmt: skip
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("template change")
        verbose_name_plural = _("template changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.section_title}"


class ReportQuerySet(models.QuerySet["Report"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> ReportQuerySet:
        """Return the reports ``user`` may read: those of the counties where the user has a
        membership (every one for a superuser, none for an anonymous visitor). An approved
        report stays internal: publishing it is the principals' own decision."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(strategy__county_id__in=scope.read_counties)


class Report(models.Model):
    """One version of a report for a period and a scope: the county (``organisation`` None)
    or one principal's part."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="reports", verbose_name=_("strategy")
    )
    period = models.CharField(_("period"), max_length=7)  # "2024T2", "2024H1", "2024"
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="reports",
        verbose_name=_("principal"), help_text=_("Empty: the whole county."),
    )  # fmt: skip
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    predecessor = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="successor",
        verbose_name=_("earlier version"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["strategy__county__code", "-period", "organisation__name", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # NULL is distinct in a unique index: the county's reports need their own.
            models.UniqueConstraint(
                fields=["strategy", "period", "version"],
                condition=models.Q(organisation__isnull=True),
                name="report_county_version_unique",
            ),
            models.UniqueConstraint(
                fields=["strategy", "period", "organisation", "version"],
                condition=models.Q(organisation__isnull=False),
                name="report_principal_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def scope_name(self) -> str:
        return self.organisation.name if self.organisation else self.strategy.county.name

    @property
    def period_label(self) -> str:
        """Return the period in words in the active language: "T2 2024 (maj–augusti)"."""
        return parse_period(self.period).label()

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED


class ReportSection(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections", verbose_name=_("report")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    item = models.ForeignKey(
        StrategyItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("strategy item"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("written by"), help_text=_("Empty: the county's coordinators."),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=SectionStatus.choices, default=SectionStatus.DRAFT
    )
    narrative = models.TextField(_("text"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    return_comment = models.TextField(
        _("comment when sent back"), blank=True, max_length=RETURN_COMMENT_MAX_LENGTH
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("updated by"),
    )  # fmt: skip

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_section_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class EventAction(models.TextChoices):
    CREATED = "created", _("Report created")
    ASSIGNED = "assigned", _("Section assigned")
    EDITED = "edited", _("Text edited")
    READY = "ready", _("Marked ready")
    RETURNED = "returned", _("Sent back with a comment")
    APPROVED = "approved", _("Approved")
    NEW_VERSION = "new_version", _("New version started")


class AppendOnly(Exception):
    """A history record was to be changed or deleted."""


class ReportEvent(models.Model):
    """Who did what to a report, and when: only ever added, never changed."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    section = models.ForeignKey(
        ReportSection, on_delete=models.SET_NULL, null=True, blank=True, related_name="events",
        verbose_name=_("section"),
    )  # fmt: skip
    section_title = models.CharField(_("section"), max_length=TITLE_MAX_LENGTH, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    text = models.TextField(_("details"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("by"),
    )  # fmt: skip
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        indexes = [models.Index(fields=["report", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.section_title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("a report's history is only ever added to")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("a report's history is only ever added to")


class ReportSnapshot(models.Model):
    """An approved report's content as it was approved: exactly
    ``ReportContent.model_dump_json()``, with its digest and the run it used."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="snapshot", verbose_name=_("report")
    )
    content = models.TextField(_("content"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    run_fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    catalogue_version = models.CharField(_("catalogue version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("frozen"), default=timezone.now)

    class Meta:
        verbose_name = _("report snapshot")
        verbose_name_plural = _("report snapshots")

    def __str__(self) -> str:
        return f"{self.report} {self.digest[:12]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("a snapshot is written once")
        super().save(*args, **kwargs)
