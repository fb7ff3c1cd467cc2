"""Synthetic national care data that follows the care-data contract (shared spec care-data.md).

Entry point: :func:`generate`. Rates and their sources: ``rates.yaml``. Calibration check:
:func:`fardplan.synth.report.calibration`.
"""

from fardplan.synth.effects import SUPPORTED, Effect, EffectError, parse_effect
from fardplan.synth.generate import FORMATS, Summary, SynthError, generate

__all__ = [
    "FORMATS",
    "SUPPORTED",
    "Effect",
    "EffectError",
    "Summary",
    "SynthError",
    "generate",
    "parse_effect",
]
