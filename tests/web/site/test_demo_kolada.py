"""The demo fills the imported indicators from its recording of Kolada, served on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from fardplan.sources.imported import imported_batches, imported_for
from fardplan.web.site import demo
from fardplan.web.site.demo import IMPORT_STEP, demo_steps


def test_it_fetches_every_imported_indicator_for_the_demo_counties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FARDPLAN_DATA_DIR", str(tmp_path))
    step = dict(demo_steps())[IMPORT_STEP]
    step()
    rows = imported_for()
    assert {row.value.indicator_id for row in rows} == {
        "kolada_u70447", "kolada_u71458", "kolada_n79173", "kolada_u79133", "kolada_u79092",
    }  # fmt: skip
    regions = {row.value.area_code for row in rows if row.value.area_code.startswith("00")}
    assert regions == {"0000", "0022", "0024", "0025"}
    assert len(imported_batches()) == 5 * len(demo.DEMO_CARE_DATA.counties)
    step()  # again: the same values, nothing changed
    latest = imported_batches(limit=15)
    assert not any(batch.summary.changed_anything for batch in latest)
