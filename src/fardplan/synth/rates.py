"""The generator's rates, read from ``rates.yaml`` (each figure's source is noted there)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from fardplan.synth.types import FloatArray, IntArray


class Rates:
    """Typed access to ``rates.yaml``; paths are dotted keys such as ``"contacts.primary.rate"``.

    A missing key or a band list of the wrong length raises ``KeyError`` / ``ValueError`` naming
    the key, so a broken rates file fails at start, not halfway through a run.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.band_edges: IntArray = np.asarray(data["age_bands"], dtype=np.int64)

    def raw(self, path: str) -> Any:
        node: Any = self._data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                raise KeyError(f"rates.yaml: missing key {path!r} (at {key!r})")
            node = node[key]
        return node

    def value(self, path: str) -> float:
        return float(self.raw(path))

    def mapping(self, path: str) -> dict[str, float]:
        return {str(k): float(v) for k, v in self.raw(path).items()}

    def pair(self, path: str) -> tuple[float, float]:
        low, high = self.raw(path)
        return float(low), float(high)

    def bands(self, path: str) -> FloatArray:
        """Return one value per age band; raises ``ValueError`` if the list has the wrong length."""
        values = np.asarray(self.raw(path), dtype=np.float64)
        if values.shape != self.band_edges.shape:
            raise ValueError(
                f"rates.yaml: {path} has {values.size} values, expected {self.band_edges.size}"
            )
        return values

    def band_of(self, ages: IntArray) -> IntArray:
        """Return the band index (0 …) of each age; ages below 0 are clipped to band 0."""
        return np.clip(np.searchsorted(self.band_edges, ages, side="right") - 1, 0, None)


@cache
def load_rates() -> Rates:
    """Return the shipped rates (parsed once per process)."""
    text = (resources.files("fardplan.synth") / "rates.yaml").read_text(encoding="utf-8")
    return Rates(yaml.safe_load(text))
