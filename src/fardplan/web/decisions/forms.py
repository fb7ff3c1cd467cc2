"""Forms for a decision record: its own fields, and one formset each for the numbered items,
the statements and the basis documents. The forms read what was entered, offering only the
county's organisations, strategies and plans; :func:`services.save_decision` checks again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fardplan.web.decisions import services
from fardplan.web.decisions.choices import StatementKind
from fardplan.web.decisions.models import (
    EARLIEST_MEETING,
    MAX_DOCUMENTS,
    MAX_ITEMS,
    MAX_STATEMENTS,
    Decision,
    latest_meeting_date,
)
from fardplan.web.decisions.services import DECIDING_KINDS
from fardplan.web.decisions.uploads import MAX_BASIS_BYTES
from fardplan.web.organisations.choices import (
    GroupedCheckboxes,
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
)
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.plans.models import Plan
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Strategy

User = AbstractBaseUser | AnonymousUser


def _date_widget() -> forms.DateInput:
    limits = {"min": EARLIEST_MEETING.isoformat(), "max": latest_meeting_date().isoformat()}
    return forms.DateInput(attrs={"type": "date", **limits}, format="%Y-%m-%d")


class DecisionForm(FreeTextForm, forms.ModelForm):  # type: ignore[type-arg]
    """A decision of one county: its organisations, strategies and plans only."""

    class Meta:
        model = Decision
        fields = ["organisation", "body", "meeting_date", "paragraph", "diary_number", "title",
                  "kind", "proposed_by", "concerns", "strategy", "plan", "concerns_text",
                  "requires_all_principals", "condition_organisations", "sent_to"]  # fmt: skip
        widgets = {
            "condition_organisations": GroupedCheckboxes,
            "sent_to": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "organisation": OrganisationChoiceField,
            "condition_organisations": OrganisationMultipleChoiceField,
        }

    # When the stored decision was last changed as the form was opened: a save from a form
    # opened before someone else's save is refused rather than overwriting it.
    opened_version = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, county: County, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at
        deciding = Organisation.objects.filter(county=county, kind__in=DECIDING_KINDS)
        self.fields["organisation"].queryset = deciding  # type: ignore[attr-defined]
        self.fields["condition_organisations"].queryset = deciding  # type: ignore[attr-defined]
        strategies = Strategy.objects.visible_to(user).filter(county=county)
        self.fields["strategy"].queryset = strategies  # type: ignore[attr-defined]
        plans = Plan.objects.for_user(user).filter(county=county)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        self.fields["meeting_date"].widget = _date_widget()

    def clean_paragraph(self) -> str:
        """Store "§ 17" as "17": the pages add the sign."""
        return str(self.cleaned_data["paragraph"]).strip().lstrip("§").strip()

    def _post_clean(self) -> None:
        # After the model's checks, the service's (body of the organisation, county of the
        # strategy, conditions), so that the form shows every problem at once, by field.
        super()._post_clean()  # type: ignore[misc]
        if self.errors.keys() & {"organisation", "body", "meeting_date"}:
            return
        conditions = list(self.cleaned_data.get("condition_organisations") or [])
        found = services.decision_errors(
            self.instance, services.DecisionParts(conditions=conditions)
        )
        for name, messages in found.items():
            for message in messages:
                if (
                    message not in self.errors.get(name, [])
                    and message not in self.non_field_errors()
                ):
                    self.add_error(name if name in self.fields else None, message)


class DecisionItemForm(FreeTextForm, forms.Form):
    """One numbered decision item; a blank number follows the previous one."""

    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99, required=False)
    text = forms.CharField(
        label=_("Text"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class StatementForm(FreeTextForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *StatementKind.choices], required=False
    )
    parties = forms.CharField(
        label=_("Parties"), max_length=200, required=False, help_text=_("For example “T, L”.")
    )
    members = forms.CharField(
        # The elected members who made a statement ("Ledamöter"), not an organisation's members.
        label=pgettext_lazy("decision statement", "Members"),
        max_length=500,
        required=False,
        help_text=_("For example “Robert Thunfors (T), Björn Hellquist (L)”."),
    )
    text = forms.CharField(
        label=_("Text"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) for name in ("parties", "members", "text"))
        if filled and not data.get("kind"):
            self.add_error("kind", _("Choose the kind of statement."))
        return data


class DocumentForm(FreeTextForm, forms.Form):
    """A basis document: a title, and a file if there is one. A stored document keeps its file
    (``existing`` is its id); to replace the file, remove the row and add another."""

    existing = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument text or plain text, at most 20 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > MAX_BASIS_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file") is not None and not data.get("title"):
            name = str(data["file"].name or "")
            data["title"] = name.rsplit(".", 1)[0][:300] or name[:300]
        return data


# The formsets by prefix: their form and the most rows one decision may have.
PARTS: dict[str, tuple[type[forms.Form], int]] = {
    "items": (DecisionItemForm, MAX_ITEMS),
    "statements": (StatementForm, MAX_STATEMENTS),
    "documents": (DocumentForm, MAX_DOCUMENTS),
}


def formset_class(prefix: str, extra: int) -> type[BaseFormSet[Any]]:
    """Return the formset of ``prefix`` with ``extra`` empty rows after the initial ones; at
    most the part's limit of rows is accepted, however many a request claims."""
    form, limit = PARTS[prefix]
    return formset_factory(
        form, extra=extra, can_delete=True, max_num=limit, validate_max=True, absolute_max=limit
    )
