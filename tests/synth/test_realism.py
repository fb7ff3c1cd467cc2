"""The features that make the data look real: seasons, trends, variation between
municipalities, ageing, and pseudonyms that never collide."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from fardplan.reference.sweden import municipalities
from fardplan.synth.context import municipality_factors
from fardplan.synth.people import pseudonyms
from fardplan.synth.rates import load_rates


def _con(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("population", "contacts", "admissions"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM '{folder}/{name}.parquet'")
    return con


def test_it_peaks_emergency_visits_in_winter_and_dips_primary_care_in_july(
    small_dataset: Path,
) -> None:
    rows = (
        _con(small_dataset)
        .execute("""
        SELECT month(date), count(*) FILTER (care_level = 'emergency'),
               count(*) FILTER (care_level = 'primary')
        FROM contacts GROUP BY 1 ORDER BY 1""")
        .fetchall()
    )
    emergency = {m: e for m, e, _ in rows}
    primary = {m: p for m, _, p in rows}
    assert emergency[1] > 1.3 * emergency[7]
    assert primary[7] < 0.7 * min(primary[m] for m in (3, 9, 10))


def test_it_grows_digital_contacts_from_year_to_year(small_dataset: Path) -> None:
    rows = (
        _con(small_dataset)
        .execute("""
        SELECT year(date), count(*) FROM contacts WHERE mode = 'digital' GROUP BY 1 ORDER BY 1
    """)
        .fetchall()
    )
    assert rows[1][1] > 1.05 * rows[0][1]


def test_it_ages_everyone_by_one_year(small_dataset: Path) -> None:
    row = (
        _con(small_dataset)
        .execute("""
        SELECT count(*), count(*) FILTER (a.birth_date <> b.birth_date OR a.sex <> b.sex)
        FROM population a JOIN population b USING (person_id)
        WHERE a.year = 2023 AND b.year = 2024""")
        .fetchone()
    )
    assert row is not None
    stayed, changed = row
    persons = (
        _con(small_dataset).execute("SELECT count(*) FROM population WHERE year = 2023").fetchone()
    )
    assert persons is not None and 0.95 * persons[0] < stayed < persons[0]  # some die or move
    assert changed == 0


def test_it_varies_between_municipalities() -> None:
    rates = load_rates()
    factors = np.asarray(
        [municipality_factors(rates, 7, int(m.code))["specialist"] for m in municipalities()]
    )
    assert abs(factors.mean() - 1) < 0.03  # no bias on the national level
    assert 0.1 < factors.std() < 0.2  # rates.yaml: municipality_sigma 0.15


@given(
    st.lists(st.integers(0, 2**31 - 1), min_size=1, max_size=200, unique=True),
    st.integers(114, 2584),
    st.integers(0, 2**31),
)
def test_it_never_gives_two_persons_the_same_pseudonym(
    serials: list[int], municipality: int, seed: int
) -> None:
    ids = pseudonyms(np.asarray(serials, dtype=np.int64), municipality, seed)
    other = pseudonyms(np.asarray(serials, dtype=np.int64), municipality + 1, seed)
    assert len(set(ids.tolist()) | set(other.tolist())) == 2 * len(serials)
    assert (ids >= 0).all()  # 62-bit values: always a non-negative int64


def test_it_moves_people_between_municipalities_of_a_county(small_dataset: Path) -> None:
    con = _con(small_dataset)
    con.execute(f"CREATE VIEW units AS SELECT * FROM '{small_dataset}/units.parquet'")
    row = con.execute("""
        SELECT count(*), count(*) FILTER (left(b.municipality_code, 2) <> '24'),
               count(*) FILTER (u.municipality_code <> b.municipality_code)
        FROM population a JOIN population b USING (person_id)
        LEFT JOIN units u ON u.unit_id = b.listed_unit_id
        WHERE a.year = 2023 AND b.year = 2024 AND a.municipality_code <> b.municipality_code
    """).fetchone()
    assert row is not None
    moved, outside_county, listed_elsewhere = row
    assert moved > 10  # about 2 % of the people move within the county in a year
    assert outside_county == 0 and listed_elsewhere == 0


def test_it_follows_each_municipalitys_real_population(small_dataset: Path) -> None:
    from fardplan.synth.demography import target_total

    rows = (
        _con(small_dataset)
        .execute("SELECT year, municipality_code, count(*) FROM population GROUP BY ALL")
        .fetchall()
    )
    for year, code, count in rows:
        expected = target_total(code, year, 0.02)
        if year == 2023:
            assert count == expected, code  # the first year is drawn to the exact total
        else:
            # later years: births, deaths and moves land near it (in-movers fill any gap)
            assert expected <= count <= expected * 1.05 + 5, (code, count, expected)
