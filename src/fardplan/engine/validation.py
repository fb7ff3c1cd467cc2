"""Check a dataset against the care-data contract before anything is computed from it.

Strict (the default): any violation raises :class:`DatasetError` listing table, column, number of
rows and the first offending values. Lenient: offending rows are dropped and reported. Either
way, events of a person missing from the population of the event's year are excluded by the
engine and counted here, as indicators.md requires; nothing is dropped silently.

Two checks are costly on national data and are often answered for free. A key that is already
strictly ascending in the files (as producers usually write them) cannot repeat. And the
engine's attribution join counts the events it keeps: when it keeps every row, no event lacks
its person, so ``settle_persons`` runs those checks only when rows went missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from fardplan.contract import EVENT_DATES, KEYS, TABLES, type_matches
from fardplan.engine.dataset import keys_ascending, locate, open_tables, read_schema
from fardplan.engine.errors import DatasetError, Violation
from fardplan.engine.rules import ORDER, Rule, rules_for
from fardplan.engine.state import StateMismatch

EXAMPLES = 5


@dataclass
class DataQualityReport:
    """What was read, dropped (lenient mode) and excluded (always) from a dataset."""

    rows_read: dict[str, int] = field(default_factory=dict)
    dropped: list[Violation] = field(default_factory=list)
    excluded: list[Violation] = field(default_factory=list)
    # Every table's rows per period, all rows read or not (``shrink.rows_by_period``).
    rows_by_period: dict[str, dict[str, int]] = field(default_factory=dict)

    def rows_dropped(self, table: str) -> int:
        """Return how many rows of ``table`` were dropped (0 when none)."""
        return sum(v.rows for v in self.dropped if v.table == table)

    def with_stored(self, stored: Mapping[str, Any], tables: Iterable[str]) -> DataQualityReport:
        """Return this report of new rows plus a stored run's report on the older rows.

        ``stored`` is that run's ``to_dict()``; ``tables`` are those of which only the rows
        after it were read. Findings on the same rule add up; other tables are this run's.
        """
        tables = set(tables)
        merged = DataQualityReport(dict(self.rows_read))
        for table in tables:
            merged.rows_read[table] = merged.rows_read.get(table, 0) + stored["rows_read"][table]
        for kind in ("dropped", "excluded"):
            older = [_violation(found) for found in stored[kind] if found["table"] in tables]
            setattr(merged, kind, _add_up(older + getattr(self, kind)))
        return merged

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_used": {t: n - self.rows_dropped(t) for t, n in self.rows_read.items()},
            "dropped": [v.to_dict() for v in self.dropped],
            "excluded": [v.to_dict() for v in self.excluded],
            "rows_by_period": self.rows_by_period,
        }


def _violation(found: Mapping[str, Any]) -> Violation:
    # A report stored before findings were worded in Swedish too has only the English.
    return Violation(
        found["table"],
        found["column"],
        found["rule"],
        found["rows"],
        tuple(found["examples"]),
        found.get("rule_sv", ""),
    )


def _add_up(violations: list[Violation]) -> list[Violation]:
    """Return one finding per (table, column, rule), rows added and examples joined."""
    by_rule: dict[tuple[str, str | None, str], Violation] = {}
    for found in violations:
        key = (found.table, found.column, found.rule)
        if key in by_rule:
            before = by_rule[key]
            examples = tuple(dict.fromkeys(before.examples + found.examples))[:EXAMPLES]
            found = Violation(*key, before.rows + found.rows, examples, before.rule_sv)
        by_rule[key] = found
    return list(by_rule.values())


def validate_dataset(
    data_dir: Path,
    con: ibis.BaseBackend,
    *,
    lenient: bool = False,
    defer_persons: bool = False,
) -> tuple[dict[str, ir.Table], DataQualityReport]:
    """Locate, type-check and validate the dataset in ``data_dir``, opened in ``con``.

    Returns the tables to compute from and the report. Missing tables or columns and wrong
    types are refused even when lenient: no row can be saved from them. With
    ``defer_persons`` the checks of events against the population are left to
    ``settle_persons``, which the caller must run once it has attributed the events.
    """
    paths = locate(data_dir)
    check_schemas(paths)
    tables = open_tables(con, paths)
    return validate_opened(paths, tables, lenient=lenient, defer_persons=defer_persons)


def validate_opened(
    paths: Mapping[str, Path | str],
    tables: dict[str, ir.Table],
    *,
    lenient: bool = False,
    defer_persons: bool = False,
    new: Mapping[str, ir.Table] | None = None,
    unchanged: Mapping[str, int] | None = None,
    above: Mapping[str, int] | None = None,
    added: Mapping[str, Sequence[Path]] | None = None,
) -> tuple[dict[str, ir.Table], DataQualityReport]:
    """Validate ``tables``, opened from ``paths`` whose schemas are checked already.

    ``new`` gives, for event tables a stored run has checked up to some day, their rows after
    it: only these are checked and returned (see ``state``); their keys are still checked
    across every row, which ``above`` (the largest key of the older rows) makes cheap: new
    keys that are distinct and all larger cannot repeat an old one. ``unchanged``
    names tables, with their number of rows, whose files are byte for byte those a stored
    run found no fault in: their rows are not checked again. ``added``: of a table in a
    folder whose stored files are unchanged, the files added since, which hold its new rows:
    their keys ascending from above the old ones need no hash of every new key.
    """
    unchanged, above, new, added = unchanged or {}, above or {}, new or {}, added or {}
    # Keys proven unique: the new files' keys ascending above the old ones (cheapest), new
    # keys distinct and above the old ones, or every key ascending.
    proven = {
        t
        for t, last in above.items()
        if (t in added and keys_ascending(added[t], KEYS[t], above=(last,)))
        or _keys_above(new[t], KEYS[t], last)
    }
    ascending = frozenset(
        table
        for table, keys in KEYS.items()
        if table not in unchanged and (table in proven or _ascending_here(paths[table], keys))
    )
    return validate(
        tables,
        lenient=lenient,
        ascending=ascending,
        defer_persons=defer_persons,
        new=new,
        unchanged=unchanged,
    )


def _ascending_here(path: Path | str, keys: tuple[str, ...]) -> bool:
    # A table on a cluster's storage (a URI) is not read by this machine: its keys are
    # checked by the query, as those of a table whose files do not ascend.
    return isinstance(path, Path) and keys_ascending(path, keys)


def check_schemas(paths: dict[str, Path]) -> None:
    """Raise ``DatasetError`` naming every missing column and every column of the wrong type."""
    check_schema_types({table: read_schema(path, table) for table, path in paths.items()})


def check_schema_types(schemas: Mapping[str, pa.Schema]) -> None:
    """``check_schemas`` of schemas already read (by Spark, for a dataset on a cluster)."""
    problems: list[Violation] = []
    for table, schema in schemas.items():
        for column in TABLES[table]:
            if column.name not in schema.names:
                problems.append(
                    Violation(table, column.name, "column missing", 0, (), "kolumnen saknas")
                )
                continue
            actual = schema.field(column.name).type
            if not type_matches(column.kind, actual):
                rule = f"has type {actual}, the contract says {column.kind}"
                rule_sv = f"har typen {actual}, kontraktet anger {column.kind}"
                problems.append(Violation(table, column.name, rule, 0, (), rule_sv))
    if problems:
        raise DatasetError(problems)


def check_not_empty(rows: Mapping[str, int], needed: Iterable[str]) -> None:
    """Raise ``DatasetError`` naming every table of ``needed`` that has no rows in ``rows``.

    An empty table is an extract that failed far more often than a county without such
    care: its indicators would be published as 0. A table meant to be empty is left out of
    ``needed`` by the caller (``compute(allow_empty=…)``, ``--allow-empty``).
    """
    empty = sorted(table for table in needed if rows.get(table, 0) == 0)
    if empty:
        raise DatasetError([_empty(table) for table in empty])


def _empty(table: str) -> Violation:
    return Violation(
        table,
        None,
        f"the table has no rows, and the indicators read it (give --allow-empty {table} "
        "if it is meant to be empty)",
        0,
        (),
        f"tabellen har inga rader, och indikatorerna läser den (ange --allow-empty {table} "
        "om den ska vara tom)",
    )


def validate(
    tables: dict[str, ir.Table],
    *,
    lenient: bool = False,
    ascending: frozenset[str] = frozenset(),
    defer_persons: bool = False,
    new: Mapping[str, ir.Table] | None = None,
    unchanged: Mapping[str, int] | None = None,
) -> tuple[dict[str, ir.Table], DataQualityReport]:
    """Return the tables to compute from (offending rows removed when lenient) and the report.

    ``ascending`` names the tables whose key is known to ascend strictly (no duplicate check).
    ``new`` and ``unchanged``: see ``validate_opened``. Raises ``DatasetError`` in strict
    mode when any row breaks a rule; the deferred person checks then run too, so that the
    message lists everything at once.
    """
    new, unchanged = new or {}, unchanged or {}
    report = DataQualityReport()
    checked: dict[str, ir.Table] = {}
    found: list[Violation] = []
    deferred: list[tuple[str, Rule]] = []
    for table in ORDER:
        current = new.get(table, tables[table])
        if table in unchanged:
            report.rows_read[table] = unchanged[table]
            checked[table] = current
            continue
        plan = _RulePlan(table, ascending, new, defer_persons)
        rules = plan.sort(rules_for(table, checked))
        deferred.extend((table, rule) for rule in plan.deferred)
        found.extend(
            v
            for rule in plan.across_keys
            for v in _keys_across(table, tables[table], rule, lenient)
        )
        checked[table], report.rows_read[table] = _checked(table, current, rules, lenient, found)
    if found and not lenient:
        found.extend(v for t, rule in deferred if (v := _apply(t, checked[t], rule)) is not None)
        raise DatasetError(found)
    report.dropped = found
    if not defer_persons:
        report.excluded = _outside_population_years(checked, EVENT_DATES)
    return checked, report


@dataclass
class _RulePlan:
    """Which rules of one table run now, over every key, or after the attribution."""

    table: str
    ascending: frozenset[str]
    new: Mapping[str, ir.Table]
    defer_persons: bool
    across_keys: list[Rule] = field(default_factory=list)
    deferred: list[Rule] = field(default_factory=list)

    def sort(self, rules: Iterable[Rule]) -> list[Rule]:
        """Return the rules to run on the table's rows now; note the others."""
        now = []
        for rule in rules:
            if rule.key_rule and self.table in self.ascending:
                continue
            if rule.key_rule and self.table in self.new:
                # A new row must not repeat an old row's key: checked over every row.
                self.across_keys.append(rule)
            elif rule.implied_by_attribution and self.defer_persons and self.table in EVENT_DATES:
                # Only dated event tables are attributed by a join that counts; home health
                # care (spells over years) keeps its check here.
                self.deferred.append(rule)
            else:
                now.append(rule)
        return now


