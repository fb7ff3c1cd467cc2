"""Decision facts for the adoption tests, written as they read in a protocol."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from fardplan.adoption import BodyLevel, DecisionFact, DecisionKind

SUBJECT = "strategy:1"
REGION, ANGE, TIMRA, KRAMFORS = "22", "2260", "2262", "2282"
PRINCIPALS = (REGION, ANGE, TIMRA, KRAMFORS)

COMMITTEE, BOARD, COUNCIL, JOINT = (
    BodyLevel.COMMITTEE,
    BodyLevel.BOARD,
    BodyLevel.COUNCIL,
    BodyLevel.JOINT,
)
ADOPT, APPROVE, PROPOSE = DecisionKind.ADOPT, DecisionKind.APPROVE, DecisionKind.PROPOSE
TAKE_NOTE, PUT_ON_FILE, REJECT = (
    DecisionKind.TAKE_NOTE,
    DecisionKind.PUT_ON_FILE,
    DecisionKind.REJECT,
)


def day(text: str) -> date:
    return date.fromisoformat(text)


def fact(
    id: str,
    organisation: str,
    level: BodyLevel,
    kind: DecisionKind,
    on: str,
    *,
    conditions: Iterable[str] = (),
    all_principals: bool = False,
    concerns: str = SUBJECT,
) -> DecisionFact:
    return DecisionFact(
        id=id,
        organisation=organisation,
        body_level=level,
        kind=kind,
        meeting_date=day(on),
        concerns=concerns,
        conditions=frozenset(conditions),
        requires_all_principals=all_principals,
    )
