"""The indicator engine: validate a care-data dataset, compute the catalogue, suppress, store.

Entry points: :func:`compute` (a whole run), :func:`suppress_cells` and :func:`publish`
(röjandeskydd), :func:`latest_results` (the analytics store's current run).
"""

from fardplan.engine.errors import DatasetError, Violation
from fardplan.engine.run import Run, compute
from fardplan.engine.schema import RESULT_SCHEMA
from fardplan.engine.suppression import publish, suppress_cells
from fardplan.engine.validation import DataQualityReport

__all__ = [
    "RESULT_SCHEMA",
    "DataQualityReport",
    "DatasetError",
    "Run",
    "Violation",
    "compute",
    "publish",
    "suppress_cells",
]
