"""A broken decisions file is refused with the file, line, column and field in the message."""

from __future__ import annotations

from datetime import date

import pytest

from fardplan.adoption import BodyLevel
from fardplan.content.decisions import (
    Body,
    DecisionFileError,
    body_level,
    load_decisions_yaml,
)
from fardplan.content.yaml_errors import StrategyFileError

VALID = """\
county: '22'
strategy: malbild-for-god-och-nara-vard-2030
decisions:
  - key: timra-kf-17
    organisation: '2262'
    body: kommunfullmaktige
    meeting_date: 2021-01-25
    paragraph: 17
    title: Nära vård
    concerns: strategy
    kind: approve
    conditions:
      all_principals: true
    invented: false
    source: protocol extract
"""


def refusal(text: str) -> str:
    with pytest.raises(DecisionFileError) as raised:
        load_decisions_yaml(text, "vasternorrland.yaml")
    return str(raised.value)


def test_it_reads_the_valid_file() -> None:
    (decision,) = load_decisions_yaml(VALID).decisions
    assert decision.meeting_date == date(2021, 1, 25)
    assert decision.conditions is not None and decision.conditions.all_principals


def test_it_is_a_strategy_file_error_for_the_import_pages() -> None:
    with pytest.raises(StrategyFileError):
        load_decisions_yaml("county: [", "x.yaml")


def test_it_refuses_an_unknown_body() -> None:
    message = refusal(VALID.replace("body: kommunfullmaktige", "body: fullmaktige"))
    assert message.startswith(
        "vasternorrland.yaml, line 6, column 11: decisions[0].body: input should be "
        "'kommunfullmaktige', 'kommunstyrelsen',"
    )
    assert "(got 'fullmaktige')" in message


def test_it_refuses_an_impossible_date_where_it_stands() -> None:
    message = refusal(VALID.replace("2021-01-25", "2021-02-30"))
    assert message == (
        "vasternorrland.yaml, line 7, column 19: "
        "not a valid date: day is out of range for month (got '2021-02-30')"
    )


def test_it_refuses_a_date_in_words() -> None:
    message = refusal(VALID.replace("2021-01-25", "'25 januari 2021'"))
    assert message.startswith(
        "vasternorrland.yaml, line 7, column 19: decisions[0].meeting_date: "
        "write the date as YYYY-MM-DD"
    )


def test_it_reads_a_quoted_date() -> None:
    (decision,) = load_decisions_yaml(VALID.replace("2021-01-25", "'2021-01-25'")).decisions
    assert decision.meeting_date == date(2021, 1, 25)


def test_it_refuses_a_date_as_a_number() -> None:
    message = refusal(VALID.replace("2021-01-25", "20210125"))
    assert "line 7, column 19: decisions[0].meeting_date: input should be a valid date" in message


def test_it_points_at_an_unknown_field_by_its_name() -> None:
    message = refusal(VALID.replace("    paragraph: 17\n", "    paragraph: 17\n    chair: S\n"))
    assert "line 9, column 5: decisions[0].chair: extra inputs are not permitted" in message


def test_it_refuses_conditions_on_a_decision_that_only_takes_note() -> None:
    message = refusal(VALID.replace("kind: approve", "kind: take_note"))
    assert message == (
        "vasternorrland.yaml, line 4, column 5: decisions[0]: only a decision that adopts or "
        "approves has conditions, not 'take_note'"
    )


def test_it_refuses_conditions_that_name_nobody() -> None:
    message = refusal(VALID.replace("all_principals: true", "all_principals: false"))
    assert "line 13, column 7: decisions[0].conditions: name the organisations" in message


def test_it_refuses_a_region_body_for_a_municipality() -> None:
    message = refusal(VALID.replace("body: kommunfullmaktige", "body: regionfullmaktige"))
    assert "regionfullmaktige is a region's body; '2262' is not a region's code" in message


def test_it_refuses_a_real_decision_without_its_source() -> None:
    message = refusal(VALID.replace("    source: protocol extract\n", ""))
    assert "decisions[0]: a decision that is not invented names its source" in message


def test_it_refuses_a_key_used_twice() -> None:
    second = VALID.split("decisions:\n")[1].replace("all_principals: true", "organisations: ['22']")
    message = refusal(VALID + second)
    assert message == (
        "vasternorrland.yaml, line 4, column 3: decisions: decision key used twice: timra-kf-17"
    )


def test_it_refuses_other_without_saying_what() -> None:
    message = refusal(VALID.replace("concerns: strategy", "concerns: other"))
    assert "concerns 'other' needs a concerns_text" in message


def test_it_names_a_statement_without_text() -> None:
    statement = "    statements:\n      - kind: reservation\n        parties: [SD]\n"
    message = refusal(VALID.replace("    invented: false\n", statement + "    invented: false\n"))
    assert "line 15, column 9: decisions[0].statements[0].text: field required" in message


def test_it_maps_each_body_to_its_level() -> None:
    assert {body: body_level(body) for body in Body} == {
        Body.KOMMUNFULLMAKTIGE: BodyLevel.COUNCIL,
        Body.REGIONFULLMAKTIGE: BodyLevel.COUNCIL,
        Body.KOMMUNSTYRELSEN: BodyLevel.BOARD,
        Body.REGIONSTYRELSEN: BodyLevel.BOARD,
        Body.SOCIALNAMNDEN: BodyLevel.COMMITTEE,
        Body.HALSO_OCH_SJUKVARDSNAMNDEN: BodyLevel.COMMITTEE,
        Body.JOINT_BODY: BodyLevel.JOINT,
    }
