"""A political decision as its protocol extract records it, and the history of the records.

A decision belongs to one organisation: a principal (the region or a municipality) or a
collaboration body (Polsam). Its body, date, paragraph and diary number identify it; its
items say what was decided; a condition makes it wait for other organisations' decisions
(Timrå: "on condition that the region and every municipality of the county do the same").
The adoption status of a strategy is derived from these rows (:mod:`.adoption`), never stored.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fardplan.web.access.scope import scope_for
from fardplan.web.decisions.choices import (
    CONDITIONAL_KINDS,
    Body,
    Concerns,
    DecisionKind,
    StatementKind,
)
from fardplan.web.decisions.storage import basis_storage
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.plans.models import Plan
from fardplan.web.strategies.models import Strategy, StrategyStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Decisions on god och nära vård are recent; a date before 1990 or more than a year ahead is a
# slip of the keyboard (a meeting may be entered ahead of time, not a decade ahead).
EARLIEST_MEETING = date(1990, 1, 1)
DAYS_AHEAD = 365
MAX_ITEMS = 30
MAX_STATEMENTS = 20
MAX_DOCUMENTS = 20


def latest_meeting_date() -> date:
    return timezone.localdate() + timedelta(days=DAYS_AHEAD)


def validate_meeting_date(value: date) -> None:
    """Refuse a date before 1990 or more than a year after today."""
    latest = latest_meeting_date()
    if not EARLIEST_MEETING <= value <= latest:
        raise ValidationError(
            _("Give a meeting date from %(first)s to %(last)s."),
            code="meeting_date",
            params={"first": EARLIEST_MEETING.isoformat(), "last": latest.isoformat()},
        )


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> DecisionQuerySet:
        """Return the decisions ``user`` may read. Decisions are public records, so anyone
        reads them, except those on a draft strategy, which only the draft's readers (the
        county's members) see: its title stays hidden as the strategy does."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        draft = models.Q(strategy__status=StrategyStatus.DRAFT)
        member = models.Q(strategy__county_id__in=scope.read_counties)
        return self.exclude(draft & ~member)

    def editable_by(self, user: AbstractBaseUser | AnonymousUser) -> DecisionQuerySet:
        """Return the decisions ``user`` may change and delete: those of organisations in the
        counties where the user is an administrator or coordinator."""
        scope = scope_for(user)
        if scope.is_superuser:
            return self.all()
        return self.filter(organisation__county_id__in=scope.manage_counties)

    def in_county(self, county: County) -> DecisionQuerySet:
        return self.filter(organisation__county=county)


