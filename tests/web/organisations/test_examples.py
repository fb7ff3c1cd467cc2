from __future__ import annotations

import pytest

from fardplan.web.organisations.examples import ExampleDataError, read_examples

UNIT = "{code: %s, name: X sjukhus, municipality: '%s', unit_kind: hospital, principal: region}"


def test_it_reads_a_valid_file() -> None:
    text = "care_units:\n  - " + UNIT % ("x-sjukhus", "2480")
    examples = read_examples(text, source="examples.yaml")
    assert [unit.municipality for unit in examples.care_units] == ["2480"]
    assert examples.collaborations == []


def test_it_names_the_file_entry_and_value_of_an_unknown_municipality() -> None:
    text = "care_units:\n  - " + UNIT % ("x-sjukhus", "9999")
    with pytest.raises(ExampleDataError) as raised:
        read_examples(text, source="examples.yaml")
    message = str(raised.value)
    assert "examples.yaml" in message
    assert "care_units.0.municipality" in message
    assert "9999" in message


def test_it_refuses_unknown_members_and_counties() -> None:
    text = "collaborations:\n  - {code: x, county: '26', name: X, members: ['2580', '7777']}"
    with pytest.raises(ExampleDataError) as raised:
        read_examples(text, source="f.yaml")
    assert "collaborations.0.county" in str(raised.value)
    assert "7777" in str(raised.value)


def test_it_refuses_duplicate_codes() -> None:
    text = "care_units:\n  - " + UNIT % ("a", "2480") + "\n  - " + UNIT % ("a", "2482")
    with pytest.raises(ExampleDataError, match=r"duplicate codes \['a'\]"):
        read_examples(text, source="f.yaml")


def test_it_refuses_invalid_yaml_and_unknown_fields() -> None:
    with pytest.raises(ExampleDataError, match="not valid YAML"):
        read_examples("care_units: [", source="f.yaml")
    with pytest.raises(ExampleDataError, match="hospitals"):
        read_examples("hospitals: []", source="f.yaml")
