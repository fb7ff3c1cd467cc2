"""A strategy's adoption status from its decisions, the changes recorded in the strategy's
history, and how the strategy's and the county's pages show them."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from fardplan.web.decisions import services
from fardplan.web.decisions.adoption import statuses_of
from fardplan.web.decisions.overview import adoption_overview
from fardplan.web.decisions.services import DecisionParts
from fardplan.web.strategies import history
from fardplan.web.strategies.models import StrategyChange
from tests.web.decisions import factories
from tests.web.decisions.factories import DecisionWorld

pytestmark = pytest.mark.django_db


def _states(world: DecisionWorld) -> dict[str, str]:
    return {code: str(s.state) for code, s in statuses_of(world.strategy_25).items()}


def _adoption_rows(world: DecisionWorld) -> list[StrategyChange]:
    changes = StrategyChange.objects.filter(strategy=world.strategy_25)
    return list(changes.filter(field__startswith="adoption:").order_by("id"))


def test_the_chain_from_committee_to_council(world: DecisionWorld) -> None:
    region = world.region_norrbotten
    factories.decision(region, body="halso_och_sjukvardsnamnden", kind="approve",
                       strategy=world.strategy_25, meeting_date=date(2022, 5, 2))  # fmt: skip
    assert _states(world)["25"] == "prepared"
    factories.decision(region, body="regionstyrelsen", kind="propose",
                       strategy=world.strategy_25, meeting_date=date(2022, 8, 30))  # fmt: skip
    assert _states(world)["25"] == "proposed"
    factories.decision(region, strategy=world.strategy_25, meeting_date=date(2022, 10, 5))
    assert _states(world) == {"25": "adopted", "2580": "none", "2581": "none"}


def test_a_conditional_adoption_comes_into_force_with_the_last_other_one(
    world: DecisionWorld,
) -> None:
    factories.decision(world.pitea, strategy=world.strategy_25, requires_all_principals=True,
                       meeting_date=date(2021, 1, 25), user=world.coordinator)  # fmt: skip
    factories.decision(world.region_norrbotten, strategy=world.strategy_25,
                       meeting_date=date(2021, 4, 1))  # fmt: skip
    assert _states(world)["2581"] == "adopted_on_condition"
    factories.decision(world.lulea, strategy=world.strategy_25, meeting_date=date(2021, 6, 14),
                       user=world.coordinator)  # fmt: skip
    pitea = statuses_of(world.strategy_25)["2581"]
    assert (str(pitea.state), pitea.since) == ("in_force", date(2021, 6, 14))
    rows = _adoption_rows(world)
    assert [(row.field, (row.after or {})["state"]) for row in rows] == [
        ("adoption:2581", "adopted_on_condition"),
        ("adoption:25", "adopted"),
        ("adoption:2580", "adopted"),
        ("adoption:2581", "in_force"),
    ]
    in_force = rows[-1]
    assert in_force.user == world.coordinator
    assert in_force.before == {"organisation": "Piteå kommun", "state": "adopted_on_condition",
                               "since": "2021-01-25"}  # fmt: skip
    assert in_force.after is not None and "Luleå kommun" in in_force.after["decision"]


def test_deleting_the_last_adoption_takes_the_condition_out_of_force(
    world: DecisionWorld,
) -> None:
    factories.decision(world.pitea, strategy=world.strategy_25, requires_all_principals=True)
    factories.decision(world.region_norrbotten, strategy=world.strategy_25)
    last = factories.decision(world.lulea, strategy=world.strategy_25,
                              meeting_date=date(2021, 9, 1))  # fmt: skip
    assert _states(world)["2581"] == "in_force"
    services.delete_decision(world.coordinator, last)
    assert _states(world) == {"25": "adopted", "2580": "none", "2581": "adopted_on_condition"}
    removed = _adoption_rows(world)[-2:]
    assert {row.field for row in removed} == {"adoption:2580", "adoption:2581"}
    assert all((row.after or {}).get("deleted") for row in removed)


def test_editing_a_meeting_date_moves_the_since_date_in_the_history(world: DecisionWorld) -> None:
    decision = factories.decision(world.lulea, strategy=world.strategy_25,
                                  meeting_date=date(2021, 3, 1))  # fmt: skip
    decision.meeting_date = date(2021, 3, 8)
    services.save_decision(world.coordinator, decision, DecisionParts())
    last = _adoption_rows(world)[-1]
    assert (last.before or {})["since"] == "2021-03-01"
    assert (last.after or {})["since"] == "2021-03-08"


def test_the_strategy_history_reads_the_adoption_rows(world: DecisionWorld) -> None:
    factories.decision(world.pitea, strategy=world.strategy_25, requires_all_principals=True,
                       meeting_date=date(2021, 1, 25))  # fmt: skip
    shown = history.show_changes(_adoption_rows(world))
    assert shown[0].label == "Adoption: Piteå kommun"
    assert shown[0].before == "No decision"
    assert shown[0].after.startswith("Adopted on condition since 2021-01-25 (when the decision ")


def test_the_overview_lists_what_is_missing_and_the_timeline(world: DecisionWorld) -> None:
    factories.decision(world.polsam, strategy=world.strategy_25, kind="approve",
                       meeting_date=date(2021, 8, 31))  # fmt: skip
    factories.decision(world.pitea, strategy=world.strategy_25, requires_all_principals=True,
                       meeting_date=date(2021, 10, 4))  # fmt: skip
    overview = adoption_overview(world.strategy_25)
    assert [row.organisation.name for row in overview.rows] == [
        "Region Norrbotten", "Luleå kommun", "Piteå kommun"]  # fmt: skip
    assert [str(row.status.state) for row in overview.rows] == [
        "prepared", "prepared", "adopted_on_condition"]  # fmt: skip
    assert (overview.bound, overview.conditional, overview.binding) == (0, 1, False)
    pitea = overview.missing[-1]
    assert [o.name for o in pitea.waiting_for] == ["Region Norrbotten", "Luleå kommun"]
    assert [entry.decision.organisation.name for entry in overview.timeline] == [
        "Polsam", "Piteå kommun"]  # fmt: skip
    polsam_changes = overview.timeline[0].changes
    assert [change.organisation.name for change in polsam_changes] == [
        "Region Norrbotten", "Luleå kommun", "Piteå kommun"]  # fmt: skip
    assert overview.map is not None
    assert {area.organisation.code for area in overview.map.areas} == {"2580", "2581"}


def test_the_pages_show_the_state_in_swedish_words(client: Client, world: DecisionWorld) -> None:
    for organisation in (world.region_norrbotten, world.lulea, world.pitea):
        factories.decision(organisation, strategy=world.strategy_25, meeting_date=date(2022, 1, 3))
    with translation.override("sv"):
        urls = [world.strategy_25.get_absolute_url(), world.norrbotten.get_absolute_url()]
    for url in urls:
        page = client.get(url).content.decode()
        assert "Strategin är antagen av alla huvudmän." in page
        assert "Luleå kommun: Antagen sedan 2022-01-03" in page  # the map's link name
