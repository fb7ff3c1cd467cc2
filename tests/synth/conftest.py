"""A small dataset shared by the synth tests (one county, 2 % of its people, two years)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fardplan.synth import generate


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "small"
    generate(out, counties=["24"], years=[2023, 2024], scale=0.02, seed=7)
    return out
