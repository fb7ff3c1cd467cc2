"""On synthetic data with one injected effect, ``fardplan signals`` flags the changed
municipality and hardly any unchanged one (docs/followup.md has the wider check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fardplan.cli.main import app
from fardplan.engine import compute
from fardplan.engine.store import save_run
from fardplan.synth import generate, parse_effect

FLAGGED = {"improvement", "deterioration", "special_cause"}


@pytest.mark.slow
def test_signals_flag_the_injected_improvement_and_hardly_any_unchanged_municipality(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Piteå's emergency visits of people 80+ fall by 30 % from September 2024 (Norrbotten,
    # full scale: about 25 s).
    effect = parse_effect("2581:emergency_visits_80:-30%:2024-09")
    data = tmp_path / "data"
    generate(data, counties=["25"], years=[2023, 2024, 2025], scale=1.0, seed=5, effects=[effect])
    store = tmp_path / "analytics.duckdb"
    monkeypatch.setenv("FARDPLAN_ANALYTICS_DB", str(store))
    save_run(compute(data), store)
    result = CliRunner().invoke(
        app, ["signals", "--indicator", "emergency_visits_80", "--county", "25", "--json"]
    )
    assert result.exit_code == 0, result.output
    found = {row["area_code"]: row for row in json.loads(result.output)}
    assert found["2581"]["assessment"] == "improvement"
    assert found["2581"]["runs_signal"]
    assert not {"numerator", "denominator", "value"} & set(found["2581"])  # no counts
    unchanged = [row for code, row in found.items() if code != "2581" and code != "0025"]
    assert len(unchanged) == 13
    assert sum(row["assessment"] in FLAGGED for row in unchanged) <= 2
