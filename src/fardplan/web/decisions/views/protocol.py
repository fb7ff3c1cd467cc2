"""The protocol import: paste the text of a protocol extract or upload its PDF; the parser
(:mod:`fardplan.protocols`) reads it into a draft, and the decision form opens prefilled with
a notice of what was not found. Nothing is saved until the user checks the form and saves.

Bad input is refused with the parser's reason in the user's language (by its code); an upload
is bounded while it is read (:mod:`..upload_limits`) and checked again before it is parsed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fardplan.protocols import (
    ProtocolDraft,
    ProtocolError,
    parse_protocol_file,
    parse_protocol_text,
)
from fardplan.protocols.bounds import MAX_PAGES, MAX_PDF_BYTES
from fardplan.web.decisions import drafts, permissions
from fardplan.web.decisions.protocol_drafts import form_draft
from fardplan.web.decisions.services import DECIDING_KINDS
from fardplan.web.decisions.upload_limits import bounded_uploads, refused_uploads
from fardplan.web.decisions.views.common import county_for
from fardplan.web.decisions.views.edit import DRAFT
from fardplan.web.organisations.choices import OrganisationChoiceField
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import Strategy, StrategyStatus

# A pasted extract: some thirty pages of text. Longer is a paste of the whole protocol book.
MAX_PASTED_CHARACTERS = 100_000


class ProtocolForm(FreeTextForm, forms.Form):
    organisation = OrganisationChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=gettext_lazy("Whose protocol it is"),
        help_text=gettext_lazy("The extract rarely says: choose it here, or later in the form."),
    )
    strategy = forms.ModelChoiceField(
        queryset=Strategy.objects.none(),
        required=False,
        label=gettext_lazy("The strategy it concerns"),
    )
    text = forms.CharField(
        label=gettext_lazy("The text of the extract"),
        required=False,
        max_length=MAX_PASTED_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Copy the text of the protocol extract here, or choose its file."),
    )
    file = forms.FileField(
        label=gettext_lazy("Or its file"),
        required=False,
        help_text=gettext_lazy("A PDF with a text layer, or a text file; at most 10 MB."),
    )

    def __init__(self, *args: Any, county: County, user: Any, refused: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        deciding = Organisation.objects.filter(county=county, kind__in=DECIDING_KINDS)
        self.fields["organisation"].queryset = deciding  # type: ignore[attr-defined]
        strategies = Strategy.objects.visible_to(user).filter(county=county)
        live = strategies.exclude(status=StrategyStatus.RETIRED)
        self.fields["strategy"].queryset = live  # type: ignore[attr-defined]
        if len(live) == 1:
            self.fields["strategy"].initial = live[0].pk
        self.refused = refused

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.refused:
            self.add_error("file", too_large_message(self.refused[0]))
            return data
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is not None and (upload.size or 0) > MAX_PDF_BYTES:
            self.add_error("file", too_large_message(upload.name or ""))
        elif upload is not None and text:
            self.add_error(None, _("Paste the text or choose a file, not both."))
        elif upload is None and not text and "text" not in self.errors:
            self.add_error("text", _("Paste the text of the extract or choose its file."))
        return data


def too_large_message(name: str) -> str:
    return _("%(name)s is larger than 10 MB: choose the extract alone, not the whole protocol.") % {
        "name": name
    }


def protocol_message(error: ProtocolError) -> str:
    """Return why the import refused the input, in the user's language, by the error's code."""
    pages = ", ".join(str(page) for page in error.pages[:10])
    messages = {
        "empty": _("The text or file is empty."),
        "not_a_protocol": _(
            "This does not look like a protocol extract: it has no paragraph (§), no decision "
            "heading (such as “Beslut”) and no diary number."
        ),
        "not_text": _(
            "The file is neither text nor a PDF (a Word file or an image?). Save the extract as "
            "PDF, or copy its text into the box."
        ),
        "not_a_pdf": _("The file is named .pdf but is not a PDF."),
        "corrupt_pdf": _("The PDF cannot be read: it is truncated or broken."),
        "encrypted": _(
            "The PDF is protected by a password. Save it again without one, or copy its text."
        ),
        "no_text_layer": _(
            "The PDF has no text to read on page %(pages)s (scanned images). Save the extract as "
            "PDF from its source, or run text recognition (OCR) first."
        )
        % {"pages": pages}
        if pages
        else _("The PDF has no text on any page."),
        "too_large": too_large_message(_("The file")),
        "too_many_pages": _("The PDF has more than %(limit)d pages: choose the extract alone.")
        % {"limit": MAX_PAGES},
        "too_long": _("The text is too long for one extract: choose the extract alone."),
        "too_slow": _("Reading the PDF took too long. Copy its text into the box instead."),
    }
    return str(messages.get(error.code, error.describe("en")))


def _parse(data: dict[str, Any]) -> ProtocolDraft:
    upload = data.get("file")
    if upload is not None:
        return parse_protocol_file(upload.read(MAX_PDF_BYTES + 1), filename=upload.name or "")
    return parse_protocol_text(data["text"])


@bounded_uploads(MAX_PDF_BYTES)
@login_required
def protocol_import(request: HttpRequest, code: str) -> HttpResponse:
    """Read an extract into a draft and open the prefilled decision form. 403 for anyone but
    the county's administrators and coordinators."""
    county = county_for(code)
    if not permissions.can_record_in(request.user, county):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ProtocolForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        county=county,
        user=request.user,
        refused=refused_uploads(request),
    )
    refusal = ""
    if posted and form.is_valid():
        try:
            draft = _parse(form.cleaned_data)
        except ProtocolError as error:
            refusal = protocol_message(error)
        else:
            data = form.cleaned_data
            prefill = form_draft(draft, data.get("organisation"), data.get("strategy"))
            token = drafts.store_draft(request, county.code, prefill)
            return redirect(reverse("decisions:create", args=[county.code]) + f"?{DRAFT}={token}")
    status = 400 if refusal or form.errors else 200
    context = {"county": county, "form": form, "refusal": refusal}
    return render(request, "decisions/protocol_import.html", context, status=status)
