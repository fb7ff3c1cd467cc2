"""Strategy pages: list, detail, YAML download, and for the county's coordinators edit,
create and import.

Every lookup goes through :meth:`StrategyQuerySet.visible_to` (drafts only for the county's
members) and :meth:`StrategyQuerySet.editable_by`; the service checks again when saving.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fardplan.content.strategy import dump_strategy_yaml
from fardplan.web.strategies import history, permissions
from fardplan.web.strategies.editing import save_strategy
from fardplan.web.strategies.forms import StrategyForm, section_formsets
from fardplan.web.strategies.items import ItemsInUseError
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import export_strategy

ADD_ITEM = "add_item"


def visible(request: HttpRequest, slug: str) -> Strategy:
    """Return the strategy if the user may read it; 404 otherwise (a draft stays hidden)."""
    strategies = Strategy.objects.visible_to(request.user).select_related("county")
    return get_object_or_404(strategies, slug=slug)


def strategy_list(request: HttpRequest) -> HttpResponse:
    """Render every strategy the user may read, by county."""
    strategies = Strategy.objects.visible_to(request.user).select_related("county")
    can_add = permissions.can_create_strategy(request.user)
    return render(
        request, "strategies/strategy_list.html", {"strategies": strategies, "can_add": can_add}
    )


def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a strategy with its sections in order, and its history for the county's
    members."""
    strategy = get_object_or_404(
        Strategy.objects.visible_to(request.user)
        .select_related("county")
        .prefetch_related("items", Prefetch("organisations")),
        slug=slug,
    )
    changes = None
    if permissions.can_read_history(request.user, strategy):
        changes = history.show_changes(strategy.changes.select_related("user")[:50])
    context = {
        "strategy": strategy,
        "sections": strategy.items_by_section(),
        "can_edit": permissions.can_edit_strategy(request.user, strategy),
        "changes": changes,
    }
    return render(request, "strategies/strategy_detail.html", context)


def strategy_yaml(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the strategy as a UTF-8 YAML file to save (``<slug>.yaml``)."""
    strategy = visible(request, slug)
    text = dump_strategy_yaml(export_strategy(strategy))
    response = HttpResponse(text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{strategy.slug}.yaml"'
    return response


@login_required
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a strategy's fields and items. 404 for a strategy the user may not read, 403 for
    one the user may read but not edit."""
    strategy = visible(request, slug)
    if not Strategy.objects.editable_by(request.user).filter(pk=strategy.pk).exists():
        raise PermissionDenied
    return _edit(request, strategy)


@login_required
def strategy_create(request: HttpRequest) -> HttpResponse:
    """Create a strategy in a county the user manages. 403 for users who manage none."""
    if not permissions.can_create_strategy(request.user):
        raise PermissionDenied
    return _edit(request, Strategy())


def _edit(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    user = request.user
    if request.method != "POST":
        return _render_edit(request, strategy, StrategyForm(instance=strategy, user=user), None)
    data = request.POST.copy()
    add_to = data.pop(ADD_ITEM, [None])[-1]
    if add_to:
        # "Add an item" posts the form unsaved and comes back with one more empty row.
        total = f"{add_to}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, "0")) + 1)
        form = StrategyForm(data, instance=strategy, user=user)
        return _render_edit(request, strategy, form, data, show_errors=False)
    form = StrategyForm(data, instance=strategy, user=user)
    formsets = section_formsets(strategy, data)
    if form.is_valid() and all(formset.is_valid() for _section, formset in formsets):
        try:
            saved = save_strategy(user, form, formsets)
        except ItemsInUseError as refused:
            form.add_error(None, refused)
            context = {"items_in_use": refused.served}
            return _render_edit(request, strategy, form, data, formsets=formsets, extra=context)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The strategy was saved."))
            return redirect(saved)
    return _render_edit(request, strategy, form, data, formsets=formsets)


def _render_edit(
    request: HttpRequest,
    strategy: Strategy,
    form: StrategyForm,
    data: Any,
    *,
    show_errors: bool = True,
    formsets: Any = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    formsets = formsets or section_formsets(strategy, data)
    has_errors = show_errors and data is not None
    context = {
        "strategy": strategy,
        "form": form,
        "formsets": formsets,
        "show_errors": has_errors,
        "error_count": _error_count(form, formsets) if has_errors else 0,
        **(extra or {}),
    }
    status = 400 if has_errors else 200
    return render(request, "strategies/strategy_form.html", context, status=status)


def _error_count(form: StrategyForm, formsets: Any) -> int:
    count = len(form.errors)
    for _section, formset in formsets:
        count += sum(len(errors) for errors in formset.errors) + len(formset.non_form_errors())
    return count
