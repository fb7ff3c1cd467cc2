"""The facts the adoption status is derived from, and the status itself.

A :class:`DecisionFact` is what one political decision says about one subject (a strategy, a
programme directive, …); the caller builds them from its own records (database rows or the
example YAML files). Everything here is immutable, so the result of the derivation depends on the
decisions only, never on the order they are given in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class BodyLevel(StrEnum):
    """Which kind of body made the decision."""

    COUNCIL = "council"  # kommunfullmäktige, regionfullmäktige
    BOARD = "board"  # kommunstyrelsen, regionstyrelsen
    COMMITTEE = "committee"  # a nämnd: socialnämnden, hälso- och sjukvårdsnämnden, …
    JOINT = "joint"  # a joint political body of several principals (Polsam, Social-ReKo)


class DecisionKind(StrEnum):
    ADOPT = "adopt"  # anta, fastställa
    PROPOSE = "propose"  # föreslå (fullmäktige att anta)
    APPROVE = "approve"  # godkänna, ställa sig bakom
    TAKE_NOTE = "take_note"  # notera, ta del av
    PUT_ON_FILE = "put_on_file"  # lägga till handlingarna
    REJECT = "reject"  # avslå


class AdoptionState(StrEnum):
    """Where one organisation stands with one subject."""

    NONE = "none"
    PREPARED = "prepared"  # a committee (or a joint body) has prepared it
    PROPOSED = "proposed"  # the board has proposed that the council adopt it
    ADOPTED = "adopted"
    CONDITIONAL = "adopted_on_condition"  # adopted, but waiting for others' decisions
    IN_FORCE = "in_force"  # adopted on condition, and every condition is met
    REJECTED = "rejected"


class NextStep(StrEnum):
    """What is still missing for an organisation to be bound."""

    PREPARATION = "preparation"  # none yet: a committee or the board is to prepare it
    PROPOSAL = "proposal"  # prepared: the board is to propose it to the council
    COUNCIL_DECISION = "council_decision"  # proposed: the council is to decide
    CONDITIONS = "conditions"  # adopted on condition: the others' decisions (``waiting_for``)
    RECONSIDERATION = "reconsideration"  # rejected: only a new decision can bind it
    NONE = "none"  # adopted or in force: nothing is missing


# States that bind the organisation: what a condition waits for.
BINDING = frozenset({AdoptionState.ADOPTED, AdoptionState.IN_FORCE})


@dataclass(frozen=True)
class DecisionFact:
    """One decision about one subject.

    ``conditions`` names the organisations that must have adopted the same subject before the
    decision takes effect; ``requires_all_principals`` adds every other principal ("the region
    and every municipality of the county"). Both count only for a decision that adopts.
    """

    id: str  # the caller's decision id (str of the pk, or a content key)
    organisation: str  # organisation code: "25", "2262", or a joint body's slug "polsam"
    body_level: BodyLevel
    kind: DecisionKind
    meeting_date: date
    concerns: str  # the key of what it concerns, e.g. "strategy:12"; others are ignored
    conditions: frozenset[str] = frozenset()
    requires_all_principals: bool = False


@dataclass(frozen=True)
class PrincipalStatus:
    """One principal's adoption status.

    ``since`` is the date the state began (``None`` for NONE); for IN_FORCE the date of the
    decision that completed the conditions. ``waiting_for`` is empty unless CONDITIONAL.
    ``decision_ids`` are the principal's own decisions that changed its state, and the joint
    body's decision that prepared it, oldest first. ``next_step`` is never ``None`` from
    :func:`~fardplan.adoption.adoption_status`.
    """

    organisation: str
    state: AdoptionState
    since: date | None
    waiting_for: tuple[str, ...]
    decision_ids: tuple[str, ...]
    next_step: NextStep | None

    @property
    def binding(self) -> bool:
        """Whether the principal is bound: ADOPTED or IN_FORCE."""
        return self.state in BINDING


@dataclass(frozen=True)
class StateChange:
    """One line of the timeline: ``organisation`` went from ``before`` to ``after`` on ``on``
    because of ``decision_id`` (for a conditional adoption that comes into force or stops being
    in force: the other organisation's decision that caused it)."""

    on: date
    organisation: str
    before: AdoptionState
    after: AdoptionState
    decision_id: str
