"""Save an edited strategy: its fields and every section's items, renumbered 1, 2, … ."""

from __future__ import annotations

from typing import TypeAlias

from django.db import transaction
from django.db.models import F
from django.forms import BaseInlineFormSet, ModelForm

from fardplan.web.strategies.forms import MAX_POSITION, ItemForm
from fardplan.web.strategies.models import Section, Strategy, StrategyItem

SectionFormSet: TypeAlias = "BaseInlineFormSet[StrategyItem, Strategy, ItemForm]"


@transaction.atomic
def save_strategy(
    form: ModelForm[Strategy], formsets: list[tuple[Section, SectionFormSet]]
) -> Strategy:
    """Save valid forms and return the strategy. Items marked for deletion are removed; the
    others are ordered by the position entered (ties keep the form order, a blank position goes
    last) and numbered from 1."""
    strategy = form.save()
    for section, formset in formsets:
        formset.instance = strategy
        save_section(strategy, section, formset)
    return strategy


def save_section(strategy: Strategy, section: Section, formset: SectionFormSet) -> None:
    kept: list[tuple[int, int, ItemForm]] = []
    for index, form in enumerate(formset.forms):
        is_new = form.instance.pk is None
        if is_new and not form.has_changed():
            continue  # an empty row for a new item
        if form.cleaned_data.get("DELETE"):
            if not is_new:
                form.instance.delete()
            continue
        position = form.cleaned_data.get("position") or MAX_POSITION + 1
        kept.append((position, index, form))
    # Move the section's rows out of the way first, so that renumbering never meets the
    # unique (strategy, section, position) constraint half-way.
    strategy.items.filter(section=section).update(position=F("position") + MAX_POSITION + 1)
    for number, (_position, _index, form) in enumerate(sorted(kept, key=lambda k: k[:2]), 1):
        item = form.save(commit=False)
        item.strategy, item.section, item.position = strategy, section, number
        item.save()
