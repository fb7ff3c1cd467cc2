"""Forms for editing a strategy: its metadata and one formset of items per section."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from fardplan.content.strategy import normalise_line_breaks
from fardplan.web.organisations.choices import GroupedCheckboxes, OrganisationMultipleChoiceField
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.strategies.models import Section, Strategy, StrategyItem
from fardplan.web.strategies.services import STRATEGY_ORGANISATION_KINDS

MAX_POSITION = 999


class StrategyForm(forms.ModelForm):  # type: ignore[type-arg]
    """The strategy's own fields. Organisations are offered from the strategy's county (all
    counties' principals until a county is known) and must belong to the chosen county."""

    class Meta:
        model = Strategy
        fields = [
            "county",
            "slug",
            "kind",
            "title",
            "summary",
            "period_start",
            "period_end",
            "status",
            "organisations",
        ]
        # Grouped by county and kind; the filter script shows only the chosen county's.
        widgets = {
            "organisations": GroupedCheckboxes(county_select="id_county"),
            "summary": forms.Textarea,
        }
        field_classes = {"organisations": OrganisationMultipleChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        choices = Organisation.objects.filter(kind__in=STRATEGY_ORGANISATION_KINDS)
        county_id = self._county_id()
        if county_id is not None:
            choices = choices.filter(county_id=county_id)
        field.queryset = choices.order_by("county__code", "code")

    def _county_id(self) -> int | None:
        """Return the county chosen in the posted form, else the strategy's, else None."""
        posted = self.data.get(self.add_prefix("county")) if self.is_bound else None
        if posted and str(posted).isdigit():
            return int(posted)
        return self.instance.county_id if self.instance.county_id else None

    def clean_summary(self) -> str:
        return normalise_line_breaks(self.cleaned_data["summary"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        county: County | None = data.get("county")
        strangers = [o for o in data.get("organisations", []) if county and o.county != county]
        if strangers:
            names = ", ".join(str(organisation) for organisation in strangers)
            self.add_error(
                "organisations",
                _("Not in the chosen county: %(names)s.") % {"names": names},
            )
        return data


class ItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """One item. A blank position puts a new item last."""

    position = forms.IntegerField(
        label=_("Position"), min_value=1, max_value=MAX_POSITION, required=False
    )

    class Meta:
        model = StrategyItem
        fields = ["position", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_title(self) -> str:
        return normalise_line_breaks(self.cleaned_data["title"])

    def clean_text(self) -> str:
        # A browser sends a text area's line breaks as CR LF; store LF as the file format does.
        return normalise_line_breaks(self.cleaned_data["text"])


ItemFormSet: type[BaseInlineFormSet[StrategyItem, Strategy, ItemForm]] = inlineformset_factory(
    Strategy, StrategyItem, form=ItemForm, extra=1, can_delete=True
)


def section_formsets(
    strategy: Strategy, data: Any = None
) -> list[tuple[Section, BaseInlineFormSet[StrategyItem, Strategy, ItemForm]]]:
    """Return one item formset per section, in file order, each prefixed with the section."""
    formsets = []
    for section in Section:
        queryset = (
            strategy.items.filter(section=section).order_by("position")
            if strategy.pk
            else StrategyItem.objects.none()
        )
        formset = ItemFormSet(data, instance=strategy, queryset=queryset, prefix=section.value)
        formsets.append((section, formset))
    return formsets


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Strategy file (YAML)"),
        help_text=_("A strategy with the same short name is replaced, with all its items."),
    )
