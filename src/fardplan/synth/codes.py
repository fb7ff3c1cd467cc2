"""Code lists: diagnoses (ICD-10-SE, no dot) and the categorical values of the contract."""

from __future__ import annotations

import numpy as np

from fardplan.synth.types import FloatArray, IntArray

CARE_LEVELS = ("primary", "specialist", "emergency", "municipal")
PROFESSIONS = ("physician", "nurse", "other")
MODES = ("in_person", "digital", "home_visit", "phone")

# Diagnoses by setting, with relative weights [assumption: common codes of each setting]. The
# lists keep the value set acsc_chronic (I50, J43–J46, E10–E14) and F codes out of the general
# lists, so that those indicators are driven only by their own streams.
DIAGNOSES: dict[str, dict[str, float]] = {
    "primary": {
        "J069": 10,
        "M545": 8,
        "I109": 9,
        "Z000": 6,
        "R509": 4,
        "L309": 4,
        "N390": 5,
        "M255": 4,
        "R51": 3,
        "K590": 3,
        "H101": 2,
        "M796": 4,
        "R05": 5,
        "Z760": 4,
        "R529": 3,
    },
    "specialist": {
        "I489": 8,
        "I209": 6,
        "C509": 4,
        "M171": 5,
        "H269": 5,
        "K802": 3,
        "N40": 4,
        "C61": 4,
        "Z098": 10,
        "G409": 3,
        "M069": 4,
        "H353": 4,
        "I259": 5,
        "K509": 2,
        "D509": 3,
    },
    "emergency": {
        "R074": 9,
        "R104": 8,
        "S525": 4,
        "S018": 5,
        "J189": 6,
        "I489": 4,
        "R55": 5,
        "T784": 2,
        "S720": 3,
        "N390": 4,
        "R060": 5,
        "S934": 4,
        "R42": 3,
    },
    "mental": {
        "F329": 10,
        "F419": 10,
        "F900": 8,
        "F840": 4,
        "F431": 6,
        "F321": 5,
        "F509": 2,
        "F200": 2,
        "F102": 3,
        "F331": 4,
    },
    "admission": {
        "J189": 8,
        "S720": 6,
        "I214": 6,
        "I639": 5,
        "K359": 4,
        "N390": 5,
        "A419": 5,
        "I489": 5,
        "K566": 3,
        "C189": 3,
        "Z515": 4,
        "R074": 4,
        "K922": 2,
        "M169": 3,
        "T814": 2,
    },
    "acsc": {
        "I500": 14,
        "I509": 10,
        "J441": 14,
        "J449": 8,
        "J459": 5,
        "J46": 1,
        "E119": 6,
        "E109": 3,
        "E110": 2,
        "E149": 1,
        "J439": 1,
    },
}
ALL_DIAGNOSES: tuple[str, ...] = tuple(sorted({c for codes in DIAGNOSES.values() for c in codes}))
_INDEX = {code: i for i, code in enumerate(ALL_DIAGNOSES)}


def draw_diagnoses(rng: np.random.Generator, setting: str, n: int) -> IntArray:
    """Return ``n`` indices into :data:`ALL_DIAGNOSES`, drawn by the setting's weights."""
    codes = DIAGNOSES[setting]
    weights: FloatArray = np.asarray(list(codes.values()))
    indices = np.asarray([_INDEX[c] for c in codes], dtype=np.int64)
    result: IntArray = indices[rng.choice(indices.size, size=n, p=weights / weights.sum())]
    return result


def draw_categories(
    rng: np.random.Generator, shares: dict[str, float], values: tuple[str, ...], n: int
) -> IntArray:
    """Return ``n`` indices into ``values`` drawn with ``shares`` (keys are values' names)."""
    probs = np.asarray([shares.get(v, 0.0) for v in values])
    result: IntArray = rng.choice(len(values), size=n, p=probs / probs.sum()).astype(np.int64)
    return result
