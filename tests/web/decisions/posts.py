"""Build the decision form's POST data the way a browser sends it: the fields, and each
formset's management form and rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from fardplan.web.organisations.models import Organisation
from fardplan.web.strategies.models import Strategy

Rows = Sequence[Mapping[str, Any]]


def rows(prefix: str, entries: Rows, *, initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(entries)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, entry in enumerate(entries):
        data.update({f"{prefix}-{index}-{name}": value for name, value in entry.items()})
    return data


def decision_post(
    organisation: Organisation,
    strategy: Strategy | None,
    *,
    items: Rows = ({"number": "1", "text": "Anta strategin."},),
    statements: Rows = (),
    documents: Rows = (),
    **fields: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": str(organisation.pk),
        "body": "kommunfullmaktige" if organisation.kind == "municipality" else "regionfullmaktige",
        "meeting_date": "2023-03-01",
        "paragraph": "§ 12",
        "diary_number": "KS 2023/12",
        "title": "Nära vård",
        "kind": "adopt",
        "proposed_by": "kommunstyrelsens förslag",
        "concerns": "strategy" if strategy else "other",
        "strategy": str(strategy.pk) if strategy else "",
        "plan": "",
        "concerns_text": "",
        "sent_to": "Socialförvaltningen\nKommunstyrelsen",
    }
    data.update(fields)
    data.update(rows("items", items))
    data.update(rows("statements", statements))
    data.update(rows("documents", documents))
    return data


def post_create(client: Client, county_code: str, data: dict[str, Any], query: str = "") -> Any:
    url = reverse("decisions:create", args=[county_code]) + query
    return client.post(url, data, content_type=MULTIPART_CONTENT)
