"""A strategy and its ordered items.

The sections and statuses are defined once in :mod:`fardplan.content.strategy` (the core's YAML
schema) so that the web app and the file format cannot drift apart.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fardplan.web.organisations.models import County, Organisation


class StrategyKind(models.TextChoices):
    TARGET_PICTURE = "malbild", _("Target picture (målbild)")
    ROADMAP = "fardplan", _("Roadmap (färdplan)")
    STRATEGY = "strategi", _("Strategy")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    RETIRED = "retired", _("Retired")


class Section(models.TextChoices):
    VISION = "vision", _("Vision")
    TARGET_AREA = "target_area", _("Target area")
    PREREQUISITE = "prerequisite", _("Prerequisite")
    DIRECTION_CHANGE = "direction_change", _("Direction change")
    PERSPECTIVE = "perspective", _("Perspective")


class Strategy(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("county")
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StrategyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"))
    period_end = models.PositiveSmallIntegerField(_("to year"))
    status = models.CharField(
        _("status"), max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="strategies",
        verbose_name=_("organisations"),
        help_text=_("The organisations that stand behind the strategy."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["county__code", "-period_start", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="strategy_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategies:detail", args=[self.slug])


class StrategyItem(models.Model):
    """One ordered item of a strategy section: a title and a text."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["strategy", "section", "position"]
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "section", "position"], name="strategy_item_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.position}: {self.title}"
