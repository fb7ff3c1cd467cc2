"""``fardplan fhir import``: the dataset, the report on screen, a refusal with exit code 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from fardplan.cli.main import app
from tests.fhir.conftest import Exports

runner = CliRunner()


def test_it_imports_and_lists_what_could_not_be_mapped(exports: Exports, tmp_path: Path) -> None:
    source = tmp_path / "fhir"
    source.mkdir()
    for path in exports.fhir.iterdir():
        (source / path.name).write_bytes(path.read_bytes())
    with (source / "CarePlan.ndjson").open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    lines = len((source / "CarePlan.ndjson").read_text(encoding="utf-8").splitlines())
    out = tmp_path / "data"
    result = runner.invoke(
        app, ["fhir", "import", str(source), "--out", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Kunde inte mappas: 1 rader" in result.output
    assert f"CarePlan.ndjson:{lines}" in result.output
    assert "inte JSON" in result.output  # the reason in Swedish; the JSON report keeps English
    assert '"reason": "not JSON"' in (out / "fhir-import.json").read_text(encoding="utf-8")
    assert (out / "contacts.parquet").is_file() and (out / "fhir-import.json").is_file()


def test_it_refuses_a_folder_without_ndjson(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fhir", "import", str(tmp_path), "--out", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "FHIR-importen avvisades" in result.output
    assert not (tmp_path / "d").exists()
