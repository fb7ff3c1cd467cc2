"""The baseline: one hand-written DuckDB query per indicator, run one after another.

Each query reads the Parquet files itself, attributes its events to the population, bands the
ages and sums to municipality, region, T and ``all`` with GROUPING SETS, as an analyst would
write it without the engine. No validation, no grid of empty cells, no suppression.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

POP = """pop AS (
  SELECT year::BIGINT AS year, person_id, sex, municipality_code, named_physician_id,
         year - year(birth_date) AS age
  FROM read_parquet('{d}/population.parquet')),
periods AS (
  SELECT DISTINCT year, year::VARCHAR AS period FROM pop
  UNION ALL
  SELECT DISTINCT year, year::VARCHAR || '-' || lpad(m::VARCHAR, 2, '0')
  FROM pop, range(1, 13) t(m))"""

EVENTS = """SELECT p_year AS year, p_period AS period, p_muni AS municipality_code, p_sex AS sex,
    p_age AS age, {x} AS x
  FROM (SELECT p.year AS p_year, {period} AS p_period, p.municipality_code AS p_muni,
          p.sex AS p_sex, p.age AS p_age, e.*
        FROM {source} e JOIN pop p ON p.person_id = e.person_id AND p.year = year(e.{date})
        WHERE {where}) e
  GROUP BY ALL"""

PERSONS = """SELECT p.year, q.period, p.municipality_code, p.sex, p.age, count(*) AS x
  FROM pop p JOIN periods q ON q.year = p.year {months}
  WHERE {where}
  GROUP BY ALL"""

BOTH = "unnest([strftime(e.{date}, '%Y'), strftime(e.{date}, '%Y-%m')])"
YEAR = "strftime(e.{date}, '%Y')"

# Both sides of an indicator, attributed and by single year of age, as one table.
SIDES = """WITH {pop},
num AS ({num}),
den AS ({den}),
sides AS (
  SELECT 'n' AS side, * FROM num UNION ALL SELECT 'd', * FROM den)"""

TEMPLATE = (
    SIDES
    + """,
banded AS (
  SELECT side, period, municipality_code, '00' || substr(municipality_code, 1, 2) AS region,
         sex, {band} AS age_group, x
  FROM sides WHERE age BETWEEN {low} AND {high}),
rolled AS (
  SELECT side, period, municipality_code AS area, sex, age_group, sum(x) AS x FROM banded
  GROUP BY GROUPING SETS ((side, period, municipality_code, sex, age_group),
    (side, period, municipality_code, sex), (side, period, municipality_code, age_group),
    (side, period, municipality_code))
  UNION ALL
  SELECT side, period, region, sex, age_group, sum(x) FROM banded
  GROUP BY GROUPING SETS ((side, period, region, sex, age_group), (side, period, region, sex),
    (side, period, region, age_group), (side, period, region)))
SELECT '{id}' AS indicator_id, period, area AS area_code, coalesce(sex, 'T') AS sex,
       coalesce(age_group, 'all') AS age_group,
       coalesce(sum(x) FILTER (WHERE side = 'n'), 0) AS numerator,
       coalesce(sum(x) FILTER (WHERE side = 'd'), 0) AS denominator,
       {factor} * sum(x) FILTER (WHERE side = 'n') / nullif(sum(x) FILTER (WHERE side = 'd'), 0)
         AS value
FROM rolled GROUP BY ALL"""
)

# The same, age-standardised (direct method): each cell's rate per 5-year band of the
# standard population, weighted by the band's weight over the bands with persons.
STANDARDISED = (
    SIDES
    + """,
