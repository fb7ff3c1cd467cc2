"""The engine's commands: catalogue, compute (with refusal) and export."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.engine import compute
from fardplan.engine.store import current_run, latest_results
from tests.engine.builder import Dataset
from tests.engine.world import as_of, world

runner = CliRunner()
EVENT_TABLES = ("contacts", "admissions", "care_plans", "home_health_care")


def test_it_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["catalogue"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "continuity_coc" in result.output


def test_the_commands_start_without_the_workbook_library() -> None:
    # openpyxl takes 0.15 s to import: only an XLSX export needs it.
    code = "import sys, fardplan.cli.main; print('openpyxl' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_it_computes_stores_and_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world_dir = world().write(tmp_path / "world")
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    out = tmp_path / "results.parquet"
    result = runner.invoke(app, ["compute", str(world_dir), "--out", str(out), "--year", "2024"])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    periods = set(table["period"].to_pylist())
    # Months run to the last event in the data (2 September 2024), 2023 was left out.
    assert {"2024", "2024-01", "2024-09"} <= periods
    assert not periods & {"2023", "2024-10"}
    assert table.filter(table["suppressed"])["numerator"].null_count > 0  # published
    assert (tmp_path / "a.duckdb").exists()
    exported = tmp_path / "r.csv"
    result = runner.invoke(app, ["export", str(out), "--format", "csv-sv", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    assert exported.read_text(encoding="utf-8-sig").startswith("Indikator-id;")


def test_it_refuses_a_broken_dataset_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    folder = Dataset().person(1, 2024, born=1950, municipality="9999").write(tmp_path / "d")
    empty = [f"--allow-empty={table}" for table in EVENT_TABLES]
    result = runner.invoke(
        app, ["compute", str(folder), "--out", str(tmp_path / "r.parquet"), *empty]
    )
    assert result.exit_code == 1
    # In Swedish, as the rest of the command; the contract's own table and column names.
    assert "Datasetet avvisades." in result.output
    assert "population.municipality_code: 1 rad med en okänd kommunkod (först: '9999')" in (
        result.output
    )
    assert not (tmp_path / "r.parquet").exists()


def test_a_lenient_run_lists_what_it_dropped_and_left_out_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    d = Dataset().person(1, 2024, born=1950).contact(1, date(2024, 3, 1))
    d.contact(99, date(2024, 3, 2)).contact(1, date(2023, 6, 1))
    out = tmp_path / "r.parquet"
    empty = [f"--allow-empty={table}" for table in EVENT_TABLES if table != "contacts"]
    result = runner.invoke(
        app, ["compute", str(d.write(tmp_path / "d")), "--out", str(out), "--lenient", *empty]
    )
    assert result.exit_code == 0, result.output
    assert "Tillämpar röjandeskydd" in result.output  # the engine's last step, in Swedish
    lines = [line.strip() for line in result.output.splitlines()]
    dropped = lines.index("Borttagna rader (--lenient):")
    assert lines[dropped + 1] == (
        "- contacts.person_id: 1 rad med en person som saknas i population (alla år) (först: 99)"
    )
    excluded = lines.index("Händelser utanför befolkningen (räknas inte):")
    assert lines[excluded + 1] == (
        "- contacts.person_id: 1 rad med en person som saknas i befolkningen för året enligt "
        "date (åren visas) (först: 2023)"
    )


def test_it_refuses_an_incremental_run_without_a_stored_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    folder = world().write(tmp_path / "world")
    out = tmp_path / "r.parquet"
    result = runner.invoke(app, ["compute", str(folder), "--out", str(out), "--incremental"])
    assert result.exit_code == 1
    assert "Ingen lagrad körning" in result.output
    assert not out.exists()


def test_it_extends_the_stored_run_with_a_new_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    out = tmp_path / "r.parquet"
    march = as_of(date(2024, 3, 31), tmp_path / "march")
    april = as_of(date(2024, 4, 30), tmp_path / "april")
    assert runner.invoke(app, ["compute", str(march), "--out", str(out), "--raw"]).exit_code == 0
    result = runner.invoke(
        app, ["compute", str(april), "--out", str(out), "--raw", "--incremental"]
    )
    assert result.exit_code == 0, result.output
    # The stored run kept its sums: only the new rows of contacts and care plans were read.
    assert "Lästa bara nya rader i: admissions, care_plans, contacts" in result.output
    assert latest_results(published=False).equals(compute(april).results)
    assert "2024-04" in set(pq.read_table(out)["period"].to_pylist())


def stored_march(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Store a run of the world up to March; return its dataset and the results file."""
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    out = tmp_path / "r.parquet"
    march = as_of(date(2024, 3, 31), tmp_path / "march")
    assert runner.invoke(app, ["compute", str(march), "--out", str(out)]).exit_code == 0
    return march, out


