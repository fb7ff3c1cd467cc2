"""Recording decisions: create (blank, for a strategy, or from a protocol draft), edit and
delete. Only the county's administrators and coordinators reach these pages (403 for anyone
else who is logged in); the service checks again when saving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fardplan.web.decisions import drafts, editing, permissions, services
from fardplan.web.decisions.forms import PARTS, DecisionForm
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.upload_limits import bounded_uploads, refused_uploads
from fardplan.web.decisions.uploads import MAX_BASIS_BYTES
from fardplan.web.decisions.views.common import county_for, decision_for
from fardplan.web.organisations.models import County
from fardplan.web.strategies.models import Strategy

ADD_ROW = "add_row"
DRAFT = "utkast"
# The form's fieldsets, in the order a protocol extract tells them.
GROUPS = {
    "meeting": ("organisation", "body", "meeting_date", "paragraph", "diary_number"),
    "decision": ("title", "kind", "proposed_by", "concerns", "strategy", "plan", "concerns_text"),
    "conditions": ("requires_all_principals", "condition_organisations"),
    "distribution": ("sent_to",),
}


@bounded_uploads(MAX_BASIS_BYTES)
@login_required
def decision_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record a decision in the county. ``?strategi=<slug>`` preselects the strategy;
    ``?utkast=<token>`` prefills the form from a protocol draft in the session."""
    county = county_for(code)
    if not permissions.can_record_in(request.user, county):
        raise PermissionDenied
    token = request.GET.get(DRAFT, "")
    draft = drafts.load_draft(request, county.code, token) if token else None
    initial = _initial(request, county, draft)
    rows = draft.get("rows", {}) if draft else editing.stored_rows(None)
    return _edit(request, county, Decision(), initial, rows, draft=draft, token=token)


@bounded_uploads(MAX_BASIS_BYTES)
@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a decision. 404 if the user may not read it, 403 if not change it."""
    decision = decision_for(request, pk)
    if not permissions.can_edit_decision(request.user, decision):
        raise PermissionDenied
    county = decision.organisation.county
    return _edit(request, county, decision, {}, editing.stored_rows(decision))


@login_required
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the decision and goes to the county's list."""
    decision = decision_for(request, pk)
    if not permissions.can_edit_decision(request.user, decision):
        raise PermissionDenied
    county = decision.organisation.county
    if request.method == "POST":
        services.delete_decision(request.user, decision)
        messages.success(request, _("The decision was deleted."))
        return redirect("decisions:county", code=county.code)
    context = {"decision": decision, "county": county}
    return render(request, "decisions/decision_confirm_delete.html", context)


def _initial(request: HttpRequest, county: County, draft: dict[str, Any] | None) -> dict[str, Any]:
    if draft is not None:
        return dict(draft.get("fields", {}))
    slug = request.GET.get("strategi", "")
    strategy = Strategy.objects.visible_to(request.user).filter(county=county, slug=slug).first()
    return {"concerns": "strategy", "strategy": strategy.pk} if strategy else {}


def _edit(
    request: HttpRequest,
    county: County,
    decision: Decision,
    initial: dict[str, Any],
    rows: editing.Rows,
    *,
    draft: dict[str, Any] | None = None,
    token: str = "",
) -> HttpResponse:
    user = request.user
    # A stored or prefilled decision has its rows: one empty row each is enough then.
    extra = editing.EXTRA_EDIT if decision.pk or draft else editing.EXTRA_NEW
    if request.method != "POST":
        form = DecisionForm(instance=decision, initial=initial, user=user, county=county)
        sets = editing.formsets(rows, extra=extra)
        return _render(request, county, decision, form, sets, draft=draft)
    data = request.POST.copy()
    add_to = data.pop(ADD_ROW, [None])[-1]
    if add_to in PARTS:
        # "Add a row" posts the form unsaved and comes back with one more empty row.
        total = f"{add_to}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, "0") or 0) + 1)
    form = DecisionForm(data, instance=decision, user=user, county=county)
    sets = editing.formsets(rows, data, request.FILES, extra=extra)
    if add_to:
        return _render(request, county, decision, form, sets, draft=draft, show_errors=False)
    for name in refused_uploads(request):
        # Skipped while the request was read: saving now would keep the row without its file.
        form.add_error(None, services.upload_message("too_large", name))
    if form.is_valid() and all(formset.is_valid() for formset in sets.values()):
        try:
            saved = services.save_decision(
                user,
                form.instance,
                editing.parts_from(form, sets),
                opened_version=form.cleaned_data.get("opened_version"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if token:
                drafts.drop_draft(request, token)
            messages.success(request, _("The decision was saved."))
            return redirect(saved)
    return _render(request, county, decision, form, sets, draft=draft)


def _add_errors(form: DecisionForm, error: ValidationError) -> None:
    """Put the service's errors on the form's fields; those of the parts (items, documents)
    on the form as a whole."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _render(
    request: HttpRequest,
    county: County,
    decision: Decision,
    form: DecisionForm,
    sets: editing.Formsets,
    *,
    draft: dict[str, Any] | None = None,
    show_errors: bool = True,
) -> HttpResponse:
    has_errors = show_errors and form.is_bound
    context = {
        "county": county,
        "decision": decision,
        "form": form,
        "formsets": sets,
        # A list, not ``formsets.items``: in a template that is the "items" formset.
        "formset_pairs": list(sets.items()),
        "groups": {name: [form[field] for field in fields] for name, fields in GROUPS.items()},
        "draft": draft,
        "draft_missing": drafts.missing_texts(draft) if draft else [],
        "show_errors": has_errors,
        "error_count": editing.error_count(form, sets) if has_errors else 0,
    }
    status = 400 if has_errors else 200
    return render(request, "decisions/decision_form.html", context, status=status)
