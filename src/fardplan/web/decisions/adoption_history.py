"""Record the adoption changes a decision causes in the strategy's history.

The statuses are derived before and after a decision is saved or deleted; every principal
whose state (or the date it began) moved gets one row in the strategy's history
(:class:`StrategyChange`, field ``adoption:<organisation code>``). That includes the principals
whose own records did not change: Timrå's conditional adoption comes into force when the last
other principal adopts, and the row says so, naming the decision that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from fardplan.adoption import PrincipalStatus
from fardplan.web.decisions.adoption import principals_of, statuses_of
from fardplan.web.decisions.history import label_of
from fardplan.web.decisions.models import Decision
from fardplan.web.decisions.states import state_label
from fardplan.web.strategies.models import (
    Strategy,
    StrategyChange,
    StrategyChangeAction,
    StrategyChangeSource,
)

User = AbstractBaseUser | AnonymousUser | None
ADOPTION_PREFIX = "adoption:"
Statuses = dict[str, PrincipalStatus]


def statuses(strategies: Iterable[Strategy]) -> dict[Strategy, Statuses]:
    """Return every strategy's statuses as the decisions stand now."""
    return {strategy: statuses_of(strategy) for strategy in strategies}


def _value(status: PrincipalStatus, organisation: str) -> dict[str, Any]:
    since = status.since.isoformat() if status.since else None
    return {"organisation": organisation, "state": str(status.state), "since": since}


def _changed(before: PrincipalStatus | None, after: PrincipalStatus) -> bool:
    if before is None:
        return True
    return (before.state, before.since) != (after.state, after.since)


def record(
    user: User,
    before: Mapping[Strategy, Statuses],
    *,
    cause: Decision | None,
    cause_label: str = "",
) -> list[StrategyChange]:
    """Derive the statuses again and record each principal whose state or since-date moved,
    naming the decision saved (``cause``) or deleted (``cause_label``). Return the rows."""
    who: Any = user if user is not None and user.is_authenticated else None
    # A person recording a decision changes the adoption, not the strategy's text: the row
    # says it came from a decision; the example loader's rows say "the system".
    source = StrategyChangeSource.SYSTEM if user is None else StrategyChangeSource.DECISION
    label = label_of(cause) if cause is not None else cause_label
    rows = []
    for strategy, old in before.items():
        names = {o.code: o.name for o in principals_of(strategy.county)}
        for code, status in statuses_of(strategy).items():
            if not _changed(old.get(code), status):
                continue
            previous = old.get(code)
            after = {**_value(status, names[code]), "decision": label,
                     "deleted": cause is None}  # fmt: skip
            rows.append(StrategyChange(
                strategy=strategy, action=StrategyChangeAction.UPDATED, source=source,
                field=ADOPTION_PREFIX + code, user=who, after=after,
                before=_value(previous, names[code]) if previous else None,
            ))  # fmt: skip
    return StrategyChange.objects.bulk_create(rows)


def history_label(change: StrategyChange) -> str:
    """Name the row: "Antagande: Timrå kommun"."""
    value = change.after or change.before or {}
    return _("Adoption: %(organisation)s") % {"organisation": value.get("organisation", "")}


def history_value(value: Any) -> str:
    """Show a stored status: "I kraft sedan 2023-03-01 (när Ånge kommun … registrerades)"."""
    if not isinstance(value, dict):
        return "–"
    text = state_label(value.get("state", ""))
    if value.get("since"):
        text = _("%(state)s since %(date)s") % {"state": text, "date": value["since"]}
    if value.get("decision"):
        template = (
            _("%(text)s (when the decision %(decision)s was deleted)")
            if value.get("deleted")
            else _("%(text)s (when the decision %(decision)s was recorded or changed)")
        )
        text = template % {"text": text, "decision": value["decision"]}
    return text
