"""Exports of engine results. Every export writes the published (suppressed) form only.

Suppression is applied again on export, whatever the ``suppressed`` flag of the table says:
a results file can be edited, and a flag set to false must not publish a small number.
Text cells are made safe to open in a spreadsheet (``safe``).

:func:`export` writes one of ``FORMATS`` to a file, atomically (a temporary file renamed into
place, so a failed export leaves no half-written file).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from fardplan.catalogue import Catalogue, load_catalogue
from fardplan.engine.exports.kolada import write_kolada
from fardplan.engine.exports.measure_report import write_measure_report
from fardplan.engine.exports.safe import safe_columns
from fardplan.engine.exports.tabular import write_csv, write_csv_sv, write_xlsx
from fardplan.engine.suppression import publish, suppress_cells

Writer = Callable[[pa.Table, Path, Catalogue], None]
FORMATS: dict[str, Writer] = {
    "csv": write_csv,
    "csv-sv": write_csv_sv,
    "xlsx": write_xlsx,
    "measurereport": write_measure_report,
    "kolada": write_kolada,
}


def export(table: pa.Table, fmt: str, out: Path, catalogue: Catalogue | None = None) -> Path:
    """Write the published form of ``table`` as ``fmt`` to ``out`` and return ``out``.

    Raises ``ValueError`` naming the format when it is not one of ``FORMATS``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    catalogue = catalogue or load_catalogue()
    published = safe_columns(publish(suppressed_again(table, catalogue), catalogue))
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        FORMATS[fmt](published, Path(temporary), catalogue)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out


def suppressed_again(table: pa.Table, catalogue: Catalogue) -> pa.Table:
    """Return ``table`` with suppression applied again by the engine's own rules.

    The stored flags are kept (suppression only adds), a cell whose numerator is already
    blank (a published file) counts as suppressed, and the primary and secondary rules run
    on the numbers the table holds.
    """
    blank = pc.is_null(table["numerator"])
    if "suppressed" in table.column_names:
        flags = pc.or_(pc.fill_null(table["suppressed"], True), blank)
        table = table.set_column(table.column_names.index("suppressed"), "suppressed", flags)
    else:
        table = table.append_column("suppressed", blank)
    return suppress_cells(table, catalogue)


__all__ = ["FORMATS", "export", "suppressed_again"]
