"""YAML costs what its text is long: aliases and anchors are refused, nesting, values and size
are bounded, and each refusal names the line and column."""

from __future__ import annotations

import time

import pytest

from fardplan.content.strategy import load_strategy_yaml
from fardplan.content.yaml_bounds import MAX_CHARACTERS, MAX_DEPTH, YamlLimitError, bounded_load
from fardplan.content.yaml_errors import StrategyFileError


def alias_bomb(levels: int = 8) -> str:
    """The issue's file: each level lists the one before ten times (10**levels leaves)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def nested(depth: int) -> str:
    return "county: " + "[" * depth + "1" + "]" * depth + "\n"


def problems(text: str) -> list[str]:
    with pytest.raises(StrategyFileError) as raised:
        load_strategy_yaml(text, "bomb.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_it_refuses_an_alias_bomb_at_once_with_its_position() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 1_000
    started = time.perf_counter()
    assert problems(bomb) == ["bomb.yaml, line 1, column 5: an anchor (&a0) is not allowed"]
    assert time.perf_counter() - started < 1


def test_it_refuses_an_alias_even_to_a_plain_value() -> None:
    with pytest.raises(YamlLimitError) as raised:
        bounded_load("a: 1\nb: *a\n")
    assert (raised.value.line, raised.value.column) == (2, 4)
    assert "alias (*a)" in raised.value.message


def test_it_refuses_a_merge_key() -> None:
    with pytest.raises(YamlLimitError, match="anchor"):
        bounded_load("base: &base {x: 1}\nother:\n  <<: *base\n")


def test_it_refuses_nesting_500_deep_without_a_crash() -> None:
    assert problems(nested(500)) == [
        f"bomb.yaml, line 1, column {9 + MAX_DEPTH - 1}: nested more than {MAX_DEPTH} levels deep"
    ]


def test_it_reads_nesting_within_the_bound() -> None:
    assert bounded_load(nested(MAX_DEPTH - 2)) == {"county": eval(nested(MAX_DEPTH - 2)[8:])}


def test_it_refuses_too_many_values() -> None:
    text = "county: [" + ", ".join(["1"] * 60_000) + "]\n"
    assert "more than 50000 values" in problems(text)[0]


def test_it_refuses_a_text_over_the_size_limit() -> None:
    assert problems("#" * (MAX_CHARACTERS + 1)) == [
        f"bomb.yaml, line 1, column 1: the file has {MAX_CHARACTERS + 1} characters; at most "
        f"{MAX_CHARACTERS} are allowed"
    ]


def test_it_quotes_a_long_bad_value_in_a_short_excerpt() -> None:
    (message,) = [m for m in problems("county: '" + "9" * 100_000 + "'\n") if ": county:" in m]
    assert message.endswith("(got '" + "9" * 59 + "…)")
    assert len(message) < 250


def test_it_lists_the_first_hundred_problems_and_counts_the_rest() -> None:
    items = "".join(f"  - text: utan titel {n}\n" for n in range(300))
    listed = problems("county: '25'\ndirection_changes:\n" + items)
    assert len(listed) == 101
    assert listed[-1].endswith("and 205 more problems, not listed")


def test_an_impossible_date_is_refused_where_it_stands() -> None:
    from fardplan.content.yaml_errors import StrategyFileError, parse_yaml

    with pytest.raises(StrategyFileError) as refused:
        parse_yaml("title: Plan\nadopted: 2021-02-30\n", "plan.yaml")
    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (2, 10)
    assert "not a valid date" in problem.message and "2021-02-30" in problem.message
