"""FHIR R4 bulk-data import into the care-data contract (docs/fhir.md).

Entry point: :func:`import_fhir`. The export side is the generator's
(:mod:`fardplan.synth.fhir`); the two share one profile, so an export imports back exactly.
"""

from fardplan.fhir.importer import REPORT_FILE, import_fhir
from fardplan.fhir.reader import FhirImportError, Limits
from fardplan.fhir.report import Report

__all__ = ["REPORT_FILE", "FhirImportError", "Limits", "Report", "import_fhir"]
