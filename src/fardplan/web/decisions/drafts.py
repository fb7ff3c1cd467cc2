"""Drafts that prefill the decision form: what the protocol import found, kept in the user's
session under a short token until the form is saved (``?utkast=<token>``).

A draft is plain JSON: ``fields`` (the decision's own fields: organisation id, body, meeting
date as ISO text, …), ``rows`` (``items``, ``statements``, ``documents`` as formset rows),
``missing`` (what the import did not find, by code) and ``notes`` (warnings in words). Nothing
is saved to the database until the user checks the form and saves it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "decision_drafts"
# A user imports a few protocols at a time; older drafts are dropped so the session stays small.
MAX_DRAFTS = 5


def store_draft(request: HttpRequest, county_code: str, draft: dict[str, Any]) -> str:
    """Keep ``draft`` for the county in the session; return its token."""
    token = secrets.token_urlsafe(9)
    drafts: dict[str, Any] = dict(request.session.get(SESSION_KEY, {}))
    drafts[token] = {"county": county_code, **draft}
    while len(drafts) > MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    request.session[SESSION_KEY] = drafts
    return token


def load_draft(request: HttpRequest, county_code: str, token: str) -> dict[str, Any] | None:
    """Return the draft of ``token`` if it was made for this county, else None."""
    draft = request.session.get(SESSION_KEY, {}).get(token)
    if not isinstance(draft, dict) or draft.get("county") != county_code:
        return None
    return draft


def drop_draft(request: HttpRequest, token: str) -> None:
    """Forget a draft once its decision is saved."""
    drafts = dict(request.session.get(SESSION_KEY, {}))
    if drafts.pop(token, None) is not None:
        request.session[SESSION_KEY] = drafts


def missing_texts(draft: dict[str, Any]) -> list[str]:
    """Return what the import did not find, in words (``draft["missing"]`` holds codes, or
    texts for anything this module does not know)."""
    names = missing_names()
    return [str(names.get(code, code)) for code in draft.get("missing", [])]


def missing_names() -> dict[str, Any]:
    """Return the words for each code of ``ProtocolDraft.missing``."""
    return {
        "paragraph": _("the paragraph (§)"),
        "diary_number": _("the diary number (Dnr)"),
        "title": _("the title"),
        "body": _("the body that decided"),
        "meeting_date": _("the meeting date"),
        "decision_items": _("the decision items"),
        "decision_kind": _("what was decided (adopt, propose, …)"),
        "organisation": _("the organisation"),
        "statements": _("statements"),
        "decision_basis": _("the decision basis"),
        "sent_to": _("who the extract was sent to"),
    }
