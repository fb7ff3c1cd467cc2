"""The adoption status of a strategy, derived from its decision records by the core
(:mod:`fardplan.adoption`): the database rows become :class:`DecisionFact` values keyed by
organisation code, and the statuses come back keyed the same way.

Nothing here is stored: the status is always what the decisions say today, so a recorded,
changed or deleted decision moves it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from fardplan.adoption import (
    AdoptionState,
    DecisionFact,
    DecisionKind,
    PrincipalStatus,
    StateChange,
    adoption_status,
    adoption_timeline,
)
from fardplan.content.decisions import Body as ContentBody
from fardplan.content.decisions import body_level
from fardplan.web.decisions.models import Decision
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.organisations.ordering import in_swedish_order
from fardplan.web.strategies.models import Strategy

Statuses = dict[str, PrincipalStatus]


def subject_key(strategy: Strategy) -> str:
    """Return the core's key of the strategy: ``"strategy:<pk>"``."""
    return f"strategy:{strategy.pk}"


def principals_of(county: County) -> list[Organisation]:
    """Return the county's principals: the region first, then the municipalities in Swedish
    order. These are the organisations a county strategy must be adopted by."""
    return in_swedish_order(county.organisations.principals())


def decisions_on(strategy: Strategy) -> list[Decision]:
    """Return every decision recorded on the strategy, with what the facts need."""
    decisions = Decision.objects.filter(strategy=strategy).select_related("organisation")
    return list(decisions.prefetch_related("condition_organisations"))


def fact_of(decision: Decision) -> DecisionFact:
    """Return what the decision says to the core. Only a decision on a strategy concerns it."""
    concerns = f"strategy:{decision.strategy_id}" if decision.strategy_id else decision.concerns
    return DecisionFact(
        id=str(decision.pk),
        organisation=decision.organisation.code,
        body_level=body_level(ContentBody(decision.body)),
        kind=DecisionKind(decision.kind),
        meeting_date=decision.meeting_date,
        concerns=concerns,
        conditions=frozenset(o.code for o in decision.condition_organisations.all()),
        requires_all_principals=decision.requires_all_principals,
    )


def statuses_of(
    strategy: Strategy,
    decisions: Iterable[Decision] | None = None,
    *,
    principals: Sequence[Organisation] | None = None,
    as_of: date | None = None,
) -> Statuses:
    """Return each principal's status by organisation code, the region first."""
    found = decisions_on(strategy) if decisions is None else decisions
    codes = [o.code for o in principals or principals_of(strategy.county)]
    facts = [fact_of(decision) for decision in found]
    return adoption_status(subject_key(strategy), codes, facts, as_of=as_of)


def timeline_of(
    strategy: Strategy, decisions: Iterable[Decision], principals: Sequence[Organisation]
) -> list[StateChange]:
    """Return every change of a principal's state, by date."""
    facts = [fact_of(decision) for decision in decisions]
    return adoption_timeline(subject_key(strategy), [o.code for o in principals], facts)


BINDING_STATES = frozenset({AdoptionState.ADOPTED, AdoptionState.IN_FORCE})
