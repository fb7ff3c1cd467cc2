"""Conditional adoptions: in force on the date of the last decision they waited for, and out of
force again when one of those decisions is rejected."""

from __future__ import annotations

from fardplan.adoption import (
    AdoptionState,
    DecisionFact,
    NextStep,
    StateChange,
    adoption_status,
    adoption_timeline,
    is_binding,
    still_missing,
)
from fardplan.adoption.conditions import bound_organisations
from tests.adoption.builders import (
    ADOPT,
    ANGE,
    APPROVE,
    BOARD,
    COUNCIL,
    KRAMFORS,
    PRINCIPALS,
    PROPOSE,
    REGION,
    REJECT,
    SUBJECT,
    TIMRA,
    day,
    fact,
)

State = AdoptionState
# Timrå § 17: "on condition that the region and every municipality of the county do the same".
TIMRA_17 = fact("timra-17", TIMRA, COUNCIL, APPROVE, "2021-01-25", all_principals=True)
REGION_ADOPTS = fact("rf", REGION, COUNCIL, ADOPT, "2021-04-20")


def states(decisions: list[DecisionFact], as_of: str | None = None) -> dict[str, State]:
    when = day(as_of) if as_of else None
    statuses = adoption_status(SUBJECT, PRINCIPALS, decisions, as_of=when)
    return {code: status.state for code, status in statuses.items()}


def test_it_waits_for_the_principals_still_missing_in_their_order() -> None:
    status = adoption_status(SUBJECT, PRINCIPALS, [REGION_ADOPTS, TIMRA_17])[TIMRA]
    assert (status.state, status.since, status.next_step) == (
        State.CONDITIONAL,
        day("2021-01-25"),
        NextStep.CONDITIONS,
    )
    assert status.waiting_for == (ANGE, KRAMFORS)


def test_the_last_decision_brings_the_condition_into_force_on_its_date() -> None:
    ange = fact("ange", ANGE, COUNCIL, ADOPT, "2021-06-14")
    kramfors = fact("kramfors", KRAMFORS, COUNCIL, ADOPT, "2026-03-02")
    decisions = [TIMRA_17, REGION_ADOPTS, ange, kramfors]
    before = adoption_status(SUBJECT, PRINCIPALS, decisions, as_of=day("2026-03-01"))
    assert before[TIMRA].waiting_for == (KRAMFORS,)
    assert not is_binding(before)
    assert [status.organisation for status in still_missing(before)] == [TIMRA, KRAMFORS]
    after = adoption_status(SUBJECT, PRINCIPALS, decisions)
    timra = after[TIMRA]
    assert (timra.state, timra.since, timra.waiting_for, timra.next_step) == (
        State.IN_FORCE,
        day("2026-03-02"),
        (),
        NextStep.NONE,
    )
    assert timra.decision_ids == ("timra-17",)
    assert is_binding(after)
    assert adoption_timeline(SUBJECT, PRINCIPALS, decisions)[-2:] == [
        StateChange(day("2026-03-02"), TIMRA, State.CONDITIONAL, State.IN_FORCE, "kramfors"),
        StateChange(day("2026-03-02"), KRAMFORS, State.NONE, State.ADOPTED, "kramfors"),
    ]


def test_a_conditional_adoption_made_last_is_in_force_on_its_own_date() -> None:
    others = [fact(code, code, COUNCIL, ADOPT, "2021-01-10") for code in (REGION, ANGE, KRAMFORS)]
    status = adoption_status(SUBJECT, PRINCIPALS, [*others, TIMRA_17])[TIMRA]
    assert (status.state, status.since) == (State.IN_FORCE, day("2021-01-25"))


def test_named_conditions_wait_only_for_those_named() -> None:
    on_region = fact("t", TIMRA, COUNCIL, ADOPT, "2021-01-25", conditions=[REGION])
    assert states([on_region])[TIMRA] is State.CONDITIONAL
    status = adoption_status(SUBJECT, PRINCIPALS, [on_region, REGION_ADOPTS])[TIMRA]
    assert (status.state, status.since) == (State.IN_FORCE, day("2021-04-20"))


def test_a_proposal_does_not_meet_a_condition() -> None:
    on_region = fact("t", TIMRA, COUNCIL, ADOPT, "2021-01-25", conditions=[REGION])
    proposal = fact("rs", REGION, BOARD, PROPOSE, "2021-03-01")
    assert states([on_region, proposal])[TIMRA] is State.CONDITIONAL


