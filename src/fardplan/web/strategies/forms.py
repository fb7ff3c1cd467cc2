"""Forms for editing a strategy: its metadata and one formset of items per section."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fardplan.content.strategy import normalise_line_breaks
from fardplan.web.organisations.choices import GroupedCheckboxes, OrganisationMultipleChoiceField
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.plans.models import Plan
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Section, Strategy, StrategyItem
from fardplan.web.strategies.permissions import managed_counties
from fardplan.web.strategies.services import STRATEGY_ORGANISATION_KINDS

MAX_POSITION = 999
User = AbstractBaseUser | AnonymousUser


CONFIRM_REMOVALS_LABEL = _(
    "Remove items even if activities serve them (the activities lose the link, and each "
    "plan's history records it)"
)


class StrategyForm(FreeTextForm, forms.ModelForm):  # type: ignore[type-arg]
    """The strategy's own fields. The county is one the user manages; it cannot change once
    action plans follow the strategy. Organisations are offered from the strategy's county
    (the managed counties' principals until a county is known) and must belong to it."""

    confirm_removals = forms.BooleanField(label=CONFIRM_REMOVALS_LABEL, required=False)

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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = managed_counties(user)
        county_field = self.fields["county"]
        assert isinstance(county_field, forms.ModelChoiceField)
        county_field.queryset = counties
        if not self.instance.pk and len(counties) == 1:
            county_field.initial = counties[0].pk
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        choices = Organisation.objects.filter(
            kind__in=STRATEGY_ORGANISATION_KINDS, county__in=counties
        )
        county_id = self._county_id() or county_field.initial
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
        self._keep_county(county)
        strangers = [o for o in data.get("organisations", []) if county and o.county != county]
        if strangers:
            names = ", ".join(str(organisation) for organisation in strangers)
            self.add_error(
                "organisations",
                _("Not in the chosen county: %(names)s.") % {"names": names},
            )
        return data

    def _keep_county(self, county: County | None) -> None:
        """Refuse another county once action plans follow the strategy."""
        stored = self.instance.county_id if self.instance.pk else None
        if county is None or stored is None or county.pk == stored:
            return
        plans = Plan.objects.filter(strategy_id=self.instance.pk).count()
        if plans:
            self.add_error(
                "county",
                ngettext(
                    "The county cannot change: %(count)d action plan follows this strategy.",
                    "The county cannot change: %(count)d action plans follow this strategy.",
                    plans,
                )
                % {"count": plans},
            )


class ItemForm(FreeTextForm, forms.ModelForm):  # type: ignore[type-arg]
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


class ImportForm(FreeTextForm, forms.Form):
    file = forms.FileField(
        label=_("Strategy file (YAML)"),
        help_text=_("A strategy with the same short name is replaced, with all its items."),
    )
    confirm_removals = forms.BooleanField(label=CONFIRM_REMOVALS_LABEL, required=False)
