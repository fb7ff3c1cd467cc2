"""The adoption status of a subject for every principal, and its timeline.

Both replay the decisions in order (meeting date, then body: joint < committee < board <
council, then id) and weigh the conditions after each one, so that a conditional adoption comes
into force, or stops being in force, on the date of the other organisation's decision that
causes it. The rules are in docs/decisions.md, "Adoption status".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from fardplan.adoption.chain import (
    ADOPTIONS,
    LEVEL_RANK,
    NOTHING,
    Own,
    apply_own,
    awaited_by,
    prepare_jointly,
)
from fardplan.adoption.conditions import bound_organisations, still_awaited
from fardplan.adoption.facts import (
    AdoptionState,
    BodyLevel,
    DecisionFact,
    NextStep,
    PrincipalStatus,
    StateChange,
)

State = AdoptionState
NEXT_STEP = {
    State.NONE: NextStep.PREPARATION,
    State.PREPARED: NextStep.PROPOSAL,
    State.PROPOSED: NextStep.COUNCIL_DECISION,
    State.ADOPTED: NextStep.NONE,
    State.CONDITIONAL: NextStep.CONDITIONS,
    State.IN_FORCE: NextStep.NONE,
    State.REJECTED: NextStep.RECONSIDERATION,
}
Statuses = dict[str, PrincipalStatus]


def adoption_status(
    subject: str,
    principals: Sequence[str],
    decisions: Iterable[DecisionFact],
    *,
    as_of: date | None = None,
) -> Statuses:
    """Return each principal's status for ``subject``, keyed by principal in the principals'
    order, from the decisions that concern ``subject`` and were made on or before ``as_of``
    (all of them when ``None``). A principal without any such decision is NONE."""
    unique = _unique(principals)
    last = deque(_replay(subject, unique, decisions, as_of), maxlen=1)
    return last[0][1] if last else _initial(unique)


def adoption_timeline(
    subject: str,
    principals: Sequence[str],
    decisions: Iterable[DecisionFact],
    *,
    until: date | None = None,
) -> list[StateChange]:
    """Return every change of a principal's state, in the order the decisions are applied
    (so by date), principals in their order within one decision. The last change of each
    principal is its state in :func:`adoption_status`; a principal without changes is NONE."""
    unique = _unique(principals)
    before = _initial(unique)
    changes: list[StateChange] = []
    for fact, after in _replay(subject, unique, decisions, until):
        changes.extend(
            StateChange(fact.meeting_date, code, before[code].state, after[code].state, fact.id)
            for code in unique
            if before[code].state is not after[code].state
        )
        before = after
    return changes


def is_binding(statuses: Mapping[str, PrincipalStatus]) -> bool:
    """Return whether the subject binds: there is a principal, and every one is ADOPTED or
    IN_FORCE."""
    return bool(statuses) and all(status.binding for status in statuses.values())


def still_missing(statuses: Mapping[str, PrincipalStatus]) -> list[PrincipalStatus]:
    """Return the principals that are not bound yet, in the principals' order."""
    return [status for status in statuses.values() if not status.binding]


def decision_order(fact: DecisionFact) -> tuple[object, ...]:
    """Return the key decisions are applied in: meeting date, body (joint < committee < board <
    council), id (numeric ids by number), then the other fields, so that the order is total and
    never depends on the order the decisions were given in."""
    numeric = fact.id.isascii() and fact.id.isdigit()
    return (
        fact.meeting_date,
        LEVEL_RANK[fact.body_level],
        (0, int(fact.id), "") if numeric else (1, 0, fact.id),
        fact.organisation,
        fact.kind,
        tuple(sorted(fact.conditions)),
        fact.requires_all_principals,
    )


def _unique(principals: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(principals))


def _initial(principals: tuple[str, ...]) -> Statuses:
    return {
        code: PrincipalStatus(code, State.NONE, None, (), (), NextStep.PREPARATION)
        for code in principals
    }


def _replay(
    subject: str, principals: tuple[str, ...], decisions: Iterable[DecisionFact], until: date | None
) -> Iterator[tuple[DecisionFact, Statuses]]:
    """Yield, after each decision that changes an organisation's own record, the decision and
    every principal's status."""
    relevant = [
        fact
        for fact in decisions
        if fact.concerns == subject and (until is None or fact.meeting_date <= until)
    ]
    owns: dict[str, Own] = {}
    statuses = _initial(principals)
    adoptions: dict[str, frozenset[str]] = {}
    bound: frozenset[str] = frozenset()
    for fact in sorted(relevant, key=decision_order):
        changed = _apply(owns, fact, principals)
        if not changed:
            continue
        now_adopted = {code: own.awaited for code, own in owns.items() if own.state in ADOPTIONS}
        if now_adopted != adoptions:  # the fixpoint only moves when an adoption does
            adoptions, bound = now_adopted, bound_organisations(now_adopted)
        statuses = _statuses(owns, principals, adoptions, bound, statuses, changed, fact)
        yield fact, statuses


def _apply(owns: dict[str, Own], fact: DecisionFact, principals: tuple[str, ...]) -> set[str]:
    """Apply ``fact`` to the records it touches; return the organisations whose record changed.
    Every organisation keeps a record, principal or not, so that a condition naming one that
    is not a principal can still be met."""
    updates = {fact.organisation: apply_own(owns.get(fact.organisation, NOTHING), fact,
                                            awaited_by(fact, principals))}  # fmt: skip
    if fact.body_level is BodyLevel.JOINT:
        for code in principals:
            if code != fact.organisation:
                updates[code] = prepare_jointly(owns.get(code, NOTHING), fact)
    changed = {code for code, own in updates.items() if own is not owns.get(code, NOTHING)}
    owns.update((code, updates[code]) for code in changed)
    return changed


def _statuses(
    owns: Mapping[str, Own],
    principals: tuple[str, ...],
    adoptions: Mapping[str, frozenset[str]],
    bound: frozenset[str],
    before: Statuses,
    changed: set[str],
    fact: DecisionFact,
) -> Statuses:
    statuses: Statuses = {}
    for code in principals:
        own = owns.get(code, NOTHING)
        in_force = own.state is State.CONDITIONAL and code in bound
        state = State.IN_FORCE if in_force else own.state
        # A state begins when it changes, or when the organisation's own record was replaced
        # (a new adoption with other conditions); otherwise it goes on from before.
        moved = state is not before[code].state or code in changed
        waiting = (
            still_awaited(own.awaited, adoptions, bound, principals)
            if state is State.CONDITIONAL
            else ()
        )
        statuses[code] = PrincipalStatus(
            organisation=code,
            state=state,
            since=fact.meeting_date if moved else before[code].since,
            waiting_for=waiting,
            decision_ids=own.decision_ids,
            next_step=NEXT_STEP[state],
        )
    return statuses
