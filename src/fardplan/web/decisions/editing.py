"""Between the decision form's formsets and the service: the rows a form starts with (from a
stored decision or a protocol draft), and the parts a valid post saves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

from django.forms import BaseFormSet

from fardplan.web.decisions.forms import PARTS, DecisionForm, formset_class
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.services import (
    DecisionParts,
    DocumentDraft,
    ItemDraft,
    StatementDraft,
)

Rows = dict[str, list[dict[str, Any]]]
Formsets: TypeAlias = "dict[str, BaseFormSet[Any]]"
# Empty rows offered below the filled ones: more for a new decision, one when editing.
EXTRA_NEW = {"items": 3, "statements": 1, "documents": 2}
EXTRA_EDIT = {"items": 1, "statements": 1, "documents": 1}


def stored_rows(decision: Decision | None) -> Rows:
    """Return the items, statements and documents of a stored decision as formset rows."""
    if decision is None or decision.pk is None:
        return {prefix: [] for prefix in PARTS}
    return {
        "items": [{"number": i.number, "text": i.text} for i in decision.items.all()],
        "statements": [
            {"kind": s.kind, "parties": s.parties, "members": s.members, "text": s.text}
            for s in decision.statements.all()
        ],
        "documents": [{"existing": d.pk, "title": d.title} for d in decision.documents.all()],
    }


def formsets(
    rows: Rows,
    data: Any = None,
    files: Any = None,
    *,
    extra: Mapping[str, int],
) -> Formsets:
    """Return the three formsets, bound to ``data`` when given, else showing ``rows`` and
    ``extra`` empty rows each."""
    return {
        prefix: formset_class(prefix, extra[prefix])(
            data, files, initial=rows.get(prefix, []), prefix=prefix
        )
        for prefix in PARTS
    }


def _kept(formset: BaseFormSet[Any]) -> list[dict[str, Any]]:
    """Return the cleaned rows not marked for removal (empty new rows have no data)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _items(formset: BaseFormSet[Any]) -> list[ItemDraft]:
    drafts: list[ItemDraft] = []
    for row in _kept(formset):
        text = (row.get("text") or "").strip()
        if text:
            number = row.get("number") or (drafts[-1].number + 1 if drafts else 1)
            drafts.append(ItemDraft(number, text))
    return drafts


def _statements(formset: BaseFormSet[Any]) -> list[StatementDraft]:
    return [
        StatementDraft(row["kind"], row.get("parties", ""), row.get("members", ""),
                       row.get("text", ""))
        for row in _kept(formset)
        if row.get("kind") and (row.get("parties") or row.get("members") or row.get("text"))
    ]  # fmt: skip


def _documents(formset: BaseFormSet[Any]) -> list[DocumentDraft]:
    drafts = []
    for row in _kept(formset):
        title, upload, existing = row.get("title", ""), row.get("file"), row.get("existing")
        if title or upload is not None or existing is not None:
            drafts.append(DocumentDraft(title, upload, existing))
    return drafts


def parts_from(form: DecisionForm, sets: Formsets) -> DecisionParts:
    """Return what valid forms say the decision holds besides its fields."""
    return DecisionParts(
        items=_items(sets["items"]),
        statements=_statements(sets["statements"]),
        documents=_documents(sets["documents"]),
        conditions=list(form.cleaned_data.get("condition_organisations") or []),
    )


def error_count(form: DecisionForm, sets: Formsets) -> int:
    count = len(form.errors)
    for formset in sets.values():
        count += sum(len(errors) for errors in formset.errors) + len(formset.non_form_errors())
    return count
