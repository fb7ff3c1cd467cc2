"""``fardplan fhir import``: FHIR R4 bulk NDJSON into a care-data dataset (docs/fhir.md).

Two passes, neither holding the data in memory: every line is read, parsed and mapped to
staging rows written in bounded batches (:mod:`fardplan.fhir.staging`); then DuckDB resolves the
references on disk and writes the contract's six tables (:mod:`fardplan.fhir.resolve`). The
dataset appears only when the whole import succeeded; the report of what could not be mapped is
written beside the tables as ``fhir-import.json``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from fardplan.fhir.mapping import MAPPERS, Unmapped
from fardplan.fhir.reader import Limits, ndjson_files, read_lines
from fardplan.fhir.report import Report
from fardplan.fhir.resolve import resolve
from fardplan.fhir.staging import Staging
from fardplan.synth.writer import atomic_folder

REPORT_FILE = "fhir-import.json"
Progress = Callable[[str, int, int], None]  # (what is being done, bytes done, bytes in all)
TICK = 1 << 22  # report progress every 4 MiB read


def import_fhir(
    source: Path | str,
    out: Path | str,
    *,
    limits: Limits = Limits(),  # noqa: B008 (frozen: one shared default is safe)
    overwrite: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Import the ``*.ndjson`` files of ``source`` into a dataset at ``out``; return the report.

    Raises :class:`~fardplan.fhir.reader.FhirImportError` (no files, a file over the bound) or
    :class:`~fardplan.synth.writer.OutputExistsError` before anything is written.
    """
    files = ndjson_files(Path(source), limits)
    total = sum(path.stat().st_size for path in files)
    report = Report()
    with atomic_folder(Path(out), overwrite) as folder:
        scratch = folder / "_staging"
        scratch.mkdir()
        staging = Staging(scratch)
        started = time.perf_counter()
        try:
            done = 0
            for path in files:
                done = _read_file(path, staging, report, limits, done, total, progress)
        finally:
            staging.close()
        report.seconds["read"] = time.perf_counter() - started
        if progress:
            progress("Löser referenser", total, total)
        resolve(scratch, folder, report)
        report.seconds["resolve"] = time.perf_counter() - started - report.seconds["read"]
        shutil.rmtree(scratch)
        text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
        (folder / REPORT_FILE).write_text(text + "\n", encoding="utf-8")
    return report


def _file_resource(path: Path) -> str | None:
    """Return the resource type a bulk-data file is named for (``Patient.ndjson``,
    ``Patient.001.ndjson``, ``Patient_2.ndjson``), or None."""
    stem = path.name.split(".")[0].split("_")[0]
    return stem if stem in MAPPERS else None


def _read_file(
    path: Path,
    staging: Staging,
    report: Report,
    limits: Limits,
    before: int,
    total: int,
    progress: Progress | None,
) -> int:
    expected = _file_resource(path)
    name, last_tick = path.name, 0
    read = 0
    for line, read in read_lines(path, limits):
        report.lines += 1
        if progress and read - last_tick >= TICK:
            progress(name, before + read, total)
            last_tick = read
        resource = expected or "?"
        if line.resource is None:
            report.add(resource, line.problem, name, line.number, line.detail)
            continue
        kind = line.resource.get("resourceType")
        mapper = MAPPERS.get(kind) if isinstance(kind, str) else None
        if mapper is None:
            report.add(resource, "unsupported resourceType", name, line.number, f"{kind!r}"[:100])
            continue
        if expected is not None and kind != expected:
            report.add(expected, "wrong resourceType for the file", name, line.number, str(kind))
            continue
        try:
            rows = list(mapper(line.resource))
        except Unmapped as problem:
            report.add(str(kind), problem.reason, name, line.number, problem.detail[:200])
            continue
        for table, row in rows:
            staging.add(table, row, name, line.number)
    if progress:
        progress(name, before + read, total)
    return before + path.stat().st_size
