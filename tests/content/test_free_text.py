"""Free-text checks: control characters, length, and personal identity numbers (personnummer
and samordningsnummer) found by date and Luhn check digit, with property tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.content.free_text import (
    LONG_TEXT_MAX_LENGTH,
    Finding,
    Problem,
    check,
    control_character,
    describe,
    find_personal_number,
    luhn_valid,
)


def _check_digit(nine: str) -> str:
    """The Luhn check digit of nine digits, computed independently of the module: weights
    2,1,2,1,… from the left, digit sums of the products."""
    total = sum(sum(map(int, str(int(d) * (2 - i % 2)))) for i, d in enumerate(nine))
    return str((10 - total % 10) % 10)


@st.composite
def personal_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """Return a valid number in one of the four written forms, and its ten digits."""
    born = draw(st.dates(min_value=date(1880, 1, 1), max_value=date(2025, 12, 31)))
    day = born.day + draw(st.sampled_from([0, 60]))  # 60 more: a samordningsnummer
    serial = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    nine = f"{born:%y%m}{day:02d}{serial}"
    ten = nine + _check_digit(nine)
    form = draw(st.sampled_from(["short", "plus", "long", "long-plain"]))
    written = {
        "short": f"{ten[:6]}-{ten[6:]}",
        "plus": f"{ten[:6]}+{ten[6:]}",
        "long": f"{born.year // 100}{ten[:6]}-{ten[6:]}",
        "long-plain": f"{born.year // 100}{ten}",
    }[form]
    return written, ten


# Text around the number that cannot extend it into a longer run of digits.
surroundings = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Nd"]), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(personal_numbers(), surroundings, surroundings)
def test_it_finds_a_valid_number_in_any_text(
    number: tuple[str, str], before: str, after: str
) -> None:
    written, _ten = number
    assert find_personal_number(before + written + after) == len(before)
    finding = check(before + written + after)
    assert finding == Finding(Problem.PERSONAL_NUMBER, len(before))


@settings(max_examples=300, deadline=None)
@given(personal_numbers(), st.integers(1, 9))
def test_it_ignores_a_number_with_a_wrong_check_digit(number: tuple[str, str], change: int) -> None:
    written, _ten = number
    wrong = str((int(written[-1]) + change) % 10)
    assert find_personal_number(f"Ring {written[:-1]}{wrong} i morgon") is None


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_luhn_agrees_with_an_independent_computation(nine: str) -> None:
    assert luhn_valid(nine + _check_digit(nine))
    assert not luhn_valid(nine + str((int(_check_digit(nine)) + 1) % 10))


@pytest.mark.parametrize(
    "text",
    [
        "Skatteverkets testperson 19121212-1212 är med.",
        "121212-1212",
        "121212+1212",  # a hundred years or more
        "191212121212",
        "701063-2391",  # samordningsnummer: day 3 + 60
    ],
)
def test_it_finds_known_valid_numbers(text: str) -> None:
    assert find_personal_number(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "121212-1213",  # wrong check digit
        "232100-0016",  # Region Norrbotten's organisation number: month 21 is no month
        "19121312-1212",  # month 13
        "121232-1212",  # day 32
        "Telefon 0920-23 60 00, diarienummer 2024-001234",
        "1191212121212",  # 13 digits: not a personal number
        "Plan 2025-2028, 120 000 invånare",
        "",
    ],
)
def test_it_leaves_other_numbers_alone(text: str) -> None:
    assert find_personal_number(text) is None


def test_it_checks_29_february_against_the_century() -> None:
    nine = "000229123"  # 2000 was a leap year
    assert find_personal_number("20" + nine + _check_digit(nine)) == 0
    assert find_personal_number("19" + nine + _check_digit(nine)) is None  # 1900 was not
    assert find_personal_number(f"{nine[:6]}-{nine[6:]}{_check_digit(nine)}") == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [("a\x0bb", "U+000B"), ("\x1b[31m", "U+001B"), ("slut\uffff", "U+FFFF"),
     ("\x00", "U+0000"), ("\x7f", "U+007F"), ("\x9b", "U+009B"), ("\ufdd0", "U+FDD0"),
     ("\U0010fffe", "U+10FFFE"), ("\ud800", "U+D800")],
)  # fmt: skip
def test_it_finds_control_characters(text: str, code: str) -> None:
    assert control_character(text) == code
    finding = check(f"Titel {text}")
    assert finding is not None
    assert (finding.problem, finding.detail) == (Problem.CONTROL_CHARACTER, code)


def test_it_allows_tabs_line_breaks_and_any_letters() -> None:
    text = "Första stycket.\n\n\tAndra\r\nstycket\x85 – ”citat” 😀 \u2028 \u00a0 العربية"
    assert check(text) is None


def test_it_refuses_a_text_over_the_limit() -> None:
    assert check("x" * LONG_TEXT_MAX_LENGTH) is None
    finding = check("x" * (LONG_TEXT_MAX_LENGTH + 1))
    assert finding == Finding(Problem.TOO_LONG, LONG_TEXT_MAX_LENGTH, "10000")
    assert check("x" * 201, max_length=200) is not None
    assert check("x" * 20_000, max_length=None) is None


def test_it_says_why_without_quoting_the_number() -> None:
    finding = check("Patient 19121212-1212")
    assert finding is not None
    sentence = describe(finding)
    assert "personal identity number" in sentence
    assert "pseudonymised" in sentence
    assert "1212" not in sentence
