"""Adoption of a county strategy: which principals have adopted it, derived from their
political decisions. Analytics core: no web code.

``adoption_status(subject, principals, decisions)`` → ``{principal: PrincipalStatus}``;
``adoption_timeline(…)`` → ``[StateChange]``; ``is_binding(statuses)``. The rules (the
preparation chain, conditions and their coming into force) are in docs/decisions.md.
"""

from fardplan.adoption.facts import (
    AdoptionState,
    BodyLevel,
    DecisionFact,
    DecisionKind,
    NextStep,
    PrincipalStatus,
    StateChange,
)
from fardplan.adoption.status import (
    adoption_status,
    adoption_timeline,
    decision_order,
    is_binding,
    still_missing,
)

__all__ = [
    "AdoptionState",
    "BodyLevel",
    "DecisionFact",
    "DecisionKind",
    "NextStep",
    "PrincipalStatus",
    "StateChange",
    "adoption_status",
    "adoption_timeline",
    "decision_order",
    "is_binding",
    "still_missing",
]