def test_mutual_conditions_come_into_force_together_when_the_last_one_adopts() -> None:
    dates = {REGION: "2021-02-01", ANGE: "2021-03-01", TIMRA: "2021-01-25", KRAMFORS: "2021-05-03"}
    mutual = [
        fact(code, code, COUNCIL, ADOPT, on, all_principals=True) for code, on in dates.items()
    ]
    assert states(mutual, "2021-05-02") == {
        REGION: State.CONDITIONAL,
        ANGE: State.CONDITIONAL,
        TIMRA: State.CONDITIONAL,
        KRAMFORS: State.NONE,
    }
    statuses = adoption_status(SUBJECT, PRINCIPALS, mutual)
    assert {(s.state, s.since) for s in statuses.values()} == {(State.IN_FORCE, day("2021-05-03"))}
    into_force = adoption_timeline(SUBJECT, PRINCIPALS, mutual)[-4:]
    assert {(c.organisation, c.after, c.decision_id) for c in into_force} == {
        (code, State.IN_FORCE, KRAMFORS) for code in PRINCIPALS
    }


def test_a_rejection_after_a_conditional_adoption_takes_it_out_of_force_until_adopted() -> None:
    others = [fact(code, code, COUNCIL, ADOPT, "2021-03-01") for code in (REGION, ANGE, KRAMFORS)]
    rejection = fact("kramfors-no", KRAMFORS, COUNCIL, REJECT, "2022-02-07")
    readoption = fact("kramfors-yes", KRAMFORS, COUNCIL, ADOPT, "2023-09-18")
    decisions = [TIMRA_17, *others, rejection, readoption]

    out = adoption_status(SUBJECT, PRINCIPALS, decisions, as_of=day("2023-01-01"))[TIMRA]
    assert (out.state, out.since, out.waiting_for) == (
        State.CONDITIONAL,
        day("2022-02-07"),
        (KRAMFORS,),
    )
    back = adoption_status(SUBJECT, PRINCIPALS, decisions)[TIMRA]
    assert (back.state, back.since) == (State.IN_FORCE, day("2023-09-18"))
    timra_changes = [
        change
        for change in adoption_timeline(SUBJECT, PRINCIPALS, decisions)
        if change.organisation == TIMRA
    ]
    assert timra_changes == [
        StateChange(day("2021-01-25"), TIMRA, State.NONE, State.CONDITIONAL, "timra-17"),
        StateChange(day("2021-03-01"), TIMRA, State.CONDITIONAL, State.IN_FORCE, KRAMFORS),
        StateChange(day("2022-02-07"), TIMRA, State.IN_FORCE, State.CONDITIONAL, "kramfors-no"),
        StateChange(day("2023-09-18"), TIMRA, State.CONDITIONAL, State.IN_FORCE, "kramfors-yes"),
    ]


def test_an_organisation_that_is_not_a_principal_is_waited_for_until_it_adopts() -> None:
    on_polsam = fact("t", TIMRA, COUNCIL, ADOPT, "2021-01-25", conditions=["2284", REGION])
    status = adoption_status(SUBJECT, PRINCIPALS, [on_polsam])[TIMRA]
    assert status.waiting_for == (REGION, "2284")  # principals first, then the others
    outside = fact("o", "2284", COUNCIL, ADOPT, "2021-02-22")
    status = adoption_status(SUBJECT, PRINCIPALS, [on_polsam, outside, REGION_ADOPTS])[TIMRA]
    assert (status.state, status.since) == (State.IN_FORCE, day("2021-04-20"))


def test_it_names_the_adopted_one_still_waiting_when_nobody_else_is_missing() -> None:
    # Every principal has adopted, but Ånge only on condition of an outside organisation:
    # Timrå waits for Ånge, and Ånge for the outsider.
    decisions = [
        TIMRA_17,
        REGION_ADOPTS,
        fact("k", KRAMFORS, COUNCIL, ADOPT, "2021-03-01"),
        fact("a", ANGE, COUNCIL, ADOPT, "2021-03-01", conditions=["2284"]),
    ]
    statuses = adoption_status(SUBJECT, PRINCIPALS, decisions)
    assert statuses[TIMRA].waiting_for == (ANGE,)
    assert statuses[ANGE].waiting_for == ("2284",)


def test_a_new_adoption_with_other_conditions_starts_a_new_state() -> None:
    on_region = fact("t2", TIMRA, COUNCIL, ADOPT, "2021-09-27", conditions=[REGION])
    status = adoption_status(SUBJECT, PRINCIPALS, [TIMRA_17, on_region])[TIMRA]
    assert (status.state, status.since, status.waiting_for) == (
        State.CONDITIONAL,
        day("2021-09-27"),
        (REGION,),
    )


def test_the_fixpoint_drops_a_chain_of_conditions_that_ends_in_a_missing_one() -> None:
    adoptions = {
        "a": frozenset({"b"}),
        "b": frozenset({"c"}),
        "c": frozenset({"d"}),  # d has not adopted
        "e": frozenset(),
        "f": frozenset({"e", "g"}),
        "g": frozenset({"f"}),
    }
    assert bound_organisations(adoptions) == {"e", "f", "g"}
