"""Kolada-shaped JSON: the layout of Kolada's API v2 ``data`` answers, for tools that read it.

Only yearly cells for all ages are written (Kolada has neither months nor age groups);
``kpi`` is Färdplan's indicator id, since the definitions are not Kolada's own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa

from fardplan.catalogue import Catalogue

SUPPRESSED = ".."


def kolada_values(table: pa.Table) -> list[dict[str, Any]]:
    """Return ``[{kpi, municipality, period, values: [{gender, value, count, status}]}]``."""
    grouped: dict[tuple[str, str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in table.to_pylist():
        if row["age_group"] != "all" or "-" in row["period"]:
            continue
        key = (row["indicator_id"], row["area_code"], int(row["period"]))
        grouped[key].append(
            {
                "gender": row["sex"],
                "value": row["value"],
                "count": None if row["numerator"] is None else row["numerator"],
                "status": SUPPRESSED if row["suppressed"] else "",
            }
        )
    return [
        {"kpi": kpi, "municipality": area, "period": period, "values": values}
        for (kpi, area, period), values in sorted(grouped.items())
    ]


def write_kolada(table: pa.Table, out: Path, catalogue: Catalogue) -> None:
    values = kolada_values(table)
    document = {"count": len(values), "values": values, "catalogue_version": catalogue.version}
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
