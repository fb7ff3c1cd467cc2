"""Save an edited strategy: its fields and every section's items, renumbered 1, 2, … .

The forms only read what was entered; :func:`fardplan.web.strategies.services.save_strategy`
checks the permission, the county and the items that activities serve, and records the
history, as it does for a file import.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.forms import BaseInlineFormSet

from fardplan.web.strategies import services
from fardplan.web.strategies.forms import MAX_POSITION, ItemForm, StrategyForm
from fardplan.web.strategies.items import ItemDraft
from fardplan.web.strategies.models import Section, Strategy, StrategyChangeSource, StrategyItem

SectionFormSet: TypeAlias = "BaseInlineFormSet[StrategyItem, Strategy, ItemForm]"


def save_strategy(
    user: AbstractBaseUser | AnonymousUser,
    form: StrategyForm,
    formsets: list[tuple[Section, SectionFormSet]],
) -> Strategy:
    """Save valid forms and return the strategy. Items marked for deletion are removed; the
    others are ordered by the position entered (ties keep the form order, a blank position goes
    last). Raises what :func:`services.save_strategy` raises; then nothing is saved."""
    drafts = [draft for section, formset in formsets for draft in section_drafts(section, formset)]
    return services.save_strategy(
        user,
        form.instance,
        form.cleaned_data["organisations"],
        drafts,
        source=StrategyChangeSource.EDIT,
        confirm_removals=bool(form.cleaned_data.get("confirm_removals")),
    )


def section_drafts(section: Section, formset: SectionFormSet) -> list[ItemDraft]:
    """Return the section's items in their new order; left out: rows marked for deletion and
    new rows left empty."""
    kept: list[tuple[int, int, ItemDraft]] = []
    for index, form in enumerate(formset.forms):
        is_new = form.instance.pk is None
        if (is_new and not form.has_changed()) or form.cleaned_data.get("DELETE"):
            continue
        position = form.cleaned_data.get("position") or MAX_POSITION + 1
        draft = ItemDraft(
            section.value,
            form.cleaned_data["title"],
            form.cleaned_data.get("text", ""),
            row_id=None if is_new else form.instance.pk,
        )
        kept.append((position, index, draft))
    return [draft for _position, _index, draft in sorted(kept, key=lambda k: k[:2])]
