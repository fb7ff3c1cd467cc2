"""One organisation's own path: nämnd prepares → styrelse proposes → fullmäktige adopts."""

from __future__ import annotations

from fardplan.adoption import (
    AdoptionState,
    DecisionFact,
    NextStep,
    PrincipalStatus,
    StateChange,
    adoption_status,
    adoption_timeline,
)
from tests.adoption.builders import (
    ADOPT,
    APPROVE,
    BOARD,
    COMMITTEE,
    COUNCIL,
    JOINT,
    KRAMFORS,
    PRINCIPALS,
    PROPOSE,
    PUT_ON_FILE,
    REGION,
    REJECT,
    SUBJECT,
    TAKE_NOTE,
    TIMRA,
    day,
    fact,
)

State = AdoptionState
TIMRA_CHAIN = [
    fact("1", TIMRA, COMMITTEE, APPROVE, "2020-12-15"),  # socialnämnden § 176
    fact("2", TIMRA, BOARD, PROPOSE, "2021-01-11"),  # kommunstyrelsen
    fact("3", TIMRA, COUNCIL, APPROVE, "2021-01-25"),  # kommunfullmäktige
]


def timra(decisions: list[DecisionFact], as_of: str | None = None) -> PrincipalStatus:
    when = day(as_of) if as_of else None
    return adoption_status(SUBJECT, PRINCIPALS, decisions, as_of=when)[TIMRA]


def test_it_follows_the_chain_with_the_date_each_state_began() -> None:
    prepared = timra(TIMRA_CHAIN, "2021-01-10")
    assert (prepared.state, prepared.since, prepared.next_step) == (
        State.PREPARED,
        day("2020-12-15"),
        NextStep.PROPOSAL,
    )
    proposed = timra(TIMRA_CHAIN, "2021-01-24")
    assert (proposed.state, proposed.since, proposed.next_step) == (
        State.PROPOSED,
        day("2021-01-11"),
        NextStep.COUNCIL_DECISION,
    )
    adopted = timra(TIMRA_CHAIN)
    assert (adopted.state, adopted.since, adopted.next_step) == (
        State.ADOPTED,
        day("2021-01-25"),
        NextStep.NONE,
    )
    assert adopted.decision_ids == ("1", "2", "3")
    assert adopted.waiting_for == ()


def test_it_puts_the_chain_on_the_timeline() -> None:
    assert adoption_timeline(SUBJECT, PRINCIPALS, TIMRA_CHAIN) == [
        StateChange(day("2020-12-15"), TIMRA, State.NONE, State.PREPARED, "1"),
        StateChange(day("2021-01-11"), TIMRA, State.PREPARED, State.PROPOSED, "2"),
        StateChange(day("2021-01-25"), TIMRA, State.PROPOSED, State.ADOPTED, "3"),
    ]


def test_it_starts_every_principal_at_none_in_the_principals_order() -> None:
    statuses = adoption_status(SUBJECT, PRINCIPALS, [])
    assert list(statuses) == list(PRINCIPALS)
    assert {(s.state, s.since, s.next_step) for s in statuses.values()} == {
        (State.NONE, None, NextStep.PREPARATION)
    }


def test_a_committee_decision_after_the_adoption_changes_nothing() -> None:
    late = fact("4", TIMRA, COMMITTEE, APPROVE, "2021-03-01")
    status = timra([*TIMRA_CHAIN, late])
    assert (status.state, status.since, status.decision_ids) == (
        State.ADOPTED,
        day("2021-01-25"),
        ("1", "2", "3"),
    )


def test_a_second_preparation_keeps_the_first_date() -> None:
    again = fact("4", TIMRA, COMMITTEE, PROPOSE, "2021-01-05")
    assert timra([TIMRA_CHAIN[0], again]).since == day("2020-12-15")


def test_a_board_with_delegation_adopts_and_a_council_may_propose() -> None:
    assert timra([fact("1", TIMRA, BOARD, ADOPT, "2021-02-01")]).state is State.ADOPTED
    assert timra([fact("1", TIMRA, COUNCIL, PROPOSE, "2021-02-01")]).state is State.PROPOSED


def test_take_note_and_put_on_file_never_change_the_state() -> None:
    noted = [
        fact("1", TIMRA, COUNCIL, TAKE_NOTE, "2021-01-25"),
        fact("2", TIMRA, COUNCIL, PUT_ON_FILE, "2021-02-25"),
    ]
    assert timra(noted).state is State.NONE
    assert timra([*TIMRA_CHAIN[:2], *noted]).state is State.PROPOSED
    assert adoption_timeline(SUBJECT, PRINCIPALS, noted) == []


