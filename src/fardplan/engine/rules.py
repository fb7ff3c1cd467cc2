"""The row-level rules of the care-data contract, as Ibis predicates that flag offending rows.

Each rule is built against the tables it refers to (units for unit ids, population for persons),
so lenient mode can check contacts against the units that survived their own checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import ibis
import ibis.expr.types as ir

from fardplan.contract import (
    ALLOWED,
    DATE_ORDER,
    EARLIEST_DATE,
    KEYS,
    MUNICIPALITY_COLUMNS,
    TABLES,
    UNIT_COLUMNS,
)
from fardplan.reference.sweden import municipalities

Predicate = Callable[[ir.Table], ir.BooleanValue]


@dataclass(frozen=True)
class Rule:
    """Rows for which ``offending`` is true break the rule; ``column`` is shown to the user.

    ``description`` and ``description_sv`` word it in English and Swedish, to follow a
    number of rows ("3 rows …", "3 rader …").
    """

    column: str
    description: str
    description_sv: str
    offending: Predicate
    # A cheaper test, > 0 exactly when some row is offending (the count comes from offending).
    detect: Callable[[ir.Table], ir.IntegerScalar] | None = None
    # Implied by the attribution join: when it keeps every row, no row breaks the rule, so
    # the engine checks it only when the join drops rows (see validation.settle_persons).
    implied_by_attribution: bool = False
    # A duplicate-key rule: skipped when the key is already known to be strictly ascending.
    key_rule: bool = False


# The order in which tables are checked: each refers only to tables checked before it.
ORDER = ("population", "units", "contacts", "admissions", "care_plans", "home_health_care")


def rules_for(table: str, checked: dict[str, ir.Table]) -> list[Rule]:
    """Return the rules for ``table``; ``checked`` holds the tables already checked."""
    rules = _not_null(table) + _allowed(table) + _municipalities(table) + _keys(table)
    for owner, column in UNIT_COLUMNS:
        if owner == table:
            rules.append(
                _member(
                    column,
                    "unit id not in units",
                    "med en enhet som saknas i units",
                    checked["units"].unit_id,
                )
            )
    rules += _date_range(table) + _date_order(table) + _ages(table)
    if table in ("contacts", "admissions", "care_plans", "home_health_care"):
        population = checked["population"]
        rule = _member(
            "person_id",
            "person not in population (any year)",
            "med en person som saknas i population (alla år)",
            population.person_id,
        )
        rules.append(replace(rule, detect=_absent_from(population), implied_by_attribution=True))
    return rules


def _date_range(table: str) -> list[Rule]:
    """Return a rule per date column: no date before ``EARLIEST_DATE`` or after next year.

    Such a date is a typing error or a placeholder (1900-01-01, 9999-12-31), never care.
    """
    earliest = date.fromisoformat(EARLIEST_DATE)
    latest = date(date.today().year + 1, 12, 31)
    return [
        Rule(
            column.name,
            f"with a date outside {earliest} to {latest}",
            f"med ett datum utanför {earliest} till {latest}",
            _outside(column.name, earliest, latest),
        )
        for column in TABLES[table]
        if column.kind == "date"
    ]


def _outside(name: str, earliest: date, latest: date) -> Predicate:
    return lambda t: (t[name] < earliest) | (t[name] > latest)


def _date_order(table: str) -> list[Rule]:
    """Return the rules that two dates of a row come in order (``DATE_ORDER``)."""
    return [
        Rule(later, description, description_sv, _before(later, earlier))
        for owner, earlier, later, description, description_sv in DATE_ORDER
        if owner == table
    ]


def _before(later: str, earlier: str) -> Predicate:
    # A null on either side is no finding (an open spell, no discharge-ready day).
    return lambda t: t[later] < t[earlier]


def _ages(table: str) -> list[Rule]:
    """Return the rule that no one is born after the year of the population they are in.

    The age is year − birth year: a birth after the year is a negative age, published as
    persons of no age group.
    """
    if table != "population":
        return []
    return [
        Rule(
            "birth_date",
            "born after the year of the population (a negative age)",
            "född efter befolkningens år (en negativ ålder)",
            lambda t: t.birth_date.year() > t.year,
        )
    ]


def _not_null(table: str) -> list[Rule]:
    return [
        Rule(
            column.name,
            "empty (null) where the contract requires a value",
            "med tomt värde (null) där kontraktet kräver ett",
            _is_null(column.name),
        )
        for column in TABLES[table]
        if not column.nullable
    ]


def _is_null(name: str) -> Predicate:
    return lambda t: t[name].isnull()


def _allowed(table: str) -> list[Rule]:
    rules = []
    for (owner, column), values in ALLOWED.items():
        if owner == table:
            listed = ", ".join(values)
            rules.append(
                Rule(
                    column,
                    f"with a value not in {listed}",
                    f"med ett värde utanför {listed}",
                    _not_in(column, values),
                )
            )
    return rules


def _not_in(name: str, values: tuple[str, ...]) -> Predicate:
    return lambda t: ~t[name].isin(values)


def _municipalities(table: str) -> list[Rule]:
    codes = tuple(m.code for m in municipalities())
    return [
        Rule(
            column,
            "with an unknown municipality code",
            "med en okänd kommunkod",
            _not_in(column, codes),
        )
        for owner, column in MUNICIPALITY_COLUMNS
        if owner == table
    ]


def _keys(table: str) -> list[Rule]:
    if table not in KEYS:
        return []
    keys = KEYS[table]

    def duplicated(t: ir.Table) -> ir.BooleanValue:
        return t[keys[-1]].count().over(ibis.window(group_by=[t[k] for k in keys])) > 1

    def detect(t: ir.Table) -> ir.IntegerScalar:
        # A window over millions of rows is slow; counting distinct keys says the same.
        key = t[keys[0]] if len(keys) == 1 else ibis.struct({k: t[k] for k in keys})
        return t.count() - key.nunique()

    return [
        Rule(
            ", ".join(keys),
            "with a duplicate key",
            "med en nyckel som förekommer mer än en gång",
            duplicated,
            detect,
            key_rule=True,
        )
    ]


def _absent_from(population: ir.Table) -> Callable[[ir.Table], ir.IntegerScalar]:
    """Return a count of the rows whose person is in no year of ``population``.

    An anti join, not the rule's ``isin``: DuckDB then hashes the rows checked, not the ten
    million persons (home health care's check: 0.5 s to 0.15 s on national data).
    """

    def detect(t: ir.Table) -> ir.IntegerScalar:
        absent = t.anti_join(population, t.person_id == population.person_id)
        count: ir.IntegerScalar = absent.count().as_scalar()
        return count

    return detect


def _member(column: str, description: str, description_sv: str, allowed: ir.Column) -> Rule:
    return Rule(column, description, description_sv, lambda t: ~t[column].isin(allowed))
