"""Activities of a plan, the indicators they aim to move and their progress updates."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fardplan.catalogue import Indicator, load_catalogue
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import Organisation
from fardplan.web.plans.models.plans import Plan, validate_plan_date
from fardplan.web.strategies.models import StrategyItem


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Children and young people")
    ELDERLY = "elderly", _("Elderly with extensive needs")
    MENTAL_HEALTH = "mental_health", _("Mental ill-health")
    CHRONIC_DISEASE = "chronic_disease", _("Persons with chronic disease")
    DISABILITIES = "disabilities", _("Persons with disabilities")
    ALL = "all", _("All inhabitants")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


# An activity in one of these states needs no more follow-up.
FINISHED_STATUSES = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


class ExpectedDirection(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class ActivityQuerySet(models.QuerySet["Activity"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> ActivityQuerySet:
        """Return the activities the user may read (those of the plans the user may read)."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(plan__county_id__in=scope.read_counties)


class Activity(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("plan")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    strategy_items = models.ManyToManyField(
        StrategyItem,
        related_name="activities",
        verbose_name=_("direction changes and target areas"),
        help_text=_("At least one direction change or target area of the plan's strategy."),
    )
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="responsible_activities",
        verbose_name=_("responsible organisation"),
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="participating_activities",
        verbose_name=_("participating organisations"),
    )
    # A list of TargetGroup values; a JSON list keeps the choices in one field on every backend.
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    start = models.DateField(_("start"), validators=[validate_plan_date])
    end = models.DateField(_("end"), validators=[validate_plan_date])
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "start", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="activity_period_ordered",
                violation_error_message=_("The end must not be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:activity", args=[self.pk])

    def target_group_labels(self) -> list[str]:
        """Return the target groups' labels in the active language, unknown codes as given."""
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_groups]


class ActivityIndicator(models.Model):
    """An indicator from the catalogue that the activity is meant to move, and where."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("activity")
    )
    indicator_id = models.CharField(_("indicator"), max_length=60)
    direction = models.CharField(
        _("expected direction"), max_length=10, choices=ExpectedDirection.choices
    )
    areas = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="activity_indicators",
        verbose_name=_("areas"),
        help_text=_("The municipalities where the activity acts; none means the whole county."),
    )

    class Meta:
        ordering = ["activity", "indicator_id"]
        verbose_name = _("activity indicator")
        verbose_name_plural = _("activity indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "indicator_id"], name="activity_indicator_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_direction_display()})"

    @property
    def indicator(self) -> Indicator | None:
        """Return the catalogue entry, or None if the catalogue no longer has this id."""
        try:
            return load_catalogue().get(self.indicator_id)
        except KeyError:
            return None

    @property
    def name(self) -> str:
        """Return the indicator's name in the active language (the id if it is unknown)."""
        indicator = self.indicator
        if indicator is None:
            return self.indicator_id
        return indicator.name.en if get_language() == "en" else indicator.name.sv


class ProgressUpdate(models.Model):
    """A progress report for one follow-up period (a tertial such as ``"2025-T2"``)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="updates", verbose_name=_("activity")
    )
    period = models.CharField(_("follow-up period"), max_length=7)
    text = models.TextField(_("progress"))
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-period", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.activity} {self.period}"
