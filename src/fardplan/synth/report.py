"""Calibration check: a few small DuckDB queries over a written dataset, beside the targets.

These queries are a check of the generator, not the indicator engine (fardplan.engine): they
follow the definitions of indicators.md closely but skip breakdowns, suppression and data-quality
handling. Each returns one value per year for the whole dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
from rich.table import Table

ACSC = ("I50", "J45", "J46", "J43", "J44", "E10", "E11", "E12", "E13", "E14")


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    target: float | None  # None: no national target, shown for information
    tolerance: float  # accepted absolute deviation from the target
    unit: str
    sql: str  # parameters: $year; returns one row (value)
    # For the per-region extremes: the accepted range, which holds for any subset of regions
    # (a run of three counties need not contain the lowest and highest region of Sweden).
    bounds: tuple[float, float] | None = None

    def accepts(self, value: float) -> bool:
        """Return whether ``value`` is acceptable (always, for information rows)."""
        if self.bounds is not None:
            return self.bounds[0] <= value <= self.bounds[1]
        return self.target is None or abs(value - self.target) <= self.tolerance

    def wanted(self) -> str:
        if self.bounds is not None:
            return f"{self.bounds[0]:g}–{self.bounds[1]:g}"
        return "—" if self.target is None else f"{self.target:g} ± {self.tolerance:g}"


def _persons(condition: str) -> str:
    return f"(SELECT count(*) FROM pop WHERE year = $year AND {condition})"


_ACSC_SQL = " OR ".join(f"a.main_diagnosis LIKE '{code}%'" for code in ACSC)

TARGETS: tuple[Target, ...] = (
    Target(
        "contacts_per_person",
        "Contacts per person and year (≈ 60 M nationally)",
        5.7,
        0.5,
        "per person",
        """
        SELECT count(*)::DOUBLE / (SELECT count(*) FROM pop WHERE year = $year)
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        WHERE year(c.date) = $year""",
    ),
    Target(
        "avoidable_admissions",
        "Avoidable admissions, chronic (20+)",
        560,
        80,
        "per 100 000",
        f"""
        SELECT count(*) * 100000.0 / {_persons("age >= 20")}
        FROM admissions a JOIN pop p ON p.person_id = a.person_id AND p.year = $year
        WHERE year(a.admitted_on) = $year AND a.acute AND p.age >= 20 AND ({_ACSC_SQL})""",
    ),
    Target(
        "readmission_30d_65",
        "Readmission within 30 days (65+)",
        17,
        2.5,
        "%",
        """
        SELECT avg(CASE WHEN EXISTS (
                 SELECT 1 FROM admissions b WHERE b.person_id = a.person_id
                 AND b.admission_id <> a.admission_id AND b.acute
                 AND b.admitted_on BETWEEN a.discharged_on AND a.discharged_on + 30)
               THEN 100.0 ELSE 0 END)
        FROM admissions a JOIN pop p ON p.person_id = a.person_id AND p.year = $year
        WHERE year(a.discharged_on) = $year AND p.age >= 65""",
    ),
    Target(
        "inpatient_admissions",
        "Inpatient admissions",
        13000,
        1500,
        "per 100 000",
        f"""
        SELECT count(*) * 100000.0 / {_persons("true")}
        FROM admissions a JOIN pop p ON p.person_id = a.person_id AND p.year = $year
        WHERE year(a.admitted_on) = $year""",
    ),
    Target(
        "emergency_visits_80",
        "Emergency visits (80+)",
        600,
        70,
        "per 1 000",
        f"""
        SELECT count(*) * 1000.0 / {_persons("age >= 80")}
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        WHERE year(c.date) = $year AND c.care_level = 'emergency' AND p.age >= 80""",
    ),
    Target(
        "assessment_3_days",
        "Assessment within 3 days",
        86,
        3,
        "%",
        """
        SELECT avg(CASE WHEN c.date - c.requested_on <= 3 THEN 100.0 ELSE 0 END)
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        WHERE year(c.date) = $year AND c.care_level = 'primary'
          AND c.profession IN ('physician', 'nurse') AND c.requested_on IS NOT NULL""",
    ),
    Target(
        "named_physician_min",
        "Named physician, lowest region",
        30,
        5,
        "%",
        """
        SELECT min(share) FROM (SELECT avg(CASE WHEN named_physician_id IS NOT NULL
               THEN 100.0 ELSE 0 END) AS share FROM pop WHERE year = $year
               GROUP BY left(municipality_code, 2))""",
        (25, 60),
    ),
    Target(
        "named_physician_max",
        "Named physician, highest region",
        55,
        5,
        "%",
        """
        SELECT max(share) FROM (SELECT avg(CASE WHEN named_physician_id IS NOT NULL
               THEN 100.0 ELSE 0 END) AS share FROM pop WHERE year = $year
               GROUP BY left(municipality_code, 2))""",
        (25, 60),
    ),
    Target(
        "continuity_coc",
        "Continuity of care (COC)",
        0.40,
        0.05,
        "index",
        """
        WITH eligible AS (
          SELECT c.person_id, c.clinician_id, count(*) AS n
          FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
          WHERE year(c.date) = $year AND c.care_level = 'primary'
            AND c.profession = 'physician' AND c.mode <> 'phone' AND c.clinician_id IS NOT NULL
          GROUP BY ALL),
        per_person AS (SELECT person_id, sum(n * n) AS squares, sum(n) AS total
                       FROM eligible GROUP BY person_id HAVING sum(n) >= 3)
        SELECT avg((squares - total) / (total * (total - 1.0))) FROM per_person""",
    ),
    Target(
        "discharge_ready_days_65",
        "Discharge-ready days (65+)",
        100,
        25,
        "per 1 000",
        f"""
        SELECT coalesce(sum(a.discharged_on - a.discharge_ready_on), 0) * 1000.0
               / {_persons("age >= 65")}
        FROM admissions a JOIN pop p ON p.person_id = a.person_id AND p.year = $year
        WHERE year(a.discharged_on) = $year AND a.discharge_ready_on IS NOT NULL
          AND p.age >= 65""",
    ),
    Target(
        "mental_ill_health_0_17",
        "Mental ill-health (0–17)",
        12,
        1.5,
        "%",
        f"""
        SELECT count(DISTINCT c.person_id) * 100.0 / {_persons("age <= 17")}
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        JOIN units u ON u.unit_id = c.unit_id
        WHERE year(c.date) = $year AND p.age <= 17
          AND (c.diagnosis LIKE 'F%' OR u.kind = 'psychiatry')""",
    ),
    Target(
        "home_health_care_65",
        "In home health care (65+)",
        None,
        0,
        "%",
        f"""
        SELECT count(DISTINCT h.person_id) * 100.0 / {_persons("age >= 65")}
        FROM home_health_care h JOIN pop p ON p.person_id = h.person_id AND p.year = $year
        WHERE p.age >= 65 AND h.start_on <= make_date($year, 12, 31)
          AND (h.end_on IS NULL OR h.end_on >= make_date($year, 1, 1))""",
    ),
    Target(
        "sip_plans",
        "Coordinated individual plans (SIP)",
        None,
        0,
        "per 1 000",
        f"""
        SELECT count(*) * 1000.0 / {_persons("true")}
        FROM care_plans s JOIN pop p ON p.person_id = s.person_id AND p.year = $year
        WHERE year(s.created_on) = $year""",
    ),
    Target(
        "digital_visits",
        "Digital contacts",
        None,
        0,
        "per 1 000",
        f"""
        SELECT count(*) * 1000.0 / {_persons("true")}
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        WHERE year(c.date) = $year AND c.mode = 'digital'""",
    ),
    Target(
        "home_visits_80",
        "Home visits (80+)",
        None,
        0,
        "per 1 000",
        f"""
        SELECT count(*) * 1000.0 / {_persons("age >= 80")}
        FROM contacts c JOIN pop p ON p.person_id = c.person_id AND p.year = $year
        WHERE year(c.date) = $year AND c.mode = 'home_visit' AND p.age >= 80""",
    ),
)


def connect(folder: Path) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection with a view per table of the dataset in ``folder`` and
    ``pop``: the population with ``age`` (year − birth year)."""
    con = duckdb.connect()
    for name in ("population", "units", "contacts", "admissions", "care_plans", "home_health_care"):
        path = str(folder / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    con.execute("CREATE VIEW pop AS SELECT *, year - year(birth_date) AS age FROM population")
    return con


def calibration(folder: Path, years: list[int] | None = None) -> dict[str, dict[int, float]]:
    """Return {target id: {year: generated value}} for the dataset in ``folder``; a value is
    NaN when its denominator is empty."""
    con = connect(folder)
    if years is None:
        years = [
            int(r[0])
            for r in con.execute("SELECT DISTINCT year FROM population ORDER BY 1").fetchall()
        ]
    result: dict[str, dict[int, float]] = {}
    for target in TARGETS:
        values = {}
        for year in years:
            row = con.execute(target.sql, {"year": year}).fetchone()
            values[year] = float("nan") if row is None or row[0] is None else float(row[0])
        result[target.id] = values
    return result


def render(values: dict[str, dict[int, float]]) -> Table:
    """Return a Rich table: each target beside the generated value per year."""
    years = sorted({y for per_year in values.values() for y in per_year})
    table = Table(title="Calibration check (fardplan.synth.report, not the indicator engine)")
    for column in ("Indicator", "Unit", "Target", *map(str, years)):
        table.add_column(column, justify="left" if column in ("Indicator", "Unit") else "right")
    for target in TARGETS:
        cells = []
        for year in years:
            value = values[target.id][year]
            text = f"{value:,.2f}" if value < 10 else f"{value:,.0f}"
            cells.append(text if target.accepts(value) else f"[red]{text} ✗[/]")
        table.add_row(target.label, target.unit, target.wanted(), *cells)
    return table
