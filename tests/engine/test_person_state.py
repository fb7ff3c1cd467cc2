"""Per-person measures extended by new rows: the change equals recomputing from every row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ibis
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from fardplan.catalogue import Count
from fardplan.engine.measures.per_person import person_totals, person_values
from fardplan.engine.person_state import changed_values, increments, summed

COUNTS = [
    Count(
        measure="continuity_index",
        table="contacts",
        date="date",
        clinician="clinician_id",
        min_events=3,
    ),
    Count(measure="persons_with_events", table="contacts", date="date", min_events=2),
]
GRAIN = ("person_id", "year", "period", "clinician_id")
SCHEMA = pa.schema(
    {
        "person_id": pa.int64(),
        "year": pa.int64(),
        "period": pa.string(),
        "clinician_id": pa.string(),
        "n0": pa.int64(),
        "n1": pa.int64(),
    }
)

# Per (person, clinician): the rows each count keeps, old and new (0 = no such pair).
pairs = st.dictionaries(
    st.tuples(st.integers(1, 6), st.sampled_from(["a", "b", "c", None])),
    st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)),
    max_size=14,
)


def _table(rows: dict[Any, tuple[int, ...]], new: bool) -> pa.Table:
    listed = [
        {
            "person_id": person,
            "year": 2024,
            "period": "2024",
            "clinician_id": clinician,
            # COC rows are a subset of the rows a person is counted by, as with filters.
            "n0": min(counts[2 if new else 0], counts[3 if new else 1]),
            "n1": counts[3 if new else 1],
        }
        for (person, clinician), counts in rows.items()
        if counts[3 if new else 1]
    ]
    return pa.Table.from_pylist(listed, schema=SCHEMA)


def _values(counts: ibis.Table) -> dict[int, tuple[Decimal, ...]]:
    totals = person_totals(counts, COUNTS)
    values = totals.select("person_id", **person_values(totals, COUNTS)).to_pyarrow()
    return {row.pop("person_id"): tuple(row.values()) for row in values.to_pylist()}


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_the_change_of_each_person_is_new_minus_old(rows: dict[Any, tuple[int, ...]]) -> None:
    old, new = ibis.memtable(_table(rows, False)), ibis.memtable(_table(rows, True))
    if not new.count().to_pyarrow().as_py():
        return  # no new rows: nothing is extended
    totals = person_totals(old, COUNTS)
    change = changed_values(increments(new, [old], COUNTS), [totals], COUNTS).to_pyarrow()
    got = {
        row.pop("person_id"): tuple(row[f"x{i}"] for i in range(2)) for row in change.to_pylist()
    }

    before, after = _values(old), _values(summed([old, new], GRAIN))
    zero = (Decimal(0), Decimal(0))
    expected = {
        person: tuple(a - b for a, b in zip(now, before.get(person, zero), strict=True))
        for person, now in after.items()
    }
    expected = {person: diff for person, diff in expected.items() if diff != zero}
    assert got == expected


def test_a_person_reaching_the_threshold_with_the_new_rows_changes() -> None:
    # Two rows with "a" before, one with "b" now: three rows, the COC threshold, reached.
    old = ibis.memtable(_table({(1, "a"): (2, 2, 0, 0)}, False))
    new = ibis.memtable(_table({(1, "b"): (0, 0, 1, 1)}, True))
    change = changed_values(
        increments(new, [old], COUNTS), [person_totals(old, COUNTS)], COUNTS
    ).to_pyarrow()
    # COC = (2² + 1² − 3) / (3 · 2) = 1/3; the person had 2 rows, so counted by n1 already.
    assert change["x0"].to_pylist() == [Decimal("0.333333333333")]
    assert change["x1"].to_pylist() == [Decimal(0)]
