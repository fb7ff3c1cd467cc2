from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from fardplan.engine.store import current_run, latest_results
from fardplan.web.organisations.models import County, Organisation
from fardplan.web.site import demo
from fardplan.web.site.demo import demo_steps


def test_it_loads_organisations_after_the_schema() -> None:
    labels = [label for label, _step in demo_steps()]
    assert labels[:2] == [
        "Creating the database schema",
        "Loading regions, municipalities and example organisations",
    ]


@pytest.mark.django_db
def test_it_runs_the_organisations_step_twice_without_duplicates() -> None:
    step = dict(demo_steps())["Loading regions, municipalities and example organisations"]
    step()
    step()
    assert County.objects.count() == 21
    assert Organisation.objects.filter(kind="municipality").count() == 290


def test_it_generates_the_care_data_once_for_the_same_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_DATA_DIR", str(tmp_path))
    small = demo.CareDataParameters(counties=("25",), years=(2024,), scale=0.01, effects=())
    monkeypatch.setattr(demo, "DEMO_CARE_DATA", small)
    step = dict(demo_steps())["Generating synthetic care data for the three counties"]

    step()
    contacts = tmp_path / "care-data" / "contacts.parquet"
    first = contacts.stat().st_mtime_ns
    assert pq.read_table(contacts).num_rows > 0
    step()
    assert contacts.stat().st_mtime_ns == first

    monkeypatch.setattr(demo, "DEMO_CARE_DATA", replace(small, seed=8))
    step()
    assert contacts.stat().st_mtime_ns != first


def test_it_computes_the_indicators_once_per_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_DATA_DIR", str(tmp_path))
    small = demo.CareDataParameters(counties=("25",), years=(2024,), scale=0.01, effects=())
    monkeypatch.setattr(demo, "DEMO_CARE_DATA", small)
    steps = dict(demo_steps())
    steps["Generating synthetic care data for the three counties"]()

    steps["Computing the indicators (DuckDB)"]()
    first = current_run()
    assert first is not None
    assert latest_results().num_rows > 0
    steps["Computing the indicators (DuckDB)"]()
    assert current_run() == first