def test_a_rejection_and_a_later_positive_decision_that_moves_on_again() -> None:
    rejected = [*TIMRA_CHAIN[:2], fact("3", TIMRA, COUNCIL, REJECT, "2021-01-25")]
    status = timra(rejected)
    assert (status.state, status.since, status.next_step) == (
        State.REJECTED,
        day("2021-01-25"),
        NextStep.RECONSIDERATION,
    )
    again = timra([*rejected, fact("4", TIMRA, COMMITTEE, APPROVE, "2022-03-01")])
    assert (again.state, again.since) == (State.PREPARED, day("2022-03-01"))


def test_a_committee_cannot_reject_what_the_council_adopted() -> None:
    late = fact("4", TIMRA, COMMITTEE, REJECT, "2021-05-01")
    assert timra([*TIMRA_CHAIN, late]).state is State.ADOPTED
    council = fact("5", TIMRA, COUNCIL, REJECT, "2021-06-01")
    assert timra([*TIMRA_CHAIN, late, council]).state is State.REJECTED


def test_the_latest_adoption_replaces_an_earlier_one() -> None:
    conditional = fact("4", TIMRA, COUNCIL, ADOPT, "2021-02-01", conditions=[KRAMFORS])
    unconditional = fact("5", TIMRA, COUNCIL, ADOPT, "2021-06-01")
    assert timra([*TIMRA_CHAIN, conditional]).state is State.CONDITIONAL
    status = timra([*TIMRA_CHAIN, conditional, unconditional])
    assert (status.state, status.since) == (State.ADOPTED, day("2021-06-01"))
    condition_again = fact("6", TIMRA, COUNCIL, ADOPT, "2021-09-01", conditions=[REGION])
    status = timra([*TIMRA_CHAIN, conditional, unconditional, condition_again])
    assert (status.state, status.waiting_for) == (State.CONDITIONAL, (REGION,))


def test_decisions_of_one_meeting_date_go_committee_board_council() -> None:
    same_day = [
        fact("9", TIMRA, COUNCIL, ADOPT, "2021-01-25"),
        fact("8", TIMRA, BOARD, PROPOSE, "2021-01-25"),
        fact("7", TIMRA, COMMITTEE, APPROVE, "2021-01-25"),
    ]
    assert timra(same_day).decision_ids == ("7", "8", "9")
    assert [change.after for change in adoption_timeline(SUBJECT, PRINCIPALS, same_day)] == [
        State.PREPARED,
        State.PROPOSED,
        State.ADOPTED,
    ]


def test_a_decision_about_another_subject_is_ignored() -> None:
    other = fact("4", TIMRA, COUNCIL, REJECT, "2021-03-01", concerns="strategy:2")
    directive = fact("5", KRAMFORS, COUNCIL, ADOPT, "2021-03-01", concerns="directive:1")
    statuses = adoption_status(SUBJECT, PRINCIPALS, [*TIMRA_CHAIN, other, directive])
    assert statuses[TIMRA].state is State.ADOPTED
    assert statuses[KRAMFORS].state is State.NONE


def test_as_of_ignores_the_decisions_made_later() -> None:
    assert timra(TIMRA_CHAIN, "2020-12-14").state is State.NONE
    assert timra(TIMRA_CHAIN, "2021-01-25").state is State.ADOPTED
    until = adoption_timeline(SUBJECT, PRINCIPALS, TIMRA_CHAIN, until=day("2021-01-11"))
    assert [change.decision_id for change in until] == ["1", "2"]


def test_a_joint_body_prepares_every_principal_without_a_state_of_its_own() -> None:
    decisions = [
        fact("1", TIMRA, BOARD, PROPOSE, "2020-10-01"),
        fact("2", "social-reko", JOINT, ADOPT, "2020-11-13"),
    ]
    statuses = adoption_status(SUBJECT, PRINCIPALS, decisions)
    assert {code: s.state for code, s in statuses.items()} == {
        REGION: State.PREPARED,
        "2260": State.PREPARED,
        TIMRA: State.PROPOSED,
        KRAMFORS: State.PREPARED,
    }
    assert (statuses[REGION].since, statuses[REGION].decision_ids) == (day("2020-11-13"), ("2",))
    assert statuses[TIMRA].since == day("2020-10-01")


def test_a_joint_body_never_adopts_or_rejects_for_a_principal() -> None:
    joint = [
        fact("j1", "social-reko", JOINT, ADOPT, "2020-11-13"),
        fact("j2", "social-reko", JOINT, REJECT, "2020-11-30"),
    ]
    statuses = adoption_status(SUBJECT, PRINCIPALS, joint)
    assert {s.state for s in statuses.values()} == {State.PREPARED}
    # Timrå's own committee then prepares what is prepared already: that moves nothing.
    assert timra([*joint, *TIMRA_CHAIN]).decision_ids == ("j1", "2", "3")
