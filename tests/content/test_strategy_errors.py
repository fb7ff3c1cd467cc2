"""A broken strategy file is refused with the file, line, column and field in the message."""

from __future__ import annotations

import pytest

from fardplan.content.strategy import load_strategy_yaml
from fardplan.content.yaml_errors import StrategyFileError

VALID = """\
county: '25'
slug: norrbotten
kind: strategi
title: Tillsammans för Nära vård i Norrbotten
period:
  start: 2021
  end: 2030
status: adopted
direction_changes:
  - title: Mer hälsofrämjande och förebyggande insatser
  - title: Ökad personcentrering och delaktighet
  - text: Titeln saknas.
"""


def refusal(text: str) -> str:
    with pytest.raises(StrategyFileError) as raised:
        load_strategy_yaml(text, "norrbotten.yaml")
    return str(raised.value)


def test_it_names_the_item_whose_title_is_missing() -> None:
    assert refusal(VALID) == (
        "norrbotten.yaml, line 12, column 5: direction_changes[2].title: field required"
    )


def test_it_accepts_the_file_once_the_title_is_given() -> None:
    doc = load_strategy_yaml(VALID.replace("- text:", "- title: Stärkt primärvård\n    text:"))
    assert [item.title for item in doc.direction_changes][-1] == "Stärkt primärvård"


def test_it_points_at_a_yaml_syntax_error() -> None:
    message = refusal("county: '25'\nslug: [norrbotten\ntitle: x\n")
    assert message.startswith("norrbotten.yaml, line 3, column 6: YAML syntax error")


def test_it_names_a_wrong_type_and_the_value() -> None:
    message = refusal(VALID.replace("start: 2021", "start: tjugotjugoett"))
    assert message.startswith("norrbotten.yaml, line 6, column 10: period.start: input should be")
    assert "'tjugotjugoett'" in message


def test_it_refuses_a_number_where_text_is_expected() -> None:
    message = refusal(VALID.replace("title: Tillsammans för Nära vård i Norrbotten", "title: 2030"))
    assert "line 4, column 8: title: input should be a valid string (got 2030)" in message


def test_it_points_at_an_unknown_field_by_its_name() -> None:
    message = refusal(VALID.replace("status: adopted", "status: adopted\nowner: Region"))
    assert "line 9, column 1: owner: extra inputs are not permitted" in message


def test_it_refuses_a_period_that_ends_before_it_starts() -> None:
    message = refusal(VALID.replace("end: 2030", "end: 2020"))
    assert "line 6, column 3: period: end (2020) is before start (2021)" in message


def test_it_refuses_an_unknown_status() -> None:
    message = refusal(VALID.replace("status: adopted", "status: antagen"))
    assert "line 8, column 9: status: input should be 'draft', 'adopted' or 'retired'" in message


def test_it_refuses_a_key_given_twice() -> None:
    message = refusal(VALID.replace("kind: strategi", "kind: strategi\nkind: malbild"))
    assert message == "norrbotten.yaml, line 4, column 1: key 'kind' given twice"


def test_it_refuses_an_organisation_listed_twice() -> None:
    message = refusal(VALID + "organisations: ['25', '2580', '25']\n")
    assert "organisations: organisation listed twice: 25" in message


def test_it_refuses_an_empty_file_and_a_list() -> None:
    assert refusal("") == "norrbotten.yaml, line 1, column 1: the file is empty"
    assert "input should be a valid dictionary" in refusal("- a\n- b\n")


def test_it_lists_every_problem_in_file_order() -> None:
    text = VALID.replace("kind: strategi", "kind: plan").replace("end: 2030", "end: 1")
    lines = refusal(text).splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "kind",
        "period.end",
        "direction_changes[2].title",
    ]


def test_it_refuses_an_invisible_control_character() -> None:
    text = VALID.replace(
        "  - title: Ökad personcentrering och delaktighet", '  - title: "Ökad\\0delaktighet"'
    )
    assert refusal(text).splitlines()[0] == (
        "norrbotten.yaml, line 11, column 12: direction_changes[1].title: "
        "contains the control character U+0000 (got 'Ökad\\x00delaktighet')"
    )


def test_it_refuses_a_personal_identity_number_without_quoting_it() -> None:
    text = VALID.replace(
        "  - title: Ökad personcentrering och delaktighet",
        "  - title: Ökad delaktighet för 19121212-1212",
    )
    line = refusal(text).splitlines()[0]
    assert line.startswith("norrbotten.yaml, line 11, column 12: direction_changes[1].title: ")
    assert "personal identity number" in line
    assert "1212" not in line


def test_it_refuses_a_text_over_the_long_text_limit() -> None:
    text = VALID.replace("status: adopted\n", "status: adopted\nsummary: " + "x" * 10_001 + "\n")
    assert refusal(text).splitlines()[0] == (
        "norrbotten.yaml, line 9, column 10: summary: is longer than 10000 characters"
    )
