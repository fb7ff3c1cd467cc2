"""The reports' forms: a new report, a section's text, a comment when sending a section back,
who writes a section, and the template editor's fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fardplan.content.free_text import LONG_TEXT_MAX_LENGTH
from fardplan.web.organisations.models import County, Organisation, OrganisationQuerySet
from fardplan.web.reports.models import (
    RETURN_COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Language,
    Responsibility,
    SectionKind,
)
from fardplan.web.reports.periods import PeriodError, parse_period
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Strategy, StrategyItem


class ReportCreateForm(FreeTextForm, forms.Form):
    strategy = forms.ModelChoiceField(
        label=_("Strategy"), queryset=Strategy.objects.none(), empty_label=None
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A tertial (2024T2), a half-year (2024H1) or a year (2024)."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The whole county"),
        help_text=_("The whole county, or one principal's own report."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)

    def __init__(self, *args: Any, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strategies = Strategy.objects.filter(county=county).order_by("-period_start", "title")
        self.fields["strategy"].queryset = strategies  # type: ignore[attr-defined]
        principals = county.organisations.principals()
        self.fields["organisation"].queryset = principals  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class NarrativeForm(FreeTextForm, forms.Form):
    narrative = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text. Separate paragraphs with an empty line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnForm(FreeTextForm, forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        max_length=RETURN_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(FreeTextForm, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Written by"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The county's coordinators"),
    )

    def __init__(self, *args: Any, principals: OrganisationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = principals  # type: ignore[attr-defined]


class TemplateSectionForm(FreeTextForm, forms.Form):
    """A template section's own title and who writes it."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Empty: the strategy item's title, or the name of the kind of section."),
    )
    responsible = forms.ChoiceField(label=_("Written by"), choices=Responsibility.choices)


class AddSectionForm(FreeTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=SectionKind.choices)
    item = forms.ModelChoiceField(
        label=_("Strategy item"),
        queryset=StrategyItem.objects.none(),
        required=False,
        help_text=_("For a target area, prerequisite or direction change: which one."),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH, required=False)
    responsible = forms.ChoiceField(label=_("Written by"), choices=Responsibility.choices)

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = strategy.items.order_by("section", "position")
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["item"].label_from_instance = _item_label  # type: ignore[attr-defined]


def _item_label(item: StrategyItem) -> str:
    return f"{item.section_label}: {item.title}"
