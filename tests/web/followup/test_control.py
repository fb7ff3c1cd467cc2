"""The monthly control chart of the indicator page: the analysis of fardplan.spc, the
choices a user makes through the query string, the assessment in words, a valid spec."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pytest
from django.test import Client

from fardplan.engine.store import save_run
from tests.web.followup.runs import LULEA, hand_run

pytestmark = pytest.mark.django_db
SERIES = f"/uppfoljning/indikatorer/avoidable_admissions/{LULEA}/"
SPEC = re.compile(r'<script id="spec-months" type="application/json">(.*?)</script>', re.S)


def spec_of(page: str) -> dict[str, object]:
    found = SPEC.search(page)
    assert found is not None
    spec: dict[str, object] = json.loads(found.group(1))
    return spec


def test_the_default_chart_fits_the_indicator_and_is_valid_vega_lite(
    client: Client, stored: Path
) -> None:
    page = client.get(SERIES).content.decode()
    spec = spec_of(page)
    alt.LayerChart.from_dict(spec, validate=True)  # raises on a spec Vega-Lite refuses
    assert "u′-diagram (antal per invånare, Laney)" in str(spec["description"])
    rows = spec["datasets"]["series"]  # type: ignore[index]
    assert all(r["centre"] is not None for r in rows if r["value"] is not None)
    # One year of months: too short for a seasonal pattern, and the page says so.
    assert "Inte säsongsjusterat" in page
    assert 'class="assessment assessment--' in page


def test_a_run_chart_has_a_median_and_no_limits(client: Client, stored: Path) -> None:
    page = client.get(SERIES, {"chart": "run"}).content.decode()
    spec = spec_of(page)
    assert "Seriediagram (median)" in str(spec["description"])
    assert "mittlinjen är medianen" in page
    rows = spec["datasets"]["series"]  # type: ignore[index]
    assert {r["upper"] for r in rows} == {None}


def test_a_baseline_and_a_break_are_applied_and_explained(client: Client, stored: Path) -> None:
    page = client.get(SERIES, {"freeze": "10", "brk": "2024-05"}).content.decode()
    assert "från de första 10 månaderna" in page
    assert "Ny period från 2024-05" in page
    rows = spec_of(page)["datasets"]["series"]  # type: ignore[index]
    centres = {r["period"]: r["centre"] for r in rows}
    assert centres["2024-01"] != centres["2024-08"]


def test_invalid_settings_fall_back_to_the_defaults_and_say_so(
    client: Client, stored: Path
) -> None:
    page = client.get(SERIES, {"freeze": "2", "chart": "pie", "brk": "1999-01"}).content.decode()
    assert "Ett val var inte giltigt" in page
    assert "u′-diagram (antal per invånare, Laney)" in str(spec_of(page)["description"])
    assert "Ny period från 1999" not in page and "varje period har egen mittlinje" not in page


def test_a_yearly_indicator_says_it_cannot_be_judged(client: Client, store: Path) -> None:
    cells = [
        ("named_physician", str(year), LULEA, "T", "all", 30.0 + year % 3, 100, 30.0, False)
        for year in (2023, 2024, 2025)
    ]
    save_run(hand_run(cells), store)
    page = client.get(f"/uppfoljning/indikatorer/named_physician/{LULEA}/").content.decode()
    assert "Bara årsvärden: för få för en bedömning" in page
    assert "spec-months" not in page and "månadsdiagrammet" not in page


def test_a_series_of_zeros_is_not_called_ordinary_variation(client: Client, store: Path) -> None:
    cells = [
        ("avoidable_admissions", f"2024-{m:02}", LULEA, "T", "all", 0.0, 500, 0.0, False)
        for m in range(1, 13)
    ]
    save_run(hand_run(cells), store)
    page = client.get(SERIES).content.decode()
    assert "Inga fall under perioden" in page and "vanlig variation" not in page


def test_the_points_of_a_long_run_are_coloured_as_the_assessment_reads_them(
    client: Client, store: Path
) -> None:
    # A baseline alternating around 55 per 100 000, then a year just below it: no point
    # outside the limits, but a run of 12 where 24 useful points allow 8.
    numbers = [45.0, 65.0] * 6 + [52.0] * 12
    cells = [
        (
            "avoidable_admissions", f"{2024 + i // 12}-{i % 12 + 1:02}", LULEA, "T", "all",
            n, 100_000, n, False,
        )
        for i, n in enumerate(numbers)
    ]  # fmt: skip
    save_run(hand_run(cells), store)
    page = client.get(SERIES, {"freeze": "12", "seasonal": "off"}).content.decode()
    rows = spec_of(page)["datasets"]["series"]  # type: ignore[index]
    signals = {r["period"]: (r["signal"], r["signal_label"]) for r in rows}
    assert {signals[f"2025-{m:02}"] for m in range(1, 13)} == {("improvement", "Förbättring")}
    assert {signals[f"2024-{m:02}"][0] for m in range(1, 13)} == {"common_cause"}
    assert all(r["lower"] < r["value"] < r["upper"] for r in rows)  # a run, not a limit
