"""``fardplan kolada fetch`` stores what a recorded Kolada answers, and nothing on an error."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fardplan.cli.kolada import parse_years
from fardplan.cli.main import app
from fardplan.sources.imported import imported_for
from fardplan.sources.kolada_replay import DEMO_RECORDING

runner = CliRunner()


def test_it_fetches_a_recording_into_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(store))
    arguments = [
        "kolada",
        "fetch",
        "--kpi",
        "u70447,U79133",
        "--county",
        "25",
        "--years",
        "2019-2025",
    ]
    result = runner.invoke(
        app, [*arguments, "--recording", str(DEMO_RECORDING)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "kolada_u70447" in result.output and "2025-11-20" in result.output
    assert "Sparade 2 nyckeltal" in result.output
    rows = imported_for(["kolada_u70447"], ["0025"], sex="T", store_path=store)
    assert [row.value.period for row in rows] == [str(year) for year in range(2019, 2026)]


def test_an_unreachable_kolada_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(store))
    monkeypatch.setenv("KOLADA_BASE_URL", "http://127.0.0.1:9/v2")  # the discard port: closed
    arguments = ["kolada", "fetch", "--kpi", "U79133", "--county", "25", "--years", "2024"]
    result = runner.invoke(app, arguments, env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "Inget sparades" in result.output and "Kolada går inte att nå" in result.output
    assert not store.exists()


def test_years_are_read_as_ranges_and_lists() -> None:
    assert parse_years("2019-2021,2024") == [2019, 2020, 2021, 2024]
    with pytest.raises(typer.BadParameter, match="'19' är inget år"):
        parse_years("19")
    with pytest.raises(typer.BadParameter, match="slutåret före startåret"):
        parse_years("2024-2020")
