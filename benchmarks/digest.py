"""Time the contacts' content digest (``state.monthly_digests``) against the digit-by-digit
reading it replaced, in the same process on the same file, and check that both give the same
sums.

Prints the median of three rounds of each and their ratio. Run:
``.venv/bin/python benchmarks/digest.py [CONTACTS.parquet]`` (default: the demo's,
``var/care-data/contacts.parquet``).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from fardplan.contract import TABLES
from fardplan.engine.state import HEX_DIGITS, row_digest

ROUNDS = 3


def digit_by_digit(table: str, rows: ir.Table) -> ir.IntegerColumn:
    """The first version: each of the hex digits read through its character code."""
    texts = [rows[c.name].cast("string").fill_null("\\N") for c in TABLES[table]]
    md5 = ibis.literal("\x1f").join(texts).hexdigest("md5")
    digest = ibis.literal(0, "int64")
    for position in range(HEX_DIGITS):
        code = md5.substr(position, 1).ascii_str().cast("int64")
        digest = digest * 16 + ibis.ifelse(code < 58, code - 48, code - 87)
    return digest


def monthly(rows: ir.Table, digest: Callable[[str, ir.Table], ir.IntegerColumn]) -> ir.Table:
    day = rows["date"]
    return rows.group_by(year=day.year(), month=day.month()).aggregate(
        rows=rows.count(), digest=digest("contacts", rows).sum()
    )


def timed(expr: ir.Table) -> tuple[float, list[dict[str, int]]]:
    start = time.perf_counter()
    found = expr.order_by(["year", "month"]).to_pyarrow().to_pylist()
    return time.perf_counter() - start, found


def main(path: str = "var/care-data/contacts.parquet") -> None:
    rows = ibis.duckdb.connect().read_parquet(path)
    print(f"{path}: {rows.count().execute():,} contacts")
    results: dict[str, list[float]] = {"digit by digit": [], "backend's own (now)": []}
    answers = []
    for _round in range(ROUNDS):
        for name, digest in zip(results, (digit_by_digit, row_digest), strict=True):
            seconds, found = timed(monthly(rows, digest))
            results[name].append(seconds)
            answers.append(found)
    assert all(answer == answers[0] for answer in answers), "the two digests differ"
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, median in medians.items():
        print(f"{name:>22}: median {median:.2f} s of {ROUNDS}")
    ratio = medians["backend's own (now)"] / medians["digit by digit"]
    print(f"ratio now / before: {ratio:.2f} (the same sums for every month)")


if __name__ == "__main__":
    main(*sys.argv[1:])
