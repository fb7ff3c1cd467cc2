"""The catalogue's row filters as Ibis predicates (``where:`` in indicators.yaml)."""

from __future__ import annotations

import hashlib
import json

import ibis
import ibis.expr.types as ir

from fardplan.catalogue import Count, Filter, load_value_set


def columns_used(count: Count) -> set[str]:
    """Return the event columns a count reads (its filters and its summed column)."""
    used = {count.column} if count.column else set()

    def walk(filters: tuple[Filter, ...]) -> None:
        for condition in filters:
            if condition.column:
                used.add(condition.column)
            walk(condition.any_of or ())

    walk(count.where)
    return {str(name) for name in used}


def filter_id(filters: tuple[Filter, ...]) -> str:
    """Return a stable column name for the rows ``filters`` keep (a flag, see ``with_cell``)."""
    text = json.dumps([f.model_dump(mode="json", exclude_none=True) for f in filters])
    return "f" + hashlib.sha256(text.encode()).hexdigest()[:16]


def all_of(table: ir.Table, filters: tuple[Filter, ...]) -> ir.BooleanValue | None:
    """Return the conjunction of ``filters`` on ``table`` (None when there are none)."""
    return ibis.and_(*[predicate(table, f) for f in filters]) if filters else None


FEW_PREFIXES = 3


def predicate(table: ir.Table, condition: Filter) -> ir.BooleanValue:
    """Return the Ibis predicate for one catalogue filter (null never matches)."""
    if condition.any_of is not None:
        parts = [predicate(table, part) for part in condition.any_of]
        combined = parts[0]
        for part in parts[1:]:
            combined = combined | part
        return combined.fill_null(False)
    column = table[str(condition.column)]
    if condition.equals is not None:
        result = column == condition.equals
    elif condition.not_equals is not None:
        result = column != condition.not_equals
    elif condition.one_of is not None:
        result = column.isin(condition.one_of)
    elif condition.not_null is not None:
        result = column.notnull() if condition.not_null else column.isnull()
    elif condition.at_most is not None:
        result = column <= condition.at_most
    else:
        prefixes = condition.starts_with or load_value_set(str(condition.in_value_set)).codes
        result = _starts_with_any(column, prefixes)
    return result.fill_null(False)


def _starts_with_any(column: ir.StringValue, prefixes: tuple[str, ...]) -> ir.BooleanValue:
    # A few prefixes of one length are tested directly (a cheap prefix compare); more share
    # one IN list on the first characters (one substring, one hash lookup per row).
    by_length: dict[int, list[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), []).append(prefix)
    parts: list[ir.BooleanValue] = []
    for n, codes in sorted(by_length.items()):
        if len(codes) <= FEW_PREFIXES:
            parts.extend(column.startswith(code) for code in sorted(codes))
        else:
            parts.append(column.substr(0, n).isin(sorted(codes)))
    combined = parts[0]
    for part in parts[1:]:
        combined = combined | part
    return combined


def where(table: ir.Table, filters: tuple[Filter, ...]) -> ir.Table:
    """Return the rows of ``table`` that satisfy every filter."""
    return table.filter(*[predicate(table, f) for f in filters]) if filters else table


__all__ = ["all_of", "columns_used", "filter_id", "predicate", "where"]
