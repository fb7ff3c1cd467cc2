"""The shipped example strategies are valid, canonical and faithful to the spec."""

from __future__ import annotations

from importlib.resources.abc import Traversable

import pytest

from fardplan.content.examples import example_files
from fardplan.content.strategy import (
    StrategyDocument,
    StrategyKind,
    StrategyStatus,
    dump_strategy_yaml,
    load_strategy_yaml,
)


def load(name: str) -> StrategyDocument:
    (entry,) = [entry for entry in example_files() if entry.name == name]
    return load_strategy_yaml(entry.read_text("utf-8"), entry.name)


def test_it_ships_the_three_counties() -> None:
    assert [entry.name for entry in example_files()] == [
        "norrbotten.yaml",
        "vasterbotten.yaml",
        "vasternorrland.yaml",
    ]


@pytest.mark.parametrize("entry", example_files(), ids=lambda entry: entry.name)
def test_it_keeps_each_file_as_written_after_the_source_comment(entry: Traversable) -> None:
    text = entry.read_text("utf-8")
    doc = load_strategy_yaml(text, entry.name)
    dumped = dump_strategy_yaml(doc)
    assert text.startswith("# ") and "Source:" in text.split("\n\n")[0]
    assert text.endswith(dumped)
    assert load_strategy_yaml(dumped) == doc
    assert dump_strategy_yaml(load_strategy_yaml(dumped)) == dumped


def test_it_gives_norrbotten_its_target_picture_and_direction_changes() -> None:
    doc = load("norrbotten.yaml")
    assert (doc.county, doc.kind, doc.status) == (
        "25",
        StrategyKind.STRATEGY,
        StrategyStatus.ADOPTED,
    )
    assert doc.vision[0].title == "Min hälsa och välbefinnande"
    assert [item.title for item in doc.target_areas] == [
        "Min egen kraft tas tillvara",
        "Tillsammans för min trygghet",
        "Sammanhållet och enkelt för mig",
        "Nära mig på bästa sätt",
    ]
    assert [item.title for item in doc.direction_changes] == [
        "Mer hälsofrämjande och förebyggande insatser",
        "Ökad personcentrering och delaktighet",
        "Stärkt gemensam primärvård",
        "Öppnare vårdformer",
    ]
    assert len(doc.prerequisites) == 4
    assert [item.title for item in doc.perspectives] == [
        "Jämställdhetsperspektiv",
        "Barnrättsperspektiv",
    ]
    assert "2021-08-31" in doc.summary and "Dnr 995-2022" in doc.summary
    assert len(doc.organisations) == 15  # the region and its 14 municipalities


def test_it_gives_vasterbotten_and_vasternorrland_what_the_spec_says() -> None:
    vasterbotten, vasternorrland = load("vasterbotten.yaml"), load("vasternorrland.yaml")
    assert vasterbotten.kind is StrategyKind.ROADMAP and vasterbotten.direction_changes == []
    assert [item.title for item in vasterbotten.target_areas] == [
        "Trygghet",
        "Tillgänglighet",
        "Tillsammans",
    ]
    assert len(vasterbotten.organisations) == 16
    assert vasternorrland.kind is StrategyKind.TARGET_PICTURE
    assert (vasternorrland.period.start, vasternorrland.period.end) == (2020, 2030)
    assert vasternorrland.vision[0].title == "En god, jämlik och trygg vård. För mig."
    assert len(vasternorrland.target_areas) == 4 and len(vasternorrland.organisations) == 8
