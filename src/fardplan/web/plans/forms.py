"""Forms for plans, activities, indicators and progress. Choices are limited to what the user
may pick (the permission functions decide); the services check again when saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fardplan.catalogue import load_catalogue
from fardplan.web.organisations.choices import (
    GroupedCheckboxes,
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
)
from fardplan.web.organisations.models import County, Organisation, OrganisationKind
from fardplan.web.plans import permissions
from fardplan.web.plans.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Activity,
    ActivityStatus,
    ExpectedDirection,
    Plan,
    TargetGroup,
)
from fardplan.web.plans.periods import parse_period, previous_periods
from fardplan.web.plans.services import ACTIVITY_SECTIONS, validate_strategy_items
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Strategy, StrategyItem

User = AbstractBaseUser | AnonymousUser
DATE = forms.DateInput(
    attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()},
    format="%Y-%m-%d",
)


class StrategyItemChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


ORGANISATION_FIELDS = {
    "owner": OrganisationChoiceField,
    "area": OrganisationChoiceField,
    "responsible": OrganisationChoiceField,
    "participants": OrganisationMultipleChoiceField,
}


class PlanForm(FreeTextForm, forms.ModelForm):  # type: ignore[type-arg]
    """A plan of one county: strategies and organisations are offered from that county only
    (the plan's own, or the one picked before a new plan), organisations in groups."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = ["strategy", "kind", "title", "description", "owner", "area", "participants",
                  "start", "end", "status", "public"]  # fmt: skip
        widgets = {"start": DATE, "end": DATE, "participants": GroupedCheckboxes}
        field_classes = ORGANISATION_FIELDS

    def __init__(self, *args: Any, user: User, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = permissions.plan_owner_choices(user).filter(county=county)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["strategy"].queryset = Strategy.objects.filter(county=county)  # type: ignore[attr-defined]
        county_organisations = Organisation.objects.filter(county=county)
        self.fields["area"].queryset = county_organisations.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.MUNICIPALITY
        )
        self.fields["participants"].queryset = county_organisations  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["strategy"]
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        strategy = data.get("strategy") or getattr(self.instance, "strategy", None)
        owner = data.get("owner")
        if strategy is not None and owner is not None and strategy.county_id != owner.county_id:
            self.add_error("owner", _("The owner must belong to the strategy's county."))
        if data.get("kind") == "local" and data.get("area") is None:
            self.add_error("area", _("A local plan needs its municipality or area."))
        return data


class ActivityForm(FreeTextForm, forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    strategy_items = StrategyItemChoice(
        queryset=StrategyItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Direction changes and target areas"),
        help_text=_("At least one direction change or target area of the plan's strategy."),
    )
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Target groups"),
    )

    class Meta:
        model = Activity
        fields = ["title", "description", "strategy_items", "responsible", "participants",
                  "target_groups", "start", "end", "status"]  # fmt: skip
        widgets = {"start": DATE, "end": DATE, "participants": GroupedCheckboxes}
        field_classes = ORGANISATION_FIELDS

    def __init__(self, *args: Any, user: User, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        items = StrategyItem.objects.filter(strategy=plan.strategy, section__in=ACTIVITY_SECTIONS)
        self.fields["strategy_items"].queryset = items.order_by("section", "position")  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = permissions.responsible_choices(user, plan)  # type: ignore[attr-defined]
        participants = Organisation.objects.filter(county_id=plan.county_id)
        self.fields["participants"].queryset = participants  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_strategy_items(self) -> Any:
        items = self.cleaned_data["strategy_items"]
        validate_strategy_items(self.plan, items)
        return items

    def _post_clean(self) -> None:
        # The plan is set here so that model validation (start before end) can run.
        self.instance.plan = self.plan
        super()._post_clean()  # type: ignore[misc]


def _indicator_choices() -> list[tuple[str, str]]:
    """Return the catalogue's indicators by their title in the active language, sorted."""
    english = get_language() == "en"
    titles = [(i.id, i.name.en if english else i.name.sv) for i in load_catalogue().indicators]
    return sorted(titles, key=lambda choice: choice[1].casefold())


class IndicatorForm(FreeTextForm, forms.Form):
    indicator_id = forms.ChoiceField(label=_("Indicator"), choices=_indicator_choices)
    direction = forms.ChoiceField(label=_("Expected direction"), choices=ExpectedDirection.choices)
    areas = OrganisationMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=GroupedCheckboxes,
        label=_("Areas"),
        help_text=_("The municipalities where the activity acts; none means the whole county."),
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = Organisation.objects.filter(
            county_id=activity.plan.county_id, kind=OrganisationKind.MUNICIPALITY
        )
        self.fields["areas"].queryset = municipalities  # type: ignore[attr-defined]


def _period_choices() -> list[tuple[str, str]]:
    return [(p, p) for p in previous_periods(timezone.localdate(), 4)]


class ProgressForm(FreeTextForm, forms.Form):
    period = forms.ChoiceField(
        label=_("Follow-up period"),
        choices=_period_choices,
        help_text=_("Tertials: T1 January–April, T2 May–August, T3 September–December."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea)

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"]
        try:
            parse_period(period)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return period


class TimelineFilterForm(FreeTextForm, forms.Form):
    """The GET filters of the county-wide view."""

    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Organisation")
    )
    target_group = forms.ChoiceField(required=False, label=_("Target group"))
    status = forms.ChoiceField(required=False, label=_("Status"))

    def __init__(self, *args: Any, county_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(county_id=county_id).order_by("-kind", "name")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organisation"].empty_label = _("All organisations")  # type: ignore[attr-defined]
        everyone = [("", _("All target groups"))]
        self.fields["target_group"].choices = everyone + list(TargetGroup.choices)  # type: ignore[attr-defined]
        statuses = [("", _("All statuses"))]
        self.fields["status"].choices = statuses + list(ActivityStatus.choices)  # type: ignore[attr-defined]
