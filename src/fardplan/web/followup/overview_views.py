"""The county overview page ("Läget i länet") and the coordinators' links of indicators to
the strategy's items. Published indicators are public, so the page reads without login; the
activities and the activities' indicators follow the plans' reading rights."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fardplan.catalogue import load_catalogue
from fardplan.web.access.scope import scope_for
from fardplan.web.followup import links
from fardplan.web.followup.models import ItemIndicator
from fardplan.web.followup.overview import SECTIONS, county_overview, strategy_for
from fardplan.web.followup.views import current_store
from fardplan.web.organisations.models import County
from fardplan.web.site.free_text import FreeTextForm
from fardplan.web.strategies.models import StrategyItem


def indicator_choices() -> list[tuple[str, str]]:
    """Return the catalogue's indicators by name in the active language, sorted."""
    english = get_language() == "en"
    names = [(i.id, i.name.en if english else i.name.sv) for i in load_catalogue().indicators]
    return sorted(names, key=lambda choice: choice[1].casefold())


class ItemIndicatorForm(FreeTextForm, forms.Form):
    indicator_id = forms.ChoiceField(label=gettext_lazy("Indicator"), choices=indicator_choices)


def overview_page(request: HttpRequest, code: str) -> HttpResponse:
    """Render the county's overview of its strategy; ``?strategy=slug`` picks another one the
    user may read."""
    county = get_object_or_404(County, code=code)
    store = current_store()
    strategy = strategy_for(request.user, county, request.GET.get("strategy"))
    overview = county_overview(request.user, county, store.run, strategy)
    may_link = strategy is not None and scope_for(request.user).can_manage_county(county.pk)
    items = [block.item for block in overview.blocks]
    context = {
        "store": store,
        "county": county,
        "region_code": "00" + county.code,
        "overview": overview,
        "may_link": may_link,
        "link_form": ItemIndicatorForm() if may_link else None,
        "history": links.link_history(items)[:30] if may_link else [],
        "signed_in": request.user.is_authenticated,
    }
    return render(request, "followup/overview.html", context)


def _item_in_county(code: str, item_pk: int) -> StrategyItem:
    county = get_object_or_404(County, code=code)
    return get_object_or_404(
        StrategyItem.objects.select_related("strategy"),
        pk=item_pk,
        strategy__county=county,
        section__in=SECTIONS,
    )


def _back(item: StrategyItem, code: str) -> str:
    url = reverse("followup:overview", args=[code])
    return f"{url}?strategy={item.strategy.slug}#item-{item.pk}"


@login_required
@require_POST
def link_add(request: HttpRequest, code: str, item_pk: int) -> HttpResponse:
    item = _item_in_county(code, item_pk)
    if not links.can_link(request.user, item):
        raise PermissionDenied
    form = ItemIndicatorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an indicator from the list."))
        return redirect(_back(item, code))
    try:
        links.link_indicator(request.user, item, form.cleaned_data["indicator_id"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The indicator was linked to %(item)s.") % {"item": item.title})
    return redirect(_back(item, code))


@login_required
@require_POST
def link_remove(request: HttpRequest, code: str, link_pk: int) -> HttpResponse:
    county = get_object_or_404(County, code=code)
    link = get_object_or_404(
        ItemIndicator.objects.active().select_related("item__strategy"),
        pk=link_pk,
        item__strategy__county=county,
    )
    links.unlink_indicator(request.user, link)
    messages.success(request, _("The link was removed."))
    return redirect(_back(link.item, code))
