"""One small synthetic county exported both ways (Parquet and FHIR NDJSON), shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from fardplan.synth import generate

ARGS = {"counties": ["23"], "years": [2023, 2024], "scale": 0.003, "seed": 5}


@dataclass(frozen=True)
class Exports:
    parquet: Path
    fhir: Path


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    root = tmp_path_factory.mktemp("fhir-exports")
    generate(root / "parquet", **ARGS)  # type: ignore[arg-type]
    generate(root / "fhir", fmt="fhir", **ARGS)  # type: ignore[arg-type]
    return Exports(root / "parquet", root / "fhir")
