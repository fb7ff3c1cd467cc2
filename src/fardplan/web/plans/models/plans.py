"""A plan: local (one municipality or area, agreed by the municipality, its health centres and
the hospital), internal (one principal's own part) or county-wide (county-level activities; the
county-wide view merges it with every other plan of the county)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.strategies.models import Strategy

if TYPE_CHECKING:
    from fardplan.web.plans.models.activities import Activity


# Plans and activities run within these bounds: a date outside them is a slip of the keyboard
# (9999-12-31), and every view that lays dates on a timeline may rely on the range.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)


def validate_plan_date(value: date) -> None:
    """Raise ``ValidationError`` unless ``value`` lies between the earliest and latest date."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Give a date from %(first)s to %(last)s."),
            code="date_range",
            params={"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
        )


class PlanKind(models.TextChoices):
    LOCAL = "local", _("Local action plan")
    INTERNAL = "internal", _("Internal action plan")
    COUNTY = "county", _("County-wide action plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    FOLLOW_UP = "follow_up", _("In follow-up")
    CLOSED = "closed", _("Closed")


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> PlanQuerySet:
        """Return the plans the user may read: every plan of the counties where the user has
        a membership (all plans for a superuser, none for an anonymous visitor)."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(county_id__in=scope.read_counties)

    def public(self) -> PlanQuerySet:
        """Return the plans marked public: anyone may read them, without logging in."""
        return self.filter(public=True)


class Plan(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="plans", verbose_name=_("county")
    )
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="plans", verbose_name=_("strategy")
    )
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="area_plans",
        verbose_name=_("municipality or area"),
        help_text=_("For local plans: the municipality the plan covers."),
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        verbose_name=_("owner"),
        help_text=_("The organisation that holds the plan."),
    )
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="plans",
        verbose_name=_("participants"),
        help_text=_("The organisations that draw up the plan together with the owner."),
    )
    start = models.DateField(_("start"), validators=[validate_plan_date])
    end = models.DateField(_("end"), validators=[validate_plan_date])
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "A public plan and its activities can be read by anyone, without logging in, "
            "under Follow-up. Who changed what is never shown there."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    if TYPE_CHECKING:
        activities: models.Manager[Activity]

    class Meta:
        ordering = ["county__code", "kind", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="plan_period_ordered",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=models.Q(kind="county"),
                name="plan_one_county_plan_per_strategy",
                violation_error_message=_("The strategy already has a county-wide plan."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])