def _checked(
    table: str, rows: ir.Table, rules: list[Rule], lenient: bool, found: list[Violation]
) -> tuple[ir.Table, int]:
    """Return ``rows`` (without offending ones when lenient) and their number; add findings."""
    total, broken = _count_all(rows, rules)
    for rule in broken:
        violation = _apply(table, rows, rule)
        if violation is not None:
            found.append(violation)
            if lenient:
                rows = rows.filter(~rule.offending(rows).fill_null(False))
    return rows, total


def _keys_above(rows: ir.Table, keys: tuple[str, ...], last: int | None) -> bool:
    """Return True when the single integer key of ``rows`` is distinct and above ``last``."""
    if last is None or len(keys) != 1:
        return False
    key = rows[keys[0]]
    found = rows.aggregate(n=rows.count(), distinct=key.nunique(), low=key.min())
    values = found.to_pyarrow().to_pylist()[0]
    return bool(
        values["n"] == values["distinct"] and (values["low"] is None or values["low"] > last)
    )


def _keys_across(table: str, rows: ir.Table, rule: Rule, lenient: bool) -> list[Violation]:
    """Return the key violation over all ``rows`` of a table partly checked by a stored run."""
    violation = _apply(table, rows, rule)
    if violation is None:
        return []
    if lenient:
        raise StateMismatch(
            f"{violation.describe()}: run in full to drop them",
            f"{violation.describe('sv')}: kör en fullständig beräkning för att ta bort dem",
        )
    return [violation]


