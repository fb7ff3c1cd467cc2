"""The shipped example decisions: valid, faithful to the sources where real, and the demo shows
each county partway."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import pytest

from fardplan.adoption import (
    AdoptionState,
    BodyLevel,
    DecisionFact,
    DecisionKind,
    adoption_status,
    adoption_timeline,
    is_binding,
)
from fardplan.content.decisions import (
    Body,
    DecisionsDocument,
    StatementKind,
    decision_facts,
    load_decisions_yaml,
)
from fardplan.content.examples import example_files
from fardplan.content.examples.decisions import decision_files
from fardplan.content.strategy import StrategyDocument, load_strategy_yaml
from fardplan.content.yaml_bounds import bounded_load
from fardplan.reference import sweden

State = AdoptionState
SUBJECT = "strategy:demo"
REAL = {
    "norrbotten.yaml": {"polsam-2021-08-31", "region-rs-2022-04-27-208"},
    "vasterbotten.yaml": {"region-hsn-2023-05-22", "region-rs-2023-06-13-130"},
    "vasternorrland.yaml": {"timra-sn-2020-12-15-176", "timra-kf-2021-01-25-17"},
}


def load(name: str) -> tuple[DecisionsDocument, StrategyDocument]:
    (entry,) = [entry for entry in decision_files() if entry.name == name]
    (strategy,) = [entry for entry in example_files() if entry.name == name]
    return (
        load_decisions_yaml(entry.read_text("utf-8"), entry.name),
        load_strategy_yaml(strategy.read_text("utf-8"), strategy.name),
    )


def statuses(name: str, extra: list[DecisionFact] | None = None) -> dict[str, State]:
    decisions, strategy = load(name)
    facts = [*decision_facts(decisions.decisions, SUBJECT), *(extra or [])]
    found = adoption_status(SUBJECT, strategy.organisations, facts)
    return {code: status.state for code, status in found.items()}


@cache
def collaborations() -> dict[str, str]:
    """Return each collaboration body's code and county, from the example organisations."""
    path = resources.files("fardplan.web.organisations") / "data" / "examples.yaml"
    data = bounded_load(path.read_text("utf-8"))
    return {entry["code"]: entry["county"] for entry in data["collaborations"]}


def county_of(code: str) -> str | None:
    regions = {region.code for region in sweden.regions()}
    municipalities = {m.code: m.region_code for m in sweden.municipalities()}
    return code if code in regions else municipalities.get(code, collaborations().get(code))


def test_it_ships_a_decisions_file_beside_each_strategy() -> None:
    names = [entry.name for entry in decision_files()]
    assert names == [entry.name for entry in example_files()]


@pytest.mark.parametrize("entry", decision_files(), ids=lambda entry: entry.name)
def test_each_file_loads_and_belongs_to_its_county_and_strategy(entry: Traversable) -> None:
    decisions, strategy = load(entry.name)
    assert (decisions.county, decisions.strategy) == (strategy.county, strategy.slug)
    codes = {d.organisation for d in decisions.decisions} | {
        code for d in decisions.decisions if d.conditions for code in d.conditions.organisations
    }
    assert {code: county_of(code) for code in codes} == dict.fromkeys(codes, decisions.county)
    principals = set(strategy.organisations)
    assert {d.organisation for d in decisions.decisions if d.body is not Body.JOINT_BODY} <= (
        principals
    )


@pytest.mark.parametrize("entry", decision_files(), ids=lambda entry: entry.name)
def test_the_real_decisions_name_their_source_and_the_others_are_invented(
    entry: Traversable,
) -> None:
    decisions, _strategy = load(entry.name)
    assert {d.key for d in decisions.decisions if not d.invented} == REAL[entry.name]
    text = entry.read_text("utf-8")
    assert "INVENTED" in text.split("\ncounty:")[0]
    # Invented decisions never put words in the mouth of a named person or a real party.
    named = [
        (s.members, s.parties)
        for d in decisions.decisions
        if d.invented
        for s in d.statements
        if s.members or s.parties
    ]
    assert named == []


def test_timras_decision_is_the_protocols() -> None:
    decisions, _strategy = load("vasternorrland.yaml")
    (timra,) = [d for d in decisions.decisions if d.key == "timra-kf-2021-01-25-17"]
    assert (timra.organisation, timra.body, timra.meeting_date) == (
        "2262",
        Body.KOMMUNFULLMAKTIGE,
        date(2021, 1, 25),
    )
    assert (timra.paragraph, timra.diary_number, timra.proposed_by) == (
        17,
        "KS/2020:527",
        Body.KOMMUNSTYRELSEN,
    )
    assert len(timra.items) == 4 and timra.items[3].startswith("Beslutet gäller under")
    assert timra.conditions is not None and timra.conditions.all_principals
    assert [(s.kind, s.parties, s.members) for s in timra.statements] == [
        (StatementKind.MINUTES_NOTE, ["T", "L"], ["Robert Thunfors (T)", "Björn Hellquist (L)"]),
        (StatementKind.MINUTES_NOTE, ["S"], ["Per-Arne Frisk (S)"]),
    ]
    assert timra.decision_basis[0] == "SN 2020-12-15 § 176"
    assert timra.sent_to == ["Socialförvaltningen"]