class Decision(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("organisation"),
        help_text=_("The principal, or the joint body, whose body decided."),
    )
    body = models.CharField(_("body"), max_length=30, choices=Body.choices)
    meeting_date = models.DateField(_("meeting date"), validators=[validate_meeting_date])
    paragraph = models.CharField(
        _("paragraph (§)"), max_length=20, blank=True, help_text=_("For example “17”.")
    )
    diary_number = models.CharField(
        _("diary number"),
        max_length=60,
        blank=True,
        help_text=_("Dnr, for example “KS/2020:527” or “RS 909-2023”."),
    )
    title = models.CharField(_("title"), max_length=300)
    concerns = models.CharField(_("concerns"), max_length=30, choices=Concerns.choices)
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("strategy"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("action plan"),
    )
    concerns_text = models.CharField(
        _("what it concerns, in words"),
        max_length=300,
        blank=True,
        help_text=_("For a programme directive, a letter of intent or anything else."),
    )
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    proposed_by = models.CharField(
        _("on the proposal of"),
        max_length=200,
        blank=True,
        help_text=_("For example “kommunstyrelsens förslag”."),
    )
    sent_to = models.TextField(
        _("sent to"), blank=True, help_text=_("Who receives the protocol extract, one per line.")
    )
    requires_all_principals = models.BooleanField(
        _("takes effect when every principal of the county has decided the same"),
        default=False,
    )
    condition_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="conditioned_decisions",
        verbose_name=_("takes effect when these organisations have decided the same"),
    )
    invented = models.BooleanField(
        _("invented example"),
        default=False,
        help_text=_("Written for the demo, not taken from a protocol: its pages say so."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_date", "organisation__name", "paragraph"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(concerns=Concerns.STRATEGY) | models.Q(strategy__isnull=False),
                name="decision_strategy_named",
                violation_error_code="strategy",
                violation_error_message=_("Choose the strategy the decision concerns."),
            ),
            models.CheckConstraint(
                condition=models.Q(requires_all_principals=False)
                | models.Q(kind__in=sorted(CONDITIONAL_KINDS)),
                name="decision_condition_on_adoption_only",
                violation_error_code="conditions",
                violation_error_message=_(
                    "Only a decision that adopts or approves can wait for others."
                ),
            ),
        ]
        indexes = [models.Index(fields=["strategy", "meeting_date"])]

    def __str__(self) -> str:
        paragraph = f" § {self.paragraph}" if self.paragraph else ""
        body = self.get_body_display().lower()
        return f"{self.organisation}, {body} {self.meeting_date}{paragraph}"

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    @property
    def county_id(self) -> int:
        return self.organisation.county_id

    @property
    def is_conditional(self) -> bool:
        # .all(), not .exists(): the pages prefetch the conditions.
        return self.requires_all_principals or bool(self.condition_organisations.all())

    def recipients(self) -> list[str]:
        """Return the receivers of the protocol extract, one per non-empty line."""
        return [line.strip() for line in self.sent_to.splitlines() if line.strip()]


class DecisionItem(models.Model):
    """One numbered item of what was decided ("1. Ställa sig bakom den gemensamma målbilden")."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        ordering = ["decision", "number"]
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "number"], name="decision_item_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Statement(models.Model):
    """A special statement, note in the minutes or reservation, by parties or members (both
    blank when the source does not name them: "four parties state that …")."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices)
    parties = models.CharField(
        _("parties"), max_length=200, blank=True, help_text=_("For example “T, L”.")
    )
    members = models.CharField(
        _("members"),
        max_length=500,
        blank=True,
        help_text=_("The elected members who made it, for example “Robert Thunfors (T)”."),
    )
    text = models.TextField(_("text"), blank=True, max_length=5000)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.parties or self.members}"


def basis_file_name(instance: BasisDocument, filename: str) -> str:
    """Return a stored name that says nothing of the upload's own name (kept apart, for the
    download): ``<decision id>/<random hex><extension of the type found>``."""
    extension = "." + filename.rsplit(".", 1)[-1] if "." in filename else ""
    return f"{instance.decision_id}/{uuid.uuid4().hex}{extension}"


class BasisDocument(models.Model):
    """A document of the decision basis (beslutsunderlag): its title, and the file if one was
    uploaded. ``original_name`` and ``content_type`` are set from the checked upload."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), storage=basis_storage, upload_to=basis_file_name, blank=True, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("decision basis document")
        verbose_name_plural = _("decision basis documents")

    def __str__(self) -> str:
        return self.title


class DecisionChangeAction(models.TextChoices):
    CREATED = "created", _("Recorded")
    UPDATED = "updated", _("Changed")
    DELETED = "deleted", _("Deleted")


class DecisionChange(models.Model):
    """Who recorded, changed or deleted a decision record, and what changed: one row per field
    (items, statements and documents as lists of texts). Rows are only ever added; a deleted
    decision's rows keep its label and county."""

    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("decision"),
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="decision_changes", verbose_name=_("county")
    )
    object_label = models.CharField(_("decision"), max_length=400)
    action = models.CharField(_("action"), max_length=10, choices=DecisionChangeAction.choices)
    field = models.CharField(_("field"), max_length=60, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="decision_changes",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("decision change")
        verbose_name_plural = _("decision changes")
        indexes = [models.Index(fields=["decision", "at"]), models.Index(fields=["county", "at"])]

    def __str__(self) -> str:
        return f"{self.object_label}: {self.field or self.action}"