def settle_persons(
    tables: dict[str, ir.Table],
    report: DataQualityReport,
    attributed: dict[str, int] | None,
    *,
    lenient: bool = False,
) -> None:
    """Run the deferred person checks where the attribution join dropped rows.

    ``attributed`` gives, per table of ``EVENT_DATES``, how many of its rows the join with
    the population of the event's year kept (None or a table left out: unknown, checked).
    A table whose rows were all kept has no event of a missing person. Otherwise events of
    persons absent from every year break the contract (``DatasetError`` unless ``lenient``,
    then reported as dropped: the join has left them out already) and the rest are reported
    as excluded.
    """
    found: list[Violation] = []
    dates = {}
    for table, date in EVENT_DATES.items():
        used = report.rows_read[table] - report.rows_dropped(table)
        if attributed is not None and attributed.get(table) == used:
            continue
        current = tables[table]
        for rule in rules_for(table, tables):
            if rule.implied_by_attribution:
                violation = _apply(table, current, rule)
                if violation is not None:
                    found.append(violation)
                    current = current.filter(~rule.offending(current).fill_null(False))
        tables = {**tables, table: current}
        dates[table] = date
    if found and not lenient:
        raise DatasetError(found)
    report.dropped.extend(found)
    report.excluded = _outside_population_years(tables, dates)