def test_norrbottens_regional_board_proposes_after_polsam() -> None:
    decisions, _strategy = load("norrbotten.yaml")
    by_key = {d.key: d for d in decisions.decisions}
    polsam, board = by_key["polsam-2021-08-31"], by_key["region-rs-2022-04-27-208"]
    assert (polsam.organisation, polsam.meeting_date, polsam.kind) == (
        "polsam",
        date(2021, 8, 31),
        DecisionKind.ADOPT,
    )
    assert (board.paragraph, board.diary_number, board.kind) == (
        208,
        "995-2022",
        DecisionKind.PROPOSE,
    )
    assert board.source is not None and "date 2022-04-27 is invented" in board.source


def test_norrbotten_is_partway_with_its_region_adopted() -> None:
    states = statuses("norrbotten.yaml")
    assert states["25"] is State.ADOPTED
    assert [code for code, state in states.items() if state is State.ADOPTED] == [
        "25",
        "2580",
        "2581",
        "2582",
        "2584",
    ]
    assert [code for code, state in states.items() if state is State.PROPOSED] == ["2514", "2523"]
    # Polsam's decision prepared every other municipality; Haparanda only took note since.
    assert states["2583"] is State.PREPARED
    assert list(states.values()).count(State.PREPARED) == 8


def test_vasterbotten_waits_for_its_regional_council() -> None:
    decisions, strategy = load("vasterbotten.yaml")
    facts = decision_facts(decisions.decisions, SUBJECT)
    found = adoption_status(SUBJECT, strategy.organisations, facts)
    assert found["24"].state is State.PROPOSED
    assert found["24"].decision_ids == ("region-hsn-2023-05-22", "region-rs-2023-06-13-130")
    assert (found["2481"].state, found["2481"].waiting_for) == (State.CONDITIONAL, ("24",))
    assert found["2418"].state is State.REJECTED
    assert {s.state for s in found.values()} == {
        State.NONE,
        State.PROPOSED,
        State.ADOPTED,
        State.CONDITIONAL,
        State.REJECTED,
    }
    (board,) = [d for d in decisions.decisions if d.key == "region-rs-2023-06-13-130"]
    (statement,) = board.statements
    assert statement.parties == [] and "konkreta åtgärder på systemnivå" in statement.text


def test_vasternorrland_has_timra_waiting_for_ange_and_kramfors() -> None:
    decisions, strategy = load("vasternorrland.yaml")
    found = adoption_status(
        SUBJECT, strategy.organisations, decision_facts(decisions.decisions, SUBJECT)
    )
    timra = found["2262"]
    assert (timra.state, timra.since, timra.waiting_for) == (
        State.CONDITIONAL,
        date(2021, 1, 25),
        ("2260", "2282"),  # Ånge, Kramfors
    )
    assert found["2260"].state is State.PROPOSED
    assert found["2282"].state is State.PREPARED  # by Social-ReKo's decision only
    assert found["2284"].state is State.IN_FORCE  # Örnsköldsvik waited for the region only
    assert not is_binding(found)


def test_the_last_missing_decision_brings_timras_decision_into_force_on_its_date() -> None:
    def council_adopts(code: str, on: date) -> DecisionFact:
        return DecisionFact(f"{code}-kf", code, BodyLevel.COUNCIL, DecisionKind.ADOPT, on, SUBJECT)

    ange, kramfors = (
        council_adopts("2260", date(2026, 2, 23)),
        council_adopts("2282", date(2026, 3, 30)),
    )
    decisions, strategy = load("vasternorrland.yaml")
    facts = [*decision_facts(decisions.decisions, SUBJECT), ange, kramfors]
    found = adoption_status(SUBJECT, strategy.organisations, facts)
    assert (found["2262"].state, found["2262"].since) == (State.IN_FORCE, date(2026, 3, 30))
    assert (found["2280"].state, found["2280"].since) == (State.IN_FORCE, date(2026, 3, 30))
    assert is_binding(found)
    halfway = adoption_status(SUBJECT, strategy.organisations, facts, as_of=date(2026, 3, 1))
    assert halfway["2262"].waiting_for == ("2282",)
    into_force = [
        c
        for c in adoption_timeline(SUBJECT, strategy.organisations, facts)
        if c.organisation == "2262"
    ][-1]
    assert (into_force.on, into_force.after, into_force.decision_id) == (
        date(2026, 3, 30),
        State.IN_FORCE,
        "2282-kf",
    )


def test_a_decision_about_something_else_keeps_its_own_subject() -> None:
    decisions, _strategy = load("vasternorrland.yaml")
    facts = {f.id: f for f in decision_facts(decisions.decisions, SUBJECT)}
    assert facts["social-reko-2021-06-11"].concerns == "programme_directive"
    assert facts["timra-kf-2021-01-25-17"].requires_all_principals
    assert facts["ornskoldsvik-kf-2021-05-24"].conditions == {"22"}
    assert facts["timra-sn-2020-12-15-176"].body_level is BodyLevel.COMMITTEE
