"""The age-standardised avoidable admissions: direct method, European Standard Population 2013;
the computed cells on every backend (``engine``)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from benchmarks import hand_sql

from fardplan.catalogue import load_catalogue
from fardplan.catalogue.standard import load_standard_population
from fardplan.engine import compute
from fardplan.engine.cells import standard_bands
from tests.engine.builder import Dataset
from tests.engine.cells import cell
from tests.engine.engines import Engine

STD = "avoidable_admissions_std"
CRUDE = "avoidable_admissions"


def chronic(d: Dataset, person_id: int, day: int) -> Dataset:
    on = date(2024, 3, day)
    return d.admission(person_id, on, on, main_diagnosis="I509")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> pa.Table:
    # Two women of 30 (one admitted once), a woman of 70 (none), a man of 82 (admitted twice).
    d = Dataset()
    d.person(1, 2024, born=1994).person(2, 2024, born=1994).person(3, 2024, born=1954)
    d.person(4, 2024, born=1942, sex="M")
    d.person(5, 2024, born=2010, municipality="2481")  # nobody of 20 or over in Lycksele
    chronic(d, 1, 4)
    d.contact(1, date(2024, 5, 2))  # the data runs into May
    chronic(chronic(d, 4, 10), 4, 20)
    folder: Path = d.write(tmp_path_factory.mktemp("standardised"))
    return engine.compute(folder, indicator_ids=[CRUDE, STD]).results


# ESP 2013 weights: 30–34 6 500, 70–74 5 000, 80–84 2 500. Band rates 1/2, 0/1 and 2/1.
ALL = (6500 * 1 / 2 + 5000 * 0 + 2500 * 2) / (6500 + 5000 + 2500) * 100_000


@pytest.mark.parametrize(
    ("sex", "age", "value"),
    [
        ("T", "all", ALL),
        ("K", "all", (6500 * 1 / 2 + 5000 * 0) / (6500 + 5000) * 100_000),
        ("M", "all", 2 * 100_000),
        ("T", "20-64", 1 / 2 * 100_000),  # standardised within the band: one band inside
        ("T", "65-79", 0.0),
        ("T", "80+", 2 * 100_000),
    ],
)
def test_the_value_weights_each_bands_rate_by_the_standard(
    results: pa.Table, sex: str, age: str, value: float
) -> None:
    assert cell(results, STD, "2024", sex=sex, age=age)["value"] == pytest.approx(value)


def test_numerator_and_denominator_are_the_crude_counts(results: pa.Table) -> None:
    for period in ("2024", "2024-03"):
        std, crude = cell(results, STD, period), cell(results, CRUDE, period)
        assert (std["numerator"], std["denominator"]) == (crude["numerator"], crude["denominator"])
        assert (std["numerator"], std["denominator"]) == (3, 4)
    assert cell(results, CRUDE, "2024")["value"] == pytest.approx(3 / 4 * 100_000)
    assert cell(results, STD, "2024-03")["value"] == pytest.approx(ALL)


def test_regions_and_months_are_standardised_like_municipalities(results: pa.Table) -> None:
    assert cell(results, STD, "2024", area="0024")["value"] == pytest.approx(ALL)
    # No admission in April: every band's rate is 0, and so is the value.
    assert cell(results, STD, "2024-04")["value"] == 0.0


def test_a_cell_without_persons_has_no_value(results: pa.Table) -> None:
    empty = cell(results, STD, "2024", area="2481")
    assert (empty["numerator"], empty["denominator"], empty["value"]) == (0, 0, None)


def test_the_standard_bands_fit_the_indicators_age_bands() -> None:
    indicator = load_catalogue().get(STD)
    found = standard_bands(indicator)
    assert [label for label, *_ in found][:2] == ["20-24", "25-29"]
    assert {band for *_, band in found} == {"20-64", "65-79", "80+"}
    assert sum(weight for _, _, _, weight, _ in found) == 100_000 - 5000 - 5500 * 3


def test_the_standard_population_is_the_esp_2013() -> None:
    standard = load_standard_population("esp2013")
    assert sum(band.weight for band in standard.bands) == 100_000
    assert standard.bands[-1].label == "95+"


def test_a_standard_band_cut_by_the_indicators_ages_is_refused() -> None:
    with pytest.raises(ValueError, match="ages 18\\+ cut band 15-19"):
        load_standard_population("esp2013").within(18, None)


def test_the_benchmarks_hand_written_query_gives_the_same_cells(tmp_path: Path) -> None:
    # An independent implementation: one DuckDB query with GROUPING SETS (benchmarks/). On
    # DuckDB only: Spark's cells equal DuckDB's (``results`` above, test_backends.py).
    rng = random.Random(3)
    d = Dataset()
    for person_id in range(1, 121):
        municipality = "2480" if person_id <= 60 else "2481"
        born, sex = rng.randint(1925, 2005), rng.choice("KM")
        d.person(person_id, 2024, born=born, sex=sex, municipality=municipality)
    for _ in range(150):
        on = date(2024, rng.randint(1, 12), rng.randint(1, 28))
        diagnosis, acute = rng.choice(["I509", "J45", "S720"]), rng.random() < 0.8
        d.admission(rng.randint(1, 120), on, on, main_diagnosis=diagnosis, acute=acute)
    folder = d.write(tmp_path)
    computed = {
        (row["period"], row["area_code"], row["sex"], row["age_group"]): row
        for row in compute(folder, indicator_ids=[STD]).results.to_pylist()
    }
    num, den, factor, low, high = hand_sql.queries(str(folder))[STD]
    sql = hand_sql.STANDARDISED.format(
        weights=hand_sql._weights("esp2013"),
        pop=hand_sql.POP.format(d=folder),
        num=num,
        den=den,
        band=hand_sql._band(low),
        low=low,
        high=high,
        id=STD,
        factor=factor,
    )
    hand = duckdb.connect().sql(sql).to_arrow_table().to_pylist()
    assert len(hand) == len(computed)  # no Sweden cells: a two-municipality population
    for row in hand:
        mine = computed[(row["period"], row["area_code"], row["sex"], row["age_group"])]
        assert (mine["numerator"], mine["denominator"]) == (row["numerator"], row["denominator"])
        assert mine["value"] == pytest.approx(row["value"], rel=1e-9), row
