"""Lines that cannot be mapped are reported by resource type and reason with file and line; the
rest of the import goes on, and nothing personal reaches the dataset or the report."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fardplan.contract import TABLES
from fardplan.fhir import REPORT_FILE, FhirImportError, Limits, Report, import_fhir
from fardplan.synth.writer import OutputExistsError
from tests.fhir.conftest import Exports

PNR = "19121212-1212"  # Skatteverket's test personnummer (valid Luhn)
NAME = "Tolvan Tolvansson"


def _first(folder: Path, resource: str, **where: str) -> dict[str, Any]:
    for line in (folder / f"{resource}.ndjson").read_text(encoding="utf-8").splitlines():
        value: dict[str, Any] = json.loads(line)
        if all(value.get(k, "").startswith(v) for k, v in where.items()):
            return value
    raise AssertionError(f"no {resource} with {where}")


def _append(folder: Path, name: str, *lines: str) -> list[int]:
    """Append ``lines`` to ``name``; return their line numbers."""
    path = folder / name
    before = len(path.read_bytes().splitlines()) if path.exists() else 0
    with path.open("a", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
    return list(range(before + 1, before + 1 + len(lines)))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Broken:
    """The export with bad lines appended; ``lines[label]`` is where each went."""

    def __init__(self, exports: Exports, root: Path) -> None:
        self.folder = root / "fhir"
        shutil.copytree(exports.fhir, self.folder)
        self.lines: dict[str, tuple[str, int]] = {}
        contact = _first(self.folder, "Encounter", id="c")
        patient = _first(self.folder, "Patient")
        organization = _first(self.folder, "Organization")

        def put(label: str, file: str, line: str) -> None:
            self.lines[label] = (file, _append(self.folder, file, line)[0])

        put("bad json", "Encounter.ndjson", '{"resourceType": "Encounter", "id": ')
        put("not an object", "Encounter.ndjson", "[1, 2]")
        put("unsupported", "Encounter.ndjson", '{"resourceType": "Observation", "id": "o1"}')
        put("wrong type", "CarePlan.ndjson", _dump(patient))
        lost = copy.deepcopy(contact)
        lost["identifier"][0]["value"] = "900000001"
        lost["subject"] = {"reference": "Patient/does-not-exist"}
        put("missing patient", "Encounter.ndjson", _dump(lost))
        nowhere = copy.deepcopy(contact)
        nowhere["identifier"][0]["value"] = "900000002"
        nowhere["serviceProvider"] = {"reference": "Organization/NOWHERE"}
        put("missing unit", "Encounter.ndjson", _dump(nowhere))
        tertiary = copy.deepcopy(contact)
        tertiary["type"][0]["coding"][0]["code"] = "tertiary"
        put("unknown care level", "Encounter.ndjson", _dump(tertiary))
        other = copy.deepcopy(patient)
        other["gender"] = "other"
        other["id"] = "gender-other"
        put("unknown gender", "Patient.ndjson", _dump(other))
        partial = copy.deepcopy(contact)
        partial["period"]["start"] = "2024-05"
        put("partial date", "Encounter.ndjson", _dump(partial))
        twice = copy.deepcopy(contact)  # the same contact id again
        put("duplicate key", "Encounter.ndjson", _dump(twice))
        named = copy.deepcopy(organization)
        named["id"] = "NAMED-UNIT"
        named["name"] = f"Mottagning {PNR}"
        put("personnummer", "Organization.ndjson", _dump(named))
        deep = '{"resourceType": "Encounter", "x": ' + "[" * 20 + "]" * 20 + "}"
        put("too deep", "Encounter.ndjson", deep)
        orphan = copy.deepcopy(_first(self.folder, "Condition"))
        orphan["id"] = "orphan"
        put("orphan condition", "Condition.ndjson", _dump(orphan))
        # A Patient as a source would send it: a name, a personnummer and the pseudonym.
        person = copy.deepcopy(patient)
        person["id"] = "named-person"
        person["identifier"] = [
            {"system": "urn:oid:1.2.752.129.2.1.3.1", "value": PNR.replace("-", "")},
            {"system": "https://fardplan.se/fhir/sid/person-pseudonym", "value": "4242"},
        ]
        person["name"] = [{"text": NAME, "family": "Tolvansson", "given": ["Tolvan"]}]
        person["telecom"] = [{"system": "phone", "value": "070-1234567"}]
        put("named person", "Patient.ndjson", _dump(person))


@pytest.fixture(scope="module")
def broken(
    exports: Exports, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Broken, Report, Path]:
    root = tmp_path_factory.mktemp("broken")
    data = Broken(exports, root)
    out = root / "data"
    # The generator's lines are under 2 kB; the long-line case needs a lower bound than that.
    limits = Limits(max_line_bytes=4096, max_depth=12)
    long_line = '{"resourceType": "Encounter", "x": "' + "a" * 5000 + '"}'
    data.lines["too long"] = (
        "Encounter.ndjson",
        _append(data.folder, "Encounter.ndjson", long_line)[0],
    )
    return data, import_fhir(data.folder, out, limits=limits), out


CASES = {
    "bad json": ("Encounter", "not JSON"),
    "not an object": ("Encounter", "not a JSON object"),
    "unsupported": ("Encounter", "unsupported resourceType"),
    "wrong type": ("CarePlan", "wrong resourceType for the file"),
    "missing patient": ("Encounter", "missing reference"),
    "missing unit": ("Encounter", "missing reference"),
    "unknown care level": ("Encounter", "unknown code"),
    "unknown gender": ("Patient", "unknown code"),
    "partial date": ("Encounter", "not a full date"),
    "duplicate key": ("Encounter", "duplicate key"),
    "personnummer": ("Organization", "holds a personal identity number"),
    "too long": ("Encounter", "line too long"),
    "too deep": ("Encounter", "nested too deeply"),
    "orphan condition": ("Condition", "not referenced by an Encounter"),
}


@pytest.mark.parametrize("label", list(CASES))
def test_each_bad_line_is_reported_with_file_and_line(
    broken: tuple[Broken, Report, Path], label: str
) -> None:
    data, report, _ = broken
    entry = report.unmapped[CASES[label]]
    file, line = data.lines[label]
    assert (file, line) in {(e.file, e.line) for e in entry.examples}, entry


def test_details_name_the_value_at_fault(broken: tuple[Broken, Report, Path]) -> None:
    _, report, _ = broken
    details = {e.detail for e in report.unmapped[("Encounter", "missing reference")].examples}
    assert "serviceProvider: Organization/NOWHERE" in details
    assert "subject: Patient" in details  # a patient's reference is never shown
    codes = {e.detail for e in report.unmapped[("Encounter", "unknown code")].examples}
    assert "type: 'tertiary'" in codes


def test_only_the_bad_lines_are_left_out(
    exports: Exports, broken: tuple[Broken, Report, Path]
) -> None:
    _, report, out = broken
    for table in TABLES:
        expected = pq.read_metadata(exports.parquet / f"{table}.parquet").num_rows
        extra = 2 if table == "population" else 0  # the named person's two years
        assert report.mapped[table] == expected + extra, table
    # The unsupported or unreadable lines are counted once each, nothing silently.
    assert report.unmapped_count == len(CASES)
    stored = json.loads((out / REPORT_FILE).read_text(encoding="utf-8"))
    assert sum(e["count"] for e in stored["unmapped"]) == len(CASES)


def test_no_personnummer_or_name_enters_the_dataset_or_report(
    broken: tuple[Broken, Report, Path],
) -> None:
    _, _, out = broken
    population = pq.read_table(out / "population.parquet")
    assert 4242 in population.column("person_id").to_pylist()
    text = " ".join(
        str(value)
        for table in TABLES
        for column in pq.read_table(out / f"{table}.parquet").columns
        if pa.types.is_string(column.type)
        for value in column.to_pylist()
    )
    for secret in (PNR, PNR.replace("-", ""), NAME, "Tolvansson", "070-1234567"):
        assert secret not in text
        assert secret not in (out / REPORT_FILE).read_text(encoding="utf-8")
    assert "NAMED-UNIT" not in pq.read_table(out / "units.parquet").column("unit_id").to_pylist()


def test_a_file_over_the_bound_refuses_the_import_before_writing(
    exports: Exports, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    with pytest.raises(FhirImportError, match=r"Condition\.ndjson is [\d,]+ bytes; at most 10,000"):
        import_fhir(exports.fhir, out, limits=Limits(max_file_bytes=10_000))
    assert not out.exists()


def test_a_folder_without_ndjson_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FhirImportError, match=r"holds no \.ndjson files"):
        import_fhir(tmp_path, tmp_path / "data")


def test_an_existing_dataset_is_not_overwritten_unasked(exports: Exports, tmp_path: Path) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        import_fhir(exports.fhir, out)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
