"""The ``fardplan synth`` command: writes, reports, and refuses bad arguments clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.cli.synth import parse_years

runner = CliRunner()


def test_it_writes_a_dataset_and_prints_the_calibration_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "synth",
            "--out",
            str(out),
            "--counties",
            "25",
            "--scale",
            "0.01",
            "--years",
            "2024",
            "--report",
            "--effect",
            "2580:sip_plans:+20%:2024-03",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "contacts.parquet").exists()
    assert "Calibration check" in result.output and "Avoidable admissions" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--counties", "25", "--effect", "2480:sip_plans:+20%:2024-03"],
            "not in the generated counties",
        ),
        (["--counties", "25", "--effect", "2580:sip:+20%:2024-03"], "no effect switch"),
        (["--counties", "77"], "unknown county"),
        (["--counties", "25", "--scale", "2"], "scale"),
        (["--counties", "25", "--format", "xml"], "format"),
    ],
)
def test_it_refuses_bad_arguments_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["synth", "--out", str(out), "--years", "2024", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_counties_and_all_together(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["synth", "--out", str(tmp_path / "o"), "--counties", "25", "--all"]
    )
    assert result.exit_code == 2
    assert "either --counties or --all" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("text", "years"),
    [("2023-2025", [2023, 2024, 2025]), ("2024", [2024]), ("2024,2023", [2023, 2024])],
)
def test_it_parses_years(text: str, years: list[int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2025-2023", "23-25", "last year"])
def test_it_refuses_bad_years(text: str) -> None:
    with pytest.raises(typer.BadParameter):
        parse_years(text)
