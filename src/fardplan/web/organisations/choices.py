"""Organisation choices that scale: grouped (region, collaboration bodies, municipalities,
care units by municipality; by county first when several counties are offered) so that a
list of a county's hundred organisations reads as a few short groups, with a filter box for
the keyboard (``static/fardplan/choices.js``, progressive enhancement).

Use the fields in a ModelForm's ``Meta.field_classes`` and :class:`GroupedCheckboxes` as the
widget of a multiple choice; validation is Django's (the queryset), only the display groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _

from fardplan.web.organisations.models import Organisation, OrganisationKind

_KIND_ORDER = {
    OrganisationKind.REGION: 0,
    OrganisationKind.COLLABORATION: 1,
    OrganisationKind.MUNICIPALITY: 2,
    OrganisationKind.CARE_UNIT: 3,
}


def _place(organisation: Organisation) -> str:
    return organisation.municipality.name if organisation.municipality else ""


def group_key(organisation: Organisation) -> tuple[str, int, str]:
    """Return the sort and group key: county, kind (region first), municipality of a unit."""
    kind_rank = _KIND_ORDER.get(OrganisationKind(organisation.kind), 9)
    place = _place(organisation) if organisation.kind == OrganisationKind.CARE_UNIT else ""
    return (organisation.county.code, kind_rank, place)


def group_label(organisation: Organisation, with_county: bool) -> str:
    """Return the heading of the organisation's group, e.g. "Care units in Luleå"; prefixed
    with the county ("Norrbotten: Municipalities") when several counties are offered."""
    kind = organisation.kind
    if kind == OrganisationKind.CARE_UNIT:
        place = _place(organisation)
        label = _("Care units in %(place)s") % {"place": place} if place else _("Care units")
    else:
        label = {
            OrganisationKind.REGION: _("Region"),
            OrganisationKind.COLLABORATION: _("Collaboration bodies"),
            OrganisationKind.MUNICIPALITY: _("Municipalities"),
        }[OrganisationKind(kind)]
    if with_county:
        return f"{organisation.county.short_name}: {label}"
    return label


class GroupedIterator(ModelChoiceIterator):
    """Yield the empty choice, then one ``(heading, [choices])`` group per :func:`group_key`."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        organisations = sorted(
            self.queryset.select_related("county", "municipality"),
            key=lambda o: (*group_key(o), o.name),
        )
        several = len({o.county_id for o in organisations}) > 1
        for _key, members in groupby(organisations, key=group_key):
            group = list(members)
            yield (group_label(group[0], several), [self.choice(o) for o in group])


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One organisation, offered as a ``<select>`` with an ``<optgroup>`` per group."""

    iterator = GroupedIterator


class OrganisationMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several organisations, offered in groups (use :class:`GroupedCheckboxes`)."""

    iterator = GroupedIterator


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in one fieldset per group, with a filter box that the script shows. Each
    checkbox carries its county (``data-county``) so that the script can follow a county
    select named by ``data-county-select`` on the widget."""

    template_name = "organisations/widgets/grouped_checkboxes.html"

    def __init__(self, *args: Any, county_select: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.county_select = county_select

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["widget"]["county_select"] = self.county_select
        return context

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if isinstance(instance, Organisation):
            option["attrs"]["data-county"] = str(instance.county_id)
        return option
