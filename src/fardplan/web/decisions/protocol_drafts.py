"""A protocol draft (:class:`fardplan.protocols.ProtocolDraft`) as the decision form's
prefill (:mod:`.drafts`): the parser's codes become the model's, its lists the form's rows.

The parser cannot know whose protocol it read or which strategy it concerns: the import page
asks, and an answer left out is listed as missing. A condition is read as "every principal"
when its text names the region and the municipalities; the notice asks the user to check it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fardplan.protocols import BodyKind, ProtocolDraft, Statement
from fardplan.web.decisions.choices import CONDITIONAL_KINDS, Body
from fardplan.web.organisations.models import Organisation
from fardplan.web.strategies.models import Strategy

_BODIES = {kind.value: kind.value for kind in BodyKind if kind.value in Body.values}
_BODIES[BodyKind.JOINT.value] = Body.JOINT_BODY


def _all_principals(text: str) -> bool:
    lowered = text.casefold()
    return "region" in lowered and "kommuner" in lowered


def _fields(draft: ProtocolDraft, organisation: Organisation | None,
            strategy: Strategy | None) -> dict[str, Any]:  # fmt: skip
    kind = draft.decision_kind.value if draft.decision_kind else ""
    conditional = bool(draft.conditions_text) and kind in CONDITIONAL_KINDS
    fields: dict[str, Any] = {
        "organisation": organisation.pk if organisation else None,
        "body": _BODIES.get(draft.body_kind.value, "") if draft.body_kind else "",
        "meeting_date": draft.meeting_date.isoformat() if draft.meeting_date else "",
        "paragraph": draft.paragraph or "",
        "diary_number": draft.diary_number or "",
        "title": draft.title or "",
        "kind": kind,
        "proposed_by": draft.proposed_by or "",
        "sent_to": "\n".join(draft.sent_to),
        "requires_all_principals": conditional and _all_principals(draft.conditions_text or ""),
    }
    if strategy is not None:
        fields.update(concerns="strategy", strategy=strategy.pk)
    return fields


def _statement(statement: Statement) -> dict[str, str]:
    return {
        "kind": statement.kind.value,
        "parties": ", ".join(statement.parties),
        "members": ", ".join(statement.members),
        "text": statement.text,
    }


def _rows(draft: ProtocolDraft) -> dict[str, list[dict[str, Any]]]:
    return {
        "items": [{"number": n, "text": t} for n, t in enumerate(draft.decision_items, start=1)],
        "statements": [_statement(s) for s in draft.statements],
        "documents": [{"title": title} for title in draft.decision_basis],
    }


def _notes(draft: ProtocolDraft) -> list[str]:
    notes = []
    if draft.conditions_text:
        notes.append(
            _("The decision has a condition: “%(text)s” Check whom it waits for under Conditions.")
            % {"text": draft.conditions_text}
        )
    if draft.body_kind is BodyKind.OTHER and draft.body:
        notes.append(_("The body “%(body)s” is none of those listed: choose the body.")
                     % {"body": draft.body})  # fmt: skip
    # The parser words what it was unsure of in both languages; the reader's is shown.
    language = "sv" if (get_language() or "sv").startswith("sv") else "en"
    return notes + [notice.describe(language) for notice in draft.notices]


def form_draft(
    draft: ProtocolDraft, organisation: Organisation | None, strategy: Strategy | None
) -> dict[str, Any]:
    """Return the prefill of the decision form for ``draft`` (see :mod:`.drafts`)."""
    missing = list(draft.missing)
    if organisation is None:
        missing.insert(0, "organisation")
    return {
        "fields": _fields(draft, organisation, strategy),
        "rows": _rows(draft),
        "missing": missing,
        "notes": _notes(draft),
    }
