"""One indicator in one area: the cells a page, a chart and a download show.

Every number here comes from the published run (``query``): a suppressed cell arrives
without numerator and value, so nothing below can leak one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fardplan.catalogue import Indicator
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area
from fardplan.web.followup.numbers import rounded
from fardplan.web.followup.query import ALL_AGES, TOTAL_SEX, Cell, Series
from fardplan.web.site.free_text import FreeTextForm


@dataclass(frozen=True)
class Breakdown:
    """The sexes and age groups the run has for the indicator in the area."""

    sexes: list[str]
    age_groups: list[str]


def breakdown(cells: list[Cell]) -> Breakdown:
    """Return the sexes (T, K, M order) and age groups ('all' first) present in ``cells``."""
    sexes = [s for s in (TOTAL_SEX, "K", "M") if any(c.sex == s for c in cells)]
    ages = sorted({c.age_group for c in cells}, key=lambda a: (a != ALL_AGES, a))
    return Breakdown(sexes, ages)


class SeriesChoice(FreeTextForm, forms.Form):
    """Which series of the indicator in the area to show: sex and age group."""

    sex = forms.ChoiceField(label=gettext_lazy("Sex"), required=False)
    age = forms.ChoiceField(label=gettext_lazy("Age group"), required=False)

    def __init__(self, data: object, *, available: Breakdown) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["sex"].choices = [(s, describe.sex(s)) for s in available.sexes]  # type: ignore[attr-defined]
        self.fields["age"].choices = [(a, describe.age_group(a)) for a in available.age_groups]  # type: ignore[attr-defined]
        self.available = available

    def chosen(self) -> tuple[str, str]:
        """Return (sex, age group): the valid choices, else both sexes and all ages."""
        valid = self.is_valid()
        sex = (self.cleaned_data.get("sex") if valid else None) or TOTAL_SEX
        age = (self.cleaned_data.get("age") if valid else None) or ALL_AGES
        return sex, age


@dataclass(frozen=True)
class SeriesData:
    """The chosen series of one indicator in one area."""

    entry: Indicator
    area: Area
    sex: str
    age_group: str
    series: Series

    @property
    def title(self) -> str:
        return _("%(indicator)s, %(area)s") % {
            "indicator": describe.text(self.entry.name),
            "area": self.area.name,
        }

    @property
    def subgroup(self) -> str:
        return f"{describe.sex(self.sex)}, {describe.age_group(self.age_group).lower()}"


def shown_value(cell: Cell, entry: Indicator) -> str:
    """Return the value as text in the active locale: ``..`` when suppressed, '' when null."""
    if cell.reason is not None:
        return ".."
    if cell.value is None:
        return ""
    return rounded(cell.value, describe.decimals(entry))
