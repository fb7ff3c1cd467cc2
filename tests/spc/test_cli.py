"""``fardplan spc``: the JSON it prints and the inputs it refuses (in Swedish, exit code 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.spc.csvfile import MAX_ROWS

runner = CliRunner()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "series.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_prints_a_run_chart_as_json_with_null_limits(tmp_path: Path) -> None:
    path = write(tmp_path, "period,value\n2024-01,1\n2024-02,2\n2024-03,3\n2024-04,2\n")
    result = runner.invoke(app, ["spc", str(path), "--chart", "run", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert list(found) == [
        "chart",
        "n_useful",
        "longest_run",
        "longest_run_max",
        "crossings",
        "crossings_min",
        "runs_signal",
        "points",
    ]
    assert (found["chart"], found["n_useful"], found["crossings"]) == ("run", 2, 1)
    assert found["points"][0] == {
        "period": "2024-01",
        "value": 1.0,
        "centre": 2.0,
        "lower": None,
        "upper": None,
        "sigma_signal": False,
    }


def test_p_values_are_proportions_and_a_flat_series_has_null_runs_fields(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "period,numerator,denominator\n2024-01,1,4\n2024-02,2,8\n")
    result = runner.invoke(app, ["spc", str(path), "--chart", "p", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [p["value"] for p in found["points"]] == [0.25, 0.25]
    assert found["n_useful"] == 0
    assert found["longest_run"] is None and found["runs_signal"] is None


def test_a_swedish_spreadsheet_s_csv_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "period;value\n2024-01;1,5\n2024-02;..\n2024-03;2,5\n")
    result = runner.invoke(app, ["spc", str(path), "--chart", "i", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["value"] for p in json.loads(result.output)["points"]] == [1.5, None, 2.5]


def test_it_prints_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "period,value\n2024-01,1\n2024-02,2\n2024-03,3\n")
    result = runner.invoke(app, ["spc", str(path), "--chart", "i"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2024-03" in result.output and "Serieanalys (Anhøj)" in result.output


@pytest.mark.parametrize(
    ("chart", "text", "message"),
    [
        ("i", "period,values\n2024-01,1\n", "rad 1, kolumn value: kolumnen 'value' saknas"),
        ("p", "period,numerator\n2024-01,1\n", "kolumnen 'denominator' saknas"),
        ("i", "period,value\n2024-01,1\n2024-02,abc\n", "rad 3, kolumn value: inte ett tal: 'abc'"),
        ("i", "period,value\n2024-01,1\n2024-02,nan\n", "rad 3, kolumn value: inte ett tal"),
        ("i", "period,value\n2024-01,1\n2024-02,1_0\n", "rad 3, kolumn value: inte ett tal"),
        (
            "p",
            "period,numerator,denominator\n2024-01,1,0\n",
            "rad 2, kolumn denominator: nämnaren måste vara större än 0, fick 0",
        ),
        (
            "p",
            "period,numerator,denominator\n2024-01,1,2\n2024-02,5,4\n",
            "rad 3, kolumn numerator: andelens täljare (5) är större än nämnaren (4)",
        ),
        ("u", "period,numerator,denominator\n2024-01,-1,2\n", "täljaren är negativ"),
        ("i", "period,value\n2024-01,1\n", "ett diagram behöver minst 2 punkter med värde"),
        ("i", "period,value\n2024-01,1\n2024-02,\n", "minst 2 punkter"),
        ("i", "period,value\n2024-01,1\n2024-01,2\n", "rad 3, kolumn period: perioden '2024-01'"),
        ("i", "period,value\n2024-02,1\n2024-01,2\n", "the months must be in increasing order"),
        ("i", "period,value\n,1\n2024-01,2\n", "rad 2, kolumn period: en period på 1–40"),
        ("i", "period,value\n" + "x" * 50 + ",1\n", "fick 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
    ],
)
def test_bad_input_is_refused_by_line_and_column_in_swedish(
    tmp_path: Path, chart: str, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    result = runner.invoke(app, ["spc", str(path), "--chart", chart], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "Serien avvisades:" in result.output
    assert message in result.output


def test_a_u_chart_accepts_a_numerator_above_its_denominator(tmp_path: Path) -> None:
    path = write(tmp_path, "period,numerator,denominator\n2024-01,5,4\n2024-02,3,4\n")
    assert runner.invoke(app, ["spc", str(path), "--chart", "u", "--json"]).exit_code == 0


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    rows = "".join(f"p{i},1\n" for i in range(MAX_ROWS + 1))
    path = write(tmp_path, "period,value\n" + rows)
    result = runner.invoke(app, ["spc", str(path), "--chart", "run"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert f"rad {MAX_ROWS + 2}: fler än {MAX_ROWS} rader" in result.output


def test_a_file_that_is_not_utf8_or_missing_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("period,value\n2024-01,1\nå,2\n".encode("latin-1"))
    result = runner.invoke(app, ["spc", str(path), "--chart", "i"], env={"COLUMNS": "300"})
    assert result.exit_code == 2 and "rad 3: är inte UTF-8-text" in result.output
    result = runner.invoke(app, ["spc", str(tmp_path / "none.csv"), "--chart", "i"])
    assert result.exit_code == 2 and "kan inte läsas" in result.output


def test_an_unknown_chart_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "period,value\n2024-01,1\n2024-02,2\n")
    result = runner.invoke(app, ["spc", str(path), "--chart", "xbar"])
    assert result.exit_code == 2 and "använd en av run, i, p, u, pp, up" in result.output


def test_signals_without_a_stored_run_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "none.duckdb"))
    result = runner.invoke(app, ["signals"])
    assert result.exit_code == 1 and "Ingen lagrad körning" in result.output
    result = runner.invoke(app, ["signals", "--indicator", "nope"])
    assert result.exit_code == 2 and "okänd beräknad indikator 'nope'" in result.output
    result = runner.invoke(app, ["signals", "--county", "2"])
    assert result.exit_code == 2
