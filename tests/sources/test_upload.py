"""The upload's checks: every kind of error is reported by row, column and value, all of them
at once, and no values come out of a file with any error."""

from __future__ import annotations

import pytest

from fardplan.sources.upload import County, validate
from fardplan.sources.upload_format import Limits, Row, UploadRefused, read_csv, template_csv

NORRBOTTEN = County("25", {"0025": "Region Norrbotten", "2580": "Luleå", "2581": "Piteå"})
HEAD = "indikator;period;område;kön;åldersgrupp;täljare;nämnare;värde;anteckning"
GOOD = "U70447;2024;2580;T;;60;100;60;enkät"


def check(*lines: str, head: str = HEAD) -> list[tuple[int | None, str | None, str | None, str]]:
    rows = read_csv("\n".join([head, *lines]).encode())
    result = validate(rows, NORRBOTTEN)
    if result.problems:
        assert result.values == ()
    return [(p.row, p.column, p.value, p.en) for p in result.problems]


def only(*lines: str, head: str = HEAD) -> tuple[int | None, str | None, str | None, str]:
    problems = check(*lines, head=head)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_valid_file_gives_its_values() -> None:
    rows = read_csv(f"{HEAD}\n{GOOD}\nkolada_u79133;2023;Piteå;K;;;;312,5;\n".encode())
    result = validate(rows, NORRBOTTEN)
    assert result.valid
    first, second = result.values
    assert (first.indicator_id, first.period, first.area_code, first.sex, first.age_group) == (
        "kolada_u70447", "2024", "2580", "T", "all",
    )  # fmt: skip
    assert (first.numerator, first.denominator, first.value, first.note) == (60, 100, 60, "enkät")
    assert (second.area_code, second.sex, second.value, second.row) == ("2581", "K", 312.5, 3)


@pytest.mark.parametrize("age", ["age group", "age_group", "Age Group"])
def test_english_headings_commas_and_windows_1252_are_read(age: str) -> None:
    head = f"indicator,period,area,sex,{age},numerator,denominator,value,note"
    content = f"{head}\nN79173,2024-03,Luleå,M,,80,100,80.0,\n".encode("cp1252")
    result = validate(read_csv(content), NORRBOTTEN)
    assert result.valid and result.values[0].period == "2024-03"
    assert result.values[0].area_code == "2580"


def test_every_problem_is_listed_at_once_by_row_and_column() -> None:
    problems = check(GOOD, "U70447;2024-13;9999;X;;abc;-5;;", "okänd;2024;2580;;;;;1;")
    assert problems == [
        (3, "period", "2024-13", "Not a period: write a year (2024) or a month (2024-03)."),
        (3, "område", "9999", "Not a municipality of the county or its region (0025)."),
        (3, "kön", "X", "Sex is K (women), M (men) or T (total)."),
        (3, "täljare", "abc", "Not a number."),
        (3, "nämnare", "-5", "A negative number."),
        (4, "indikator", "okänd", problems[-1][3]),
    ]
    assert problems[-1][3].startswith("Unknown indicator; those that may be uploaded: ")
    assert "kolada_u70447 (U70447)" in problems[-1][3]


def test_a_computed_indicator_is_refused_with_the_reason() -> None:
    row, column, value, message = only("avoidable_admissions;2024;2580;T;;;;3;")
    assert (row, column, value) == (2, "indikator", "avoidable_admissions")
    assert "computes this indicator from care data" in message
    assert "kolada_u79133 (U79133)" in message


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        ("U70447;2024-03;2580;T;;;;50;", "period", "2024-03", "published by year only"),
        ("U70447;1850;2580;T;;;;50;", "period", "1850", "not between 1900"),
        ("U70447;2024;0000;T;;;;50;", "område", "0000", "Not a municipality of the county"),
        ("U70447;2024;2480;T;;;;50;", "område", "2480", "Not a municipality of the county"),
        ("U70447;2024;2580;kvinna;;;;50;", "kön", "kvinna", "K (women), M (men) or T"),
        ("U70447;2024;2580;T;0-17;;;50;", "åldersgrupp", "0-17", "all, 18-64, 65-79, 80+"),
        ("U70447;2024;2580;T;;12,5;100;12,5;", "täljare", "12,5", "whole number"),
        ("U70447;2024;2580;T;;;;femtio;", "värde", "femtio", "Not a number."),
        ("U70447;2024;2580;T;;;;-1;", "värde", "-1", "A negative number."),
        ("U70447;2024;2580;T;;;;inf;", "värde", "inf", "Not a number."),
        ("U70447;2024;2580;T;;120;100;;", "täljare", "120", "larger than the denominator (100)"),
        ("U70447;2024;2580;T;;60;100;65;", "värde", "65", "does not agree with täljare/nämnare"),
        ("U79133;2024;2580;T;;;;;", "värde", "", "The value is missing"),
        ("U79133;2024;2580;T;;30;100;;", "värde", "", "The value is missing"),
    ],
)
def test_each_kind_of_bad_cell(line: str, column: str, value: str, message: str) -> None:
    found = only(line)
    assert found[:3] == (2, column, value)
    assert message in found[3]