def test_an_incremental_run_that_adds_nothing_says_so_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    march, out = stored_march(tmp_path, monkeypatch)
    result = runner.invoke(app, ["compute", str(march), "--out", str(out), "--incremental"])
    assert result.exit_code == 1
    assert (
        "Körningen avbröts: datasetet tillför ingen period till den lagrade körningen: "
        "inget att räkna om"
    ) in result.output


def test_a_stored_run_that_does_not_hold_is_refused_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out = stored_march(tmp_path, monkeypatch)
    april = as_of(date(2024, 4, 30), tmp_path / "april")
    population = pq.read_table(april / "population.parquet")
    pq.write_table(population.slice(1), april / "population.parquet")  # a person less
    result = runner.invoke(app, ["compute", str(april), "--out", str(out), "--incremental"])
    assert result.exit_code == 1
    assert (
        "Kan inte bygga vidare på den lagrade körningen: population har ändrats sedan den "
        "lagrade körningen"
    ) in result.output


def test_export_refuses_a_results_file_without_the_flag_in_swedish(tmp_path: Path) -> None:
    results = compute(world().write(tmp_path / "world")).results
    path = tmp_path / "r.parquet"
    pq.write_table(results.drop_columns(["suppressed"]), path)
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["export", str(path), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1
    assert (
        "Exporten avbröts: r.parquet är ingen resultatfil från fardplan compute: "
        "kolumnen suppressed saknas"
    ) in result.output
    assert not out.exists()


def test_export_refuses_a_corrupt_results_file_by_name(tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    path.write_bytes(b"PAR1 not really")
    result = runner.invoke(
        app, ["export", str(path), "--format", "xlsx", "--out", str(tmp_path / "r.xlsx")]
    )
    assert result.exit_code == 1
    assert "Exporten avbröts: r.parquet: ingen läsbar Parquet-fil" in result.output
    assert "Traceback" not in result.output


def test_an_empty_contacts_table_is_refused_and_the_stored_run_stays_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    march, out = stored_march(tmp_path, monkeypatch)
    before = current_run()
    contacts = pq.read_table(march / "contacts.parquet")
    pq.write_table(contacts.slice(0, 0), march / "contacts.parquet")
    result = runner.invoke(app, ["compute", str(march), "--out", str(out)])
    assert result.exit_code == 1
    assert (
        "contacts: tabellen har inga rader, och indikatorerna läser den (ange --allow-empty "
        "contacts om den ska vara tom)"
    ) in result.output
    assert current_run() == before


@pytest.mark.parametrize("where", ["a file", "a folder"])
def test_an_unwritable_out_is_refused_before_anything_is_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    march, _ = stored_march(tmp_path, monkeypatch)
    before = current_run()
    (tmp_path / "taken").write_text("a file, not a folder")
    (tmp_path / "folder.parquet").mkdir()
    out = tmp_path / "taken" / "r.parquet" if where == "a file" else tmp_path / "folder.parquet"
    result = runner.invoke(app, ["compute", str(march), "--out", str(out)])
    assert result.exit_code == 1
    assert "Kan inte skriva resultatet:" in result.output
    assert "Kontrollerar datasetet" not in result.output  # refused before the run started
    assert current_run() == before


def test_a_write_that_fails_leaves_the_stored_run_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    march, out = stored_march(tmp_path, monkeypatch)
    before, written = current_run(), out.read_bytes()

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fardplan.cli.engine.pq.write_table", disk_full)
    result = runner.invoke(app, ["compute", str(march), "--out", str(out)])
    assert result.exit_code == 1
    assert "Kan inte skriva resultatet:" in result.output and "No space left" in result.output
    assert current_run() == before
    assert out.read_bytes() == written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.parquet")] == []


def test_a_table_much_smaller_than_the_current_runs_is_refused_unless_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(tmp_path / "a.duckdb"))
    folder, out = world().write(tmp_path / "world"), tmp_path / "r.parquet"
    assert runner.invoke(app, ["compute", str(folder), "--out", str(out)]).exit_code == 0
    before = current_run()
    contacts = pq.read_table(folder / "contacts.parquet")
    september = pc.equal(contacts["date"], pa.scalar(date(2024, 9, 2)))
    assert pc.sum(september).as_py() == 15
    kept = pc.or_(pc.invert(september), pc.less(contacts["contact_id"], 5))
    pq.write_table(contacts.filter(kept), folder / "contacts.parquet")
    result = runner.invoke(app, ["compute", str(folder), "--out", str(out)])
    assert result.exit_code == 1
    assert (
        "Körningen avbröts: datasetet har färre än hälften av den aktuella körningens rader i "
        "contacts 2024-09: 15 rader då, 4 nu: ett uttag som misslyckades? Ange "
        "--allow-shrink contacts om det är avsett"
    ) in result.output
    assert current_run() == before
    meant = ["compute", str(folder), "--out", str(out), "--allow-shrink", "contacts"]
    assert runner.invoke(app, meant).exit_code == 0, result.output
    assert current_run() != before
