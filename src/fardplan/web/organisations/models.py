"""Counties and organisations.

A county (län) is the geographic frame that a strategy belongs to. Organisations are the
principals (huvudmän: the region and the municipalities), care units with their principal, and
collaboration bodies such as Polsam or Social-ReKo.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A län, identified by its 2-digit SCB code (``"25"``)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:county", args=[self.code])

    @property
    def kolada_code(self) -> str:
        """Return the Kolada area code of the county (``"0025"``)."""
        return f"00{self.code}"


class OrganisationKind(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    CARE_UNIT = "care_unit", _("Care unit")
    COLLABORATION = "collaboration", _("Collaboration body")


class UnitKind(models.TextChoices):
    """The kinds of care unit, as in the care-data contract."""

    HEALTH_CENTRE = "health_centre", _("Health centre")
    HOSPITAL = "hospital", _("Hospital")
    EMERGENCY = "emergency", _("Emergency department")
    PSYCHIATRY = "psychiatry", _("Psychiatry")
    MUNICIPAL_CARE = "municipal_care", _("Municipal care")
    DIGITAL = "digital", _("Digital care")


class Principal(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    PRIVATE = "private", _("Private")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def principals(self) -> OrganisationQuerySet:
        """Return the region and municipalities (the huvudmän), region first."""
        kinds = [OrganisationKind.REGION, OrganisationKind.MUNICIPALITY]
        return self.filter(kind__in=kinds).order_by("-kind", "name")

    def care_units(self) -> OrganisationQuerySet:
        """Return the care units ordered by unit kind and name, with their municipality."""
        units = self.filter(kind=OrganisationKind.CARE_UNIT).select_related("municipality")
        return units.order_by("unit_kind", "name")

    def collaborations(self) -> OrganisationQuerySet:
        """Return the collaboration bodies by name, with their members prefetched."""
        bodies = self.filter(kind=OrganisationKind.COLLABORATION)
        return bodies.prefetch_related("members").order_by("name")


class Organisation(models.Model):
    """An organisation in a county.

    ``code`` is the SCB code for regions (``"25"``) and municipalities (``"2580"``) and the
    unit id for care units; collaboration bodies use a short slug.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("county")
    )
    unit_kind = models.CharField(
        _("unit kind"), max_length=20, choices=UnitKind.choices, blank=True
    )
    principal = models.CharField(
        _("principal"),
        max_length=20,
        choices=Principal.choices,
        blank=True,
        help_text=_("For care units: who runs the unit."),
    )
    municipality = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
        verbose_name=_("municipality"),
        help_text=_("For care units: the municipality where the unit is."),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="collaborations",
        verbose_name=_("members"),
        help_text=_("For collaboration bodies: the organisations that take part."),
    )
    description = models.TextField(_("description"), blank=True)
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("For regions and municipalities: inhabitants at 31 December 2024 (SCB)."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["county__code", "kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="organisation_kind_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation", args=[self.pk])
