"""Properties of the adoption status over random decisions of four principals, one organisation
outside them and one joint body, on a few dates (so that many share a meeting date)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fardplan.adoption import (
    AdoptionState,
    BodyLevel,
    DecisionFact,
    DecisionKind,
    adoption_status,
    adoption_timeline,
    is_binding,
)
from tests.adoption.builders import PRINCIPALS, SUBJECT

OUTSIDER, JOINT_BODY = "2284", "social-reko"
BINDING = {AdoptionState.ADOPTED, AdoptionState.IN_FORCE}
FIRST_DAY = date(2021, 1, 1)
days = st.integers(0, 8).map(lambda n: FIRST_DAY + timedelta(days=n))


@st.composite
def a_decision(draw: st.DrawFn, id: str) -> DecisionFact:
    organisation = draw(st.sampled_from([*PRINCIPALS, OUTSIDER, JOINT_BODY]))
    own_levels = [BodyLevel.COMMITTEE, BodyLevel.BOARD, BodyLevel.COUNCIL]
    return DecisionFact(
        id=id,
        organisation=organisation,
        body_level=BodyLevel.JOINT
        if organisation == JOINT_BODY
        else draw(st.sampled_from(own_levels)),
        kind=draw(st.sampled_from(DecisionKind)),
        meeting_date=draw(days),
        concerns=draw(st.sampled_from([SUBJECT, SUBJECT, SUBJECT, "strategy:2"])),
        conditions=draw(st.frozensets(st.sampled_from([*PRINCIPALS, OUTSIDER]), max_size=2)),
        requires_all_principals=draw(st.booleans()),
    )


@st.composite
def decisions(draw: st.DrawFn) -> list[DecisionFact]:
    count = draw(st.integers(0, 16))
    return [draw(a_decision(str(index))) for index in range(count)]


@given(decisions(), st.data())
def test_the_result_does_not_depend_on_the_order_of_the_decisions(
    facts: list[DecisionFact], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(facts))
    assert adoption_status(SUBJECT, PRINCIPALS, shuffled) == adoption_status(
        SUBJECT, PRINCIPALS, facts
    )
    assert adoption_timeline(SUBJECT, PRINCIPALS, shuffled) == adoption_timeline(
        SUBJECT, PRINCIPALS, facts
    )


@given(decisions(), st.sampled_from([*PRINCIPALS, OUTSIDER]), days)
def test_an_unconditional_adoption_never_unbinds_another_organisation(
    facts: list[DecisionFact], organisation: str, on: date
) -> None:
    adoption = DecisionFact(
        "added", organisation, BodyLevel.COUNCIL, DecisionKind.ADOPT, on, SUBJECT
    )
    before = adoption_status(SUBJECT, PRINCIPALS, facts)
    after = adoption_status(SUBJECT, PRINCIPALS, [*facts, adoption])
    for code in PRINCIPALS:
        if code != organisation and before[code].state in BINDING:
            assert after[code].state in BINDING


@given(decisions())
def test_the_timeline_ends_in_the_status_and_runs_in_date_order(
    facts: list[DecisionFact],
) -> None:
    statuses = adoption_status(SUBJECT, PRINCIPALS, facts)
    timeline = adoption_timeline(SUBJECT, PRINCIPALS, facts)
    assert [change.on for change in timeline] == sorted(change.on for change in timeline)
    for code in PRINCIPALS:
        changes = [change for change in timeline if change.organisation == code]
        # Each change starts where the one before ended.
        states = [AdoptionState.NONE, *(change.after for change in changes)]
        assert [change.before for change in changes] == states[:-1]
        assert statuses[code].state is states[-1]
        # A state begins with its change, or later when an adoption is replaced by one with
        # other conditions.
        since = statuses[code].since
        assert since is None if not changes else since is not None and since >= changes[-1].on


@given(decisions(), days)
def test_as_of_equals_the_decisions_made_by_then(facts: list[DecisionFact], on: date) -> None:
    earlier = [fact for fact in facts if fact.meeting_date <= on]
    assert adoption_status(SUBJECT, PRINCIPALS, facts, as_of=on) == adoption_status(
        SUBJECT, PRINCIPALS, earlier
    )


@given(decisions())
def test_it_binds_when_every_principal_is_adopted_or_in_force(facts: list[DecisionFact]) -> None:
    statuses = adoption_status(SUBJECT, PRINCIPALS, facts)
    assert is_binding(statuses) == all(s.state in BINDING for s in statuses.values())
    waiting = {code for code, s in statuses.items() if s.waiting_for}
    assert waiting == {code for code, s in statuses.items() if s.state is AdoptionState.CONDITIONAL}
