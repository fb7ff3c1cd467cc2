"""The administrators' Kolada fetch: the catalogue's imported indicators for their county.

The same fetch as ``fardplan kolada fetch``, for the county's administrators (and superusers):
a form of KPIs and years, the fetch in the request (a few requests to Kolada, bounded by the
client's timeouts), and the county's recent imports with what each changed. When Kolada
cannot be reached or answers something unexpected, nothing is saved and the page says why.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from fardplan.catalogue import load_catalogue
from fardplan.sources.imported import imported_batches
from fardplan.sources.kolada import KoladaError
from fardplan.sources.kolada_import import FIRST_YEAR, SOURCE, county_areas, fetch_county
from fardplan.web.access.scope import scope_for
from fardplan.web.organisations.models import County
from fardplan.web.site.free_text import FreeTextForm


def kpi_choices() -> list[tuple[str, str]]:
    english = get_language() == "en"
    return [
        (entry.kolada_id, f"{entry.kolada_id}: {entry.name.en if english else entry.name.sv}")
        for entry in load_catalogue().imported
        if entry.kolada_id
    ]


class KoladaFetchForm(FreeTextForm, forms.Form):
    kpis = forms.MultipleChoiceField(
        label=gettext_lazy("Indicators (Kolada ids)"),
        choices=kpi_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    first_year = forms.IntegerField(label=gettext_lazy("From year"), min_value=FIRST_YEAR)
    last_year = forms.IntegerField(label=gettext_lazy("To year"), min_value=FIRST_YEAR)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if isinstance(first, int) and isinstance(last, int):
            if last < first:
                raise forms.ValidationError(_("The last year comes before the first."))
            if last > date.today().year:
                raise forms.ValidationError(_("The last year is in the future."))
        return data


def kolada_fetch(request: HttpRequest, code: str) -> HttpResponse:
    """Show the fetch form and the county's recent imports; on POST, fetch and store."""
    county = get_object_or_404(County, code=code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not scope_for(request.user).can_administer_county(county.pk):
        raise PermissionDenied
    this_year = date.today().year
    initial = {
        "kpis": [kpi for kpi, _name in kpi_choices()],
        "first_year": this_year - 7,
        "last_year": this_year - 1,
    }
    form = KoladaFetchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        years = range(form.cleaned_data["first_year"], form.cleaned_data["last_year"] + 1)
        try:
            fetched = fetch_county(
                form.cleaned_data["kpis"],
                county.code,
                years,
                fetched_by=request.user.get_username(),
            )
        except KoladaError as error:
            messages.error(
                request,
                _("Nothing was saved: %(reason)s")
                % {"reason": error.describe("en" if get_language() == "en" else "sv")},
            )
        else:
            summary = ", ".join(
                _("%(kpi)s: %(added)d new, %(changed)d changed, %(removed)d removed")
                % {
                    "kpi": one.kpi.id,
                    "added": one.summary.added,
                    "changed": one.summary.changed,
                    "removed": one.summary.removed,
                }
                for one in fetched
            )
            messages.success(request, _("Fetched from Kolada. %(summary)s.") % {"summary": summary})
            return redirect("followup:kolada", county.code)
    region = county_areas(county.code)[-2]
    batches = [
        batch
        for batch in imported_batches(source=SOURCE, limit=200)
        if f"/{region}," in batch.provenance.location or f",{region}," in batch.provenance.location
    ][:30]
    return render(
        request,
        "followup/kolada.html",
        {"county": county, "form": form, "batches": batches},
    )
