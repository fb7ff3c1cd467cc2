"""Refresh fixtures: the engine's hand-made world as the care data, the recorded Kolada."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from fardplan.refresh import RefreshSettings
from fardplan.sources.kolada_replay import serve_recording
from tests.engine.world import world


@pytest.fixture
def care_data(tmp_path: Path) -> Path:
    return world().write(tmp_path / "care")


@pytest.fixture
def kolada() -> Iterator[str]:
    with serve_recording() as base:
        yield base


@pytest.fixture
def settings(tmp_path: Path, care_data: Path, kolada: str) -> RefreshSettings:
    return RefreshSettings(
        counties=("25",),
        kpis=("U79133", "U79092"),
        years=(2022, 2023),
        care_data_dir=care_data,
        time_limit_minutes=10,
        analytics_path=tmp_path / "store" / "analytics.duckdb",
        kolada_base_url=kolada,
        kolada_min_interval=0,
        kolada_retries=1,
        kolada_backoff=0,
    )


def with_kolada(settings: RefreshSettings, base: str) -> RefreshSettings:
    return replace(settings, kolada_base_url=base)