banded AS (
  SELECT side, period, municipality_code, '00' || substr(municipality_code, 1, 2) AS region,
         sex, {band} AS age_group, least(age // 5 * 5, 95) AS std_band, x
  FROM sides WHERE age BETWEEN {low} AND {high}),
rolled AS (
  SELECT side, period, municipality_code AS area, sex, age_group, std_band, sum(x) AS x
  FROM banded
  GROUP BY GROUPING SETS ((side, period, municipality_code, sex, age_group, std_band),
    (side, period, municipality_code, sex, std_band),
    (side, period, municipality_code, age_group, std_band),
    (side, period, municipality_code, std_band))
  UNION ALL
  SELECT side, period, region, sex, age_group, std_band, sum(x) FROM banded
  GROUP BY GROUPING SETS ((side, period, region, sex, age_group, std_band),
    (side, period, region, sex, std_band), (side, period, region, age_group, std_band),
    (side, period, region, std_band))),
rates AS (
  SELECT period, area, sex, age_group, std_band,
         coalesce(sum(x) FILTER (WHERE side = 'n'), 0) AS n,
         coalesce(sum(x) FILTER (WHERE side = 'd'), 0) AS d
  FROM rolled GROUP BY ALL),
weights AS (SELECT * FROM (VALUES {weights}) w(std_band, weight))
SELECT '{id}' AS indicator_id, period, area AS area_code, coalesce(sex, 'T') AS sex,
       coalesce(age_group, 'all') AS age_group, sum(n) AS numerator, sum(d) AS denominator,
       {factor} * sum(weight * n / d) FILTER (WHERE d > 0) / sum(weight) FILTER (WHERE d > 0)
         AS value
FROM rates JOIN weights USING (std_band) GROUP BY ALL"""
)


def _weights(standard_id: str) -> str:
    """Return the VALUES rows (band start, weight) of a standard population of the catalogue."""
    from fardplan.catalogue.standard import load_standard_population

    bands = load_standard_population(standard_id).bands
    return ", ".join(f"({band.from_}, {band.weight})" for band in bands)


def _band(low: int) -> str:
    middle = "20-64" if low == 20 else "18-64"
    return (
        f"CASE WHEN age < 18 THEN '0-17' WHEN age < 65 THEN '{middle}' "
        "WHEN age < 80 THEN '65-79' ELSE '80+' END"
    )


def events(
    d: str,
    table: str,
    date: str,
    where: str = "true",
    monthly: bool = True,
    x: str = "count(*)",
    source: str | None = None,
) -> str:
    period = (BOTH if monthly else YEAR).format(date=date)
    return EVENTS.format(
        period=period,
        x=x,
        source=source or f"read_parquet('{d}/{table}.parquet')",
        date=date,
        where=where,
    )


def persons(monthly: bool = True, where: str = "true") -> str:
    return PERSONS.format(months="" if monthly else "AND q.period NOT LIKE '%-%'", where=where)


def queries(d: str) -> dict[str, tuple[str, str, float, int, int]]:
    """Return id → (numerator SQL, denominator SQL, factor, min age, max age)."""
    contacts = f"read_parquet('{d}/contacts.parquet')"
    acsc = "substr(e.main_diagnosis, 1, 3) IN ('I50','J45','J46','J43','J44','E10','E11','E12','E13','E14')"
    readmitted = f"""(SELECT a.*, EXISTS (SELECT 1 FROM read_parquet('{d}/admissions.parquet') b
        WHERE b.person_id = a.person_id AND b.acute AND b.admission_id <> a.admission_id
          AND b.admitted_on BETWEEN a.discharged_on AND a.discharged_on + 30) AS readmitted
        FROM read_parquet('{d}/admissions.parquet') a)"""
    coc = f"""(SELECT person_id, d AS date, n, s FROM (
        SELECT person_id, min(date) AS d, sum(k) AS n, sum(k * k) AS s FROM (
          SELECT person_id, clinician_id, min(date) AS date, count(*) AS k FROM {contacts}
          WHERE care_level = 'primary' AND profession = 'physician' AND mode <> 'phone'
            AND clinician_id IS NOT NULL GROUP BY person_id, year(date), clinician_id)
        GROUP BY person_id, year(date)) WHERE n >= 3)"""
    primary = "e.care_level = 'primary' AND e.mode <> 'phone'"
    assessed = "e.care_level = 'primary' AND e.profession IN ('physician','nurse') AND e.requested_on IS NOT NULL"
    mental = f"""(SELECT DISTINCT c.person_id, make_date(year(c.date), 1, 1) AS date FROM {contacts} c
        LEFT JOIN read_parquet('{d}/units.parquet') u USING (unit_id)
        WHERE c.diagnosis LIKE 'F%' OR u.kind = 'psychiatry')"""
    home = f"""(SELECT DISTINCT h.person_id, make_date(q.year::INT, 1, 1) AS date
        FROM read_parquet('{d}/home_health_care.parquet') h JOIN (SELECT DISTINCT year FROM pop) q
        ON h.start_on <= make_date(q.year::INT, 12, 31)
        AND (h.end_on IS NULL OR h.end_on >= make_date(q.year::INT, 1, 1)))"""
    return {
        "avoidable_admissions": (
            events(d, "admissions", "admitted_on", f"e.acute AND {acsc}"),
            persons(),
            1e5,
            20,
            200,
        ),
        "avoidable_admissions_std": (
            events(d, "admissions", "admitted_on", f"e.acute AND {acsc}"),
            persons(),
            1e5,
            20,
            200,
        ),
        "readmission_30d_65": (
            events(d, "", "discharged_on", "e.readmitted", source=readmitted),
            events(d, "admissions", "discharged_on"),
            100,
            65,
            200,
        ),
        "inpatient_admissions": (events(d, "admissions", "admitted_on"), persons(), 1e5, 0, 200),
        "emergency_visits_80": (
            events(d, "contacts", "date", "e.care_level = 'emergency'"),
            persons(),
            1000,
            80,
            200,
        ),
        "named_physician": (
            persons(False, "p.named_physician_id IS NOT NULL"),
            persons(False),
            100,
            0,
            200,
        ),
        "continuity_coc": (
            events(
                d, "", "date", monthly=False, x="sum((e.s - e.n) / (e.n * (e.n - 1)))", source=coc
            ),
            events(d, "", "date", monthly=False, source=coc),
            1,
            0,
            200,
        ),
        "primary_care_visits": (events(d, "contacts", "date", primary), persons(), 1, 0, 200),
        "primary_care_share": (
            events(d, "contacts", "date", primary),
            events(
                d,
                "contacts",
                "date",
                "e.care_level IN ('primary','specialist') AND e.mode <> 'phone'",
            ),
            100,
            0,
            200,
        ),
        "assessment_3_days": (
            events(d, "contacts", "date", f"{assessed} AND e.date - e.requested_on <= 3"),
            events(d, "contacts", "date", assessed),
            100,
            0,
            200,
        ),
        "discharge_ready_days_65": (
            events(
                d,
                "admissions",
                "discharged_on",
                "e.discharge_ready_on IS NOT NULL",
                x="sum(e.discharged_on - e.discharge_ready_on)",
            ),
            persons(),
            1000,
            65,
            200,
        ),
        "sip_plans": (events(d, "care_plans", "created_on"), persons(), 1000, 0, 200),
        "home_health_care_65": (
            events(d, "", "date", monthly=False, source=home),
            persons(False),
            100,
            65,
            200,
        ),
        "mental_ill_health_0_17": (
            events(d, "", "date", monthly=False, source=mental),
            persons(False),
            100,
            0,
            17,
        ),
        "digital_visits": (
            events(d, "contacts", "date", "e.mode = 'digital'"),
            persons(),
            1000,
            0,
            200,
        ),
        "home_visits_80": (
            events(d, "contacts", "date", "e.mode = 'home_visit'"),
            persons(),
            1000,
            80,
            200,
        ),
    }


# The age-standardised indicators and their standard populations (the catalogue's).
STANDARD_POPULATIONS = {"avoidable_admissions_std": "esp2013"}


def run_hand_sql(data_dir: Path) -> dict[str, int]:
    """Run every indicator's query in turn; return the number of cells each produced."""
    d = str(data_dir)
    con = duckdb.connect()
    cells = {}
    for indicator_id, (num, den, factor, low, high) in queries(d).items():
        standard = STANDARD_POPULATIONS.get(indicator_id)
        template = TEMPLATE if standard is None else STANDARDISED
        sql = template.format(
            weights=_weights(standard) if standard else "",
            pop=POP.format(d=d),
            num=num,
            den=den,
            band=_band(low),
            low=low,
            high=high,
            id=indicator_id,
            factor=factor,
        )
        cells[indicator_id] = con.sql(sql).to_arrow_table().num_rows
    return cells