def test_a_value_rounded_by_the_source_agrees_with_its_counts() -> None:
    assert check("U70447;2024;2580;T;;1;3;33,3;", "U70447;2024;2581;T;;1;3;33;") == []
    assert check("U70447;2024;0025;T;;2;3;66,6;")[0][1] == "värde"


def test_a_share_without_a_value_gets_it_from_its_counts() -> None:
    result = validate(read_csv(f"{HEAD}\nU70447;2024;2580;T;;30;40;;".encode()), NORRBOTTEN)
    assert result.values[0].value == 75.0


def test_a_duplicate_row_names_the_first() -> None:
    assert only(GOOD, "u70447;2024;Luleå;;;60;100;60;") == (
        3, "indikator", "u70447",
        "The same indicator, period, area, sex and age group as row 2.",
    )  # fmt: skip


def test_small_counts_are_withheld_without_their_numbers() -> None:
    result = validate(
        read_csv(
            f"{HEAD}\nU70447;2024;2580;K;;3;50;6;\nU70447;2024;2580;M;;48;50;96;\n"
            "U70447;2024;2581;T;;0;50;0;\nU70447;2024;0025;T;;;;..;".encode()
        ),
        NORRBOTTEN,
    )
    small, complement, zero, withheld = result.values
    assert (small.suppressed, small.numerator, small.denominator, small.value) == (
        True, None, None, None,
    )  # fmt: skip
    assert complement.suppressed and complement.value is None  # 2 of 50 did not answer so
    assert not zero.suppressed and zero.value == 0
    assert withheld.suppressed


def test_a_rate_keeps_a_numerator_complement_of_one_to_four() -> None:
    result = validate(read_csv(f"{HEAD}\nU79133;2024;2580;T;;98;100;300;".encode()), NORRBOTTEN)
    assert not result.values[0].suppressed  # not a share: its complement identifies no one


def test_missing_and_unknown_columns() -> None:
    problems = check("U70447;2024;;", head="indikator;år;anteckning")
    assert [(p[0], p[1]) for p in problems] == [
        (1, "år"), (1, "period"), (1, "område"), (1, "värde"),
    ]  # fmt: skip
    assert "The column period (period) is missing." in problems[1][3]


def test_headings_without_rows_and_an_empty_file() -> None:
    assert only(head=HEAD)[3] == "The file has headings but no rows of values."
    with pytest.raises(UploadRefused, match="The file is empty"):
        read_csv(b"  \n")
    assert validate([], NORRBOTTEN).problems[0].sv == "Filen är tom."


def test_a_file_over_the_limits_is_refused() -> None:
    with pytest.raises(UploadRefused, match="at most 1 MB"):
        read_csv(b"x" * (2**20 + 1), Limits(bytes=2**20))
    lines = "\n".join([HEAD] + [GOOD] * 4).encode()
    with pytest.raises(UploadRefused, match="more than 3 rows"):
        read_csv(lines, Limits(rows=3))
    assert len(read_csv(lines, Limits(rows=4))) == 5


def test_a_binary_file_is_not_text() -> None:
    with pytest.raises(UploadRefused, match="not a text file"):
        read_csv(b"\x00\x01\x02\x81\x8d\x8f" * 10)


def test_a_long_value_is_quoted_cut_to_sixty_characters() -> None:
    name = "x" * 200
    _row, column, value, _ = only(f"{name};2024;2580;T;;;;1;")
    assert column == "indikator" and value == "x" * 59 + "…"


def test_the_templates_headings_are_read_back() -> None:
    for language in ("sv", "en"):
        rows = read_csv(template_csv(language) + GOOD.encode())
        assert validate(rows, NORRBOTTEN).valid


def test_a_personal_identity_number_is_refused_and_never_quoted() -> None:
    problems = check("U70447;2024;2580;T;;;;60;gäller 19121212-1212")
    assert len(problems) == 1
    row, column, value, message = problems[0]
    assert (row, column, value) == (2, "anteckning", None)
    assert "personal identity number at character 8" in message
    assert "1212" not in message


def test_a_control_character_is_refused() -> None:
    assert only("U70447;2024;2580;T;;;;60;a\x0bb")[1:] == (
        "anteckning", "a\x0bb", "Remove the invisible control character U+000B.",
    )  # fmt: skip


def test_a_personal_number_in_a_spreadsheets_number_cell_is_refused_unquoted() -> None:
    rows: list[Row] = [(1, ("indikator", "period", "område", "täljare", "nämnare", "värde"))]
    rows.append((2, ("U70447", 2024, "2580", 191212121212, 100, 60.0)))
    problem = validate(rows, NORRBOTTEN).problems[0]
    assert (problem.row, problem.column, problem.value) == (2, "täljare", None)
