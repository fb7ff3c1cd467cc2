"""A strategy and its ordered items.

The sections and statuses are defined once in :mod:`fardplan.content.strategy` (the core's YAML
schema) so that the web app and the file format cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fardplan.content import strategy as content
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.strategies.keys import new_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class StrategyKind(models.TextChoices):
    TARGET_PICTURE = content.StrategyKind.TARGET_PICTURE.value, _("Target picture")
    ROADMAP = content.StrategyKind.ROADMAP.value, _("Roadmap")
    STRATEGY = content.StrategyKind.STRATEGY.value, _("Strategy")


class StrategyStatus(models.TextChoices):
    DRAFT = content.StrategyStatus.DRAFT.value, _("Draft")
    ADOPTED = content.StrategyStatus.ADOPTED.value, _("Adopted")
    RETIRED = content.StrategyStatus.RETIRED.value, _("Retired")


class Section(models.TextChoices):
    VISION = content.Section.VISION.value, _("Vision")
    TARGET_AREA = content.Section.TARGET_AREA.value, _("Target areas")
    PREREQUISITE = content.Section.PREREQUISITE.value, _("Prerequisites")
    DIRECTION_CHANGE = content.Section.DIRECTION_CHANGE.value, _("Direction changes")
    PERSPECTIVE = content.Section.PERSPECTIVE.value, _("Perspectives")


# The choices' labels are plural (they head the sections); one item is named in the singular.
SECTION_SINGULAR = {
    Section.VISION: _("Vision"),
    Section.TARGET_AREA: _("Target area"),
    Section.PREREQUISITE: _("Prerequisite"),
    Section.DIRECTION_CHANGE: _("Direction change"),
    Section.PERSPECTIVE: _("Perspective"),
}


def validate_no_control_character(text: str) -> None:
    """Refuse control characters, as the file format does (it could not export them)."""
    code = content.control_character(text)
    if code:
        raise ValidationError(
            _("Remove the invisible control character %(code)s."), params={"code": code}
        )


TEXT_VALIDATORS = [validate_no_control_character]
YEAR_VALIDATORS = [
    MinValueValidator(content.FIRST_YEAR),
    MaxValueValidator(content.LAST_YEAR),
]


SLUG_VALIDATORS = [
    RegexValidator(content.SLUG, _("Use lower-case letters a–z, digits and single hyphens."))
]


class StrategyQuerySet(models.QuerySet["Strategy"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> StrategyQuerySet:
        """Return the strategies ``user`` may read: every adopted or retired one, and the
        drafts of the counties where the user has a membership (every draft for a superuser,
        none for an anonymous visitor)."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        public = ~models.Q(status=StrategyStatus.DRAFT)
        return self.filter(public | models.Q(county_id__in=scope.read_counties))

    def editable_by(self, user: AbstractBaseUser | AnonymousUser) -> StrategyQuerySet:
        """Return the strategies ``user`` may change: those of the counties where the user is
        an administrator or coordinator (every one for a superuser, none for anyone else)."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(county_id__in=scope.manage_counties)


class Strategy(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("county")
    )
    slug = models.SlugField(
        _("short name"),
        max_length=content.SLUG_MAX_LENGTH,
        unique=True,
        validators=SLUG_VALIDATORS,
        help_text=_("Part of the address, e.g. “nara-vard-2030”."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StrategyKind.choices)
    title = models.CharField(
        _("title"), max_length=content.TITLE_MAX_LENGTH, validators=TEXT_VALIDATORS
    )
    summary = models.TextField(_("summary"), blank=True, validators=TEXT_VALIDATORS)
    period_start = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
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

    objects = StrategyQuerySet.as_manager()

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

    def organisations_in_order(self) -> list[Organisation]:
        """Return the organisations behind the strategy: the region first, then collaboration
        bodies, then municipalities, each by name."""
        rank: dict[str, int] = {OrganisationKind.REGION: 0, OrganisationKind.COLLABORATION: 1}
        return sorted(self.organisations.all(), key=lambda org: (rank.get(org.kind, 2), org.name))

    def items_by_section(self) -> list[tuple[Section, list[StrategyItem]]]:
        """Return every section in file order with its items by position (possibly none)."""
        items = sorted(self.items.all(), key=lambda item: item.position)
        return [
            (section, [item for item in items if item.section == section]) for section in Section
        ]


class StrategyItem(models.Model):
    """One ordered item of a strategy section: a title and a text. ``key`` names the item
    for good (unique within the strategy): a re-import finds the item by it, so activities
    stay linked to the same item whatever is inserted, moved or renamed around it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.CharField(_("key"), max_length=content.KEY_MAX_LENGTH, validators=SLUG_VALIDATORS)
    title = models.CharField(
        _("title"), max_length=content.TITLE_MAX_LENGTH, validators=TEXT_VALIDATORS
    )
    text = models.TextField(_("text"), blank=True, validators=TEXT_VALIDATORS)

    class Meta:
        ordering = ["strategy", "section", "position"]
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "section", "position"], name="strategy_item_position_unique"
            ),
            models.UniqueConstraint(fields=["strategy", "key"], name="strategy_item_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.section_label} {self.position}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save the item, first giving it a key made from its title if it has none."""
        if not self.key:
            taken = StrategyItem.objects.filter(strategy_id=self.strategy_id).exclude(pk=self.pk)
            self.key = new_key(self.title, set(taken.values_list("key", flat=True)))
        super().save(*args, **kwargs)

    @property
    def section_label(self) -> str:
        """Return the singular name of the item's section, e.g. "Riktningsförändring"."""
        return str(SECTION_SINGULAR[Section(self.section)])


class StrategyChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    ITEM_ADDED = "item_added", _("Item added")
    ITEM_CHANGED = "item_changed", _("Item changed")
    ITEM_REMOVED = "item_removed", _("Item removed")


class StrategyChangeSource(models.TextChoices):
    EDIT = "edit", _("edit form")
    IMPORT = "import", _("file import")
    SYSTEM = "system", _("the system")
    DECISION = "decision", _("a decision recorded")


class StrategyChange(models.Model):
    """Who changed what in a strategy, when and how (edit form or file import).

    A field change has ``field`` with the values ``before`` and ``after``; an item's addition,
    change or removal has ``item_key`` and the item's section, title and text as JSON (before
    none for an addition, after none for a removal). Records are only ever added.
    """

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="changes", verbose_name=_("strategy")
    )
    action = models.CharField(_("action"), max_length=20, choices=StrategyChangeAction.choices)
    source = models.CharField(_("made in"), max_length=10, choices=StrategyChangeSource.choices)
    field = models.CharField(_("field"), max_length=60, blank=True)
    item_key = models.CharField(_("item"), max_length=content.KEY_MAX_LENGTH, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="strategy_changes",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("strategy change")
        verbose_name_plural = _("strategy changes")
        indexes = [models.Index(fields=["strategy", "at"])]

    def __str__(self) -> str:
        return f"{self.strategy}: {self.field or self.item_key or self.action}"