def _count_all(data: ir.Table, rules: list[Rule]) -> tuple[int, list[Rule]]:
    """Return the number of rows and the rules that some row breaks, in one query."""
    row_rules = {f"rule_{i}": rule for i, rule in enumerate(rules) if rule.detect is None}
    flags = data.mutate(
        **{name: rule.offending(data).fill_null(False) for name, rule in row_rules.items()}
    )
    measures = {name: flags[name].cast("int64").sum() for name in row_rules}
    for i, rule in enumerate(rules):
        if rule.detect is not None:
            measures[f"rule_{i}"] = rule.detect(flags)
    values = flags.aggregate(rows=flags.count(), **measures).to_pyarrow().to_pylist()[0]
    broken = [rule for i, rule in enumerate(rules) if values[f"rule_{i}"]]
    return int(values["rows"]), broken


def _apply(table: str, data: ir.Table, rule: Rule) -> Violation | None:
    offending = data.filter(rule.offending(data).fill_null(False))
    rows = int(offending.count().to_pyarrow().as_py())
    if rows == 0:
        return None
    first_column = rule.column.split(", ")[-1]
    sample = offending.select(first_column).distinct().order_by(first_column).limit(EXAMPLES)
    values = sample.to_pyarrow().column(0).to_pylist()
    return Violation(table, rule.column, rule.description, rows, tuple(values), rule.description_sv)


def _outside_population_years(
    tables: dict[str, ir.Table], dates: dict[str, str]
) -> list[Violation]:
    """Count events whose person is not in the population of the event's year.

    ``dates`` names the event tables to check and the column that places each row in time.
    """
    population = tables["population"].select("person_id", "year")
    excluded = []
    for table, date in dates.items():
        events = tables[table]
        # The year in the join condition, not a subquery: much faster in DuckDB.
        missing = events.anti_join(
            population,
            [
                events.person_id == population.person_id,
                events[date].year().cast("int64") == population.year,
            ],
        )
        missing = missing.mutate(_year=missing[date].year().cast("int64"))
        rows = int(missing.count().to_pyarrow().as_py())
        if rows:
            years = missing.select("_year").distinct().order_by("_year").limit(EXAMPLES)
            examples = tuple(years.to_pyarrow().column(0).to_pylist())
            rule = f"person not in the population of the year of {date} (years shown)"
            rule_sv = f"med en person som saknas i befolkningen för året enligt {date} (åren visas)"
            excluded.append(Violation(table, "person_id", rule, rows, examples, rule_sv))
    return excluded
