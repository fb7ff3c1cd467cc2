"""One organisation's own path through its bodies: nämnd prepares → styrelse proposes →
fullmäktige adopts, or rejects.

The record kept here is what the organisation's own decisions (and a joint body's preparation)
say, before the conditions are weighed: a conditional adoption is CONDITIONAL here even when
every condition is met; :mod:`fardplan.adoption.conditions` decides which are in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fardplan.adoption.facts import AdoptionState, BodyLevel, DecisionFact, DecisionKind

State = AdoptionState

# Order of the bodies: the tie-break on one meeting date, and the authority a decision carries
# (a committee cannot undo what the council adopted). A joint body prepares, so it comes first.
LEVEL_RANK = {BodyLevel.JOINT: 0, BodyLevel.COMMITTEE: 1, BodyLevel.BOARD: 2, BodyLevel.COUNCIL: 3}
# How far along the chain a state is; a positive decision never moves an organisation back.
# A rejection is at the start again: any positive decision moves on from it.
PROGRESS = {
    State.NONE: 0,
    State.REJECTED: 0,
    State.PREPARED: 1,
    State.PROPOSED: 2,
    State.ADOPTED: 3,
    State.CONDITIONAL: 3,
}
ADOPTIONS = frozenset({State.ADOPTED, State.CONDITIONAL})
POSITIVE = frozenset({DecisionKind.ADOPT, DecisionKind.APPROVE, DecisionKind.PROPOSE})
NO_AUTHORITY = -1


@dataclass(frozen=True)
class Own:
    """An organisation's state by its own decisions (never IN_FORCE).

    ``authority`` is the rank of the body whose decision set the state; ``awaited`` the
    organisations a CONDITIONAL adoption waits for (empty otherwise); ``decision_ids`` the
    decisions that changed the state, oldest first."""

    state: AdoptionState = State.NONE
    since: date | None = None
    authority: int = NO_AUTHORITY
    awaited: frozenset[str] = frozenset()
    decision_ids: tuple[str, ...] = ()


NOTHING = Own()


def awaited_by(fact: DecisionFact, principals: tuple[str, ...]) -> frozenset[str]:
    """Return the organisations ``fact`` waits for: its conditions, and every other principal
    when it requires all of them; never the deciding organisation itself."""
    everyone = frozenset(principals) if fact.requires_all_principals else frozenset()
    return (fact.conditions | everyone) - {fact.organisation}


def target_state(fact: DecisionFact, awaited: frozenset[str]) -> AdoptionState | None:
    """Return the state ``fact`` moves its own organisation to, or ``None`` for a decision that
    never changes a state (take note, put on file)."""
    if fact.kind in (DecisionKind.TAKE_NOTE, DecisionKind.PUT_ON_FILE):
        return None
    if fact.kind is DecisionKind.REJECT:
        return State.REJECTED
    if fact.body_level is BodyLevel.COMMITTEE:
        return State.PREPARED
    if fact.kind is DecisionKind.PROPOSE:
        return State.PROPOSED
    # Adopt or approve by the council, a board with delegation, or a joint body for itself.
    return State.CONDITIONAL if awaited else State.ADOPTED


def apply_own(own: Own, fact: DecisionFact, awaited: frozenset[str]) -> Own:
    """Return the record after the organisation's own decision ``fact`` (``own`` itself when
    the decision changes nothing)."""
    state = target_state(fact, awaited)
    rank = LEVEL_RANK[fact.body_level]
    awaited = awaited if state is State.CONDITIONAL else frozenset()
    if state is None or not _changes(own, state, rank, awaited):
        return own
    return Own(state, fact.meeting_date, rank, awaited, (*own.decision_ids, fact.id))


def _changes(own: Own, state: AdoptionState, rank: int, awaited: frozenset[str]) -> bool:
    if state is State.REJECTED:
        return own.state is not State.REJECTED and rank >= own.authority
    if state in ADOPTIONS and own.state in ADOPTIONS:
        # The latest adoption replaces an earlier one, if its body may overrule that one's.
        return rank >= own.authority and (state, awaited) != (own.state, own.awaited)
    return PROGRESS[state] > PROGRESS[own.state]


def prepare_jointly(own: Own, fact: DecisionFact) -> Own:
    """Return a principal's record after a joint body's decision: a positive one prepares a
    principal that has no state yet; nothing else changes."""
    if fact.kind not in POSITIVE or own.state is not State.NONE:
        return own
    rank = LEVEL_RANK[BodyLevel.JOINT]
    return Own(State.PREPARED, fact.meeting_date, rank, frozenset(), (*own.decision_ids, fact.id))
