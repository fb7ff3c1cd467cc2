"""Show the SQL an indicator compiles to, over tables named as in the contract.

For review (the SQL snapshots in the tests) and for a statistician who reads SQL rather than
Python: the numerator and denominator base cells by single year of age (per period, or per
year for a count of persons), before the bands, the grid and the roll-up.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Indicator
from fardplan.contract import TABLES
from fardplan.engine.attribution import cell_codes, derive, persons, with_cell
from fardplan.engine.compile import Sources
from fardplan.engine.measures import indicator_sides
from fardplan.engine.scope import person_filters

IBIS_TYPES = {"int": "int64", "string": "string", "date": "date", "bool": "boolean"}
PERIODS = ibis.schema(
    {"period_type": "string", "year": "int64", "period": "string", "start": "date", "end": "date"}
)


def contract_tables() -> dict[str, ir.Table]:
    """Return unbound Ibis tables with the contract's names and columns."""
    return {
        name: ibis.table({c.name: IBIS_TYPES[c.kind] for c in columns}, name=name)
        for name, columns in TABLES.items()
    }


def indicator_sql(indicator: Indicator, dialect: str = "duckdb") -> str:
    """Return the SQL of the indicator's numerator and denominator cells, one query each."""
    tables = contract_tables()
    people = persons(tables["population"])
    codes = cell_codes(people)
    spec = indicator.computation
    counts = (spec.numerator, spec.denominator) if spec else ()
    sources = Sources(
        persons=with_cell(people, codes, person_filters(counts)),
        events=derive(tables),
        periods=ibis.table(PERIODS, name="periods"),
        codes=codes,
        use_cache=False,
    )
    sides = indicator_sides(indicator, sources)
    parts = [f"-- {side}\n{ibis.to_sql(expr, dialect=dialect)}" for side, expr in sides.items()]
    return "\n\n".join(parts) + "\n"
