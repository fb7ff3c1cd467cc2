"""Strategy pages: list, detail, YAML download, and for editors edit, create and import.

Who may do what is decided here, in the views, through :meth:`StrategyQuerySet.editable_by`
and Django permissions, never by hiding links alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fardplan.content.strategy import dump_strategy_yaml
from fardplan.web.strategies.editing import save_strategy
from fardplan.web.strategies.forms import StrategyForm, section_formsets
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import export_strategy

ADD_ITEM = "add_item"


def strategy_list(request: HttpRequest) -> HttpResponse:
    """Render every strategy, by county."""
    strategies = Strategy.objects.select_related("county")
    can_add = request.user.has_perm("strategies.add_strategy")
    return render(
        request, "strategies/strategy_list.html", {"strategies": strategies, "can_add": can_add}
    )


def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a strategy with its sections in order."""
    strategy = get_object_or_404(
        Strategy.objects.select_related("county").prefetch_related(
            "items", Prefetch("organisations")
        ),
        slug=slug,
    )
    can_edit = Strategy.objects.editable_by(request.user).filter(pk=strategy.pk).exists()
    return render(
        request,
        "strategies/strategy_detail.html",
        {"strategy": strategy, "sections": strategy.items_by_section(), "can_edit": can_edit},
    )


def strategy_yaml(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the strategy as a UTF-8 YAML file to save (``<slug>.yaml``)."""
    strategy = get_object_or_404(Strategy, slug=slug)
    text = dump_strategy_yaml(export_strategy(strategy))
    response = HttpResponse(text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{strategy.slug}.yaml"'
    return response


@login_required
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a strategy's fields and items. 403 for users without ``change_strategy``."""
    strategy = get_object_or_404(Strategy, slug=slug)
    if not Strategy.objects.editable_by(request.user).filter(pk=strategy.pk).exists():
        raise PermissionDenied
    return _edit(request, strategy)


@login_required
@permission_required("strategies.add_strategy", raise_exception=True)
def strategy_create(request: HttpRequest) -> HttpResponse:
    """Create a strategy. 403 for users without ``add_strategy``."""
    return _edit(request, Strategy())


def _edit(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    if request.method != "POST":
        return _render_edit(request, strategy, StrategyForm(instance=strategy), None)
    data = request.POST.copy()
    add_to = data.pop(ADD_ITEM, [None])[-1]
    if add_to:
        # "Add an item" posts the form unsaved and comes back with one more empty row.
        total = f"{add_to}-TOTAL_FORMS"
        data[total] = str(int(data.get(total, "0")) + 1)
        form = StrategyForm(data, instance=strategy)
        return _render_edit(request, strategy, form, data, show_errors=False)
    form = StrategyForm(data, instance=strategy)
    formsets = section_formsets(strategy, data)
    if form.is_valid() and all(formset.is_valid() for _section, formset in formsets):
        saved = save_strategy(form, formsets)
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
) -> HttpResponse:
    formsets = formsets or section_formsets(strategy, data)
    has_errors = show_errors and data is not None
    context = {
        "strategy": strategy,
        "form": form,
        "formsets": formsets,
        "show_errors": has_errors,
        "error_count": _error_count(form, formsets) if has_errors else 0,
    }
    status = 400 if has_errors else 200
    return render(request, "strategies/strategy_form.html", context, status=status)


def _error_count(form: StrategyForm, formsets: Any) -> int:
    count = len(form.errors)
    for _section, formset in formsets:
        count += sum(len(errors) for errors in formset.errors) + len(formset.non_form_errors())
    return count
