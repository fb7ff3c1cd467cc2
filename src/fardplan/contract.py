"""The care-data contract (care-data.md) as data: tables, column types, allowed values.

One definition for both sides: the engine checks a dataset against the ``kind`` of each column,
and the generator writes each column with its exact ``written`` Arrow type.

Types are checked on the Parquet schema, before any row is read. Integer columns accept any
signed integer width and text columns either Arrow string type, since producers differ in what
they write; anything else (a date stored as text or timestamp, say) breaks the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

Kind = str  # "int", "string", "date", "bool"


WRITTEN: dict[Kind, pa.DataType] = {
    "int": pa.int64(),
    "string": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool = False
    width: pa.DataType | None = None  # the generator's type when not the kind's default

    @property
    def written(self) -> pa.DataType:
        """Return the exact Arrow type the generator writes (the kind's default type)."""
        return self.width or WRITTEN[self.kind]


TABLES: dict[str, tuple[Column, ...]] = {
    "population": (
        Column("year", "int", width=pa.int16()),
        Column("person_id", "int"),
        Column("sex", "string"),
        Column("birth_date", "date"),
        Column("municipality_code", "string"),
        Column("listed_unit_id", "string", nullable=True),
        Column("named_physician_id", "string", nullable=True),
        Column("nursing_home", "bool"),
    ),
    "units": (
        Column("unit_id", "string"),
        Column("name", "string"),
        Column("kind", "string"),
        Column("principal", "string"),
        Column("municipality_code", "string"),
    ),
    "contacts": (
        Column("contact_id", "int"),
        Column("person_id", "int"),
        Column("date", "date"),
        Column("unit_id", "string"),
        Column("care_level", "string"),
        Column("profession", "string"),
        Column("clinician_id", "string", nullable=True),
        Column("mode", "string"),
        Column("diagnosis", "string", nullable=True),
        Column("requested_on", "date", nullable=True),
    ),
    "admissions": (
        Column("admission_id", "int"),
        Column("person_id", "int"),
        Column("unit_id", "string"),
        Column("admitted_on", "date"),
        Column("discharged_on", "date"),
        Column("main_diagnosis", "string"),
        Column("acute", "bool"),
        Column("discharge_ready_on", "date", nullable=True),
    ),
    "care_plans": (
        Column("plan_id", "int"),
        Column("person_id", "int"),
        Column("created_on", "date"),
        Column("municipality_code", "string"),
    ),
    "home_health_care": (
        Column("person_id", "int"),
        Column("municipality_code", "string"),
        Column("start_on", "date"),
        Column("end_on", "date", nullable=True),
    ),
}

# Columns whose values must come from a closed list.
ALLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    ("population", "sex"): ("K", "M"),
    ("units", "kind"): (
        "health_centre",
        "hospital",
        "emergency",
        "psychiatry",
        "municipal_care",
        "digital",
    ),
    ("units", "principal"): ("region", "municipality", "private"),
    ("contacts", "care_level"): ("primary", "specialist", "emergency", "municipal"),
    ("contacts", "profession"): ("physician", "nurse", "other"),
    ("contacts", "mode"): ("in_person", "digital", "home_visit", "phone"),
}

# Columns holding a municipality code (checked against fardplan.reference.sweden).
MUNICIPALITY_COLUMNS = (
    ("population", "municipality_code"),
    ("units", "municipality_code"),
    ("care_plans", "municipality_code"),
    ("home_health_care", "municipality_code"),
)

# Columns holding a unit id (checked against the units table).
UNIT_COLUMNS = (("contacts", "unit_id"), ("admissions", "unit_id"))

# Keys that must be unique within their table.
KEYS: dict[str, tuple[str, ...]] = {
    "population": ("year", "person_id"),
    "units": ("unit_id",),
    "contacts": ("contact_id",),
    "admissions": ("admission_id",),
    "care_plans": ("plan_id",),
}

# Tables of events, with the column that places each row in time (for the population check).
# Home health care is an interval over years, attributed per year it overlaps, so it has none.
EVENT_DATES = {"contacts": "date", "admissions": "admitted_on", "care_plans": "created_on"}


# Pairs of dates of one row in the order the contract gives them: (table, earlier, later,
# what a row breaking it is, in English and Swedish). The later one may be null (an open spell).
DATE_ORDER: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "admissions",
        "admitted_on",
        "discharged_on",
        "discharged before admitted",
        "med utskrivning före inskrivning",
    ),
    (
        "admissions",
        "admitted_on",
        "discharge_ready_on",
        "ready for discharge before admitted",
        "utskrivningsklar före inskrivning",
    ),
    (
        "admissions",
        "discharge_ready_on",
        "discharged_on",
        "ready for discharge after discharged",
        "utskrivningsklar efter utskrivning",
    ),
    (
        "contacts",
        "requested_on",
        "date",
        "with the need made known after the contact",
        "där behovet blev känt efter kontakten",
    ),
    (
        "home_health_care",
        "start_on",
        "end_on",
        "ending before it starts",
        "som slutar innan den börjar",
    ),
)

# The earliest date a dataset can hold (a birth date: no one alive was born before it); the
# latest is the end of next year, past any register's delivery (see ``rules``).
EARLIEST_DATE = "1900-01-01"


def type_matches(kind: Kind, arrow_type: pa.DataType) -> bool:
    """Return True when a Parquet column of ``arrow_type`` satisfies the contract's ``kind``."""
    if kind == "int":
        return bool(pa.types.is_signed_integer(arrow_type))
    if kind == "string":
        return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))
    if kind == "date":
        return bool(pa.types.is_date32(arrow_type) or pa.types.is_date64(arrow_type))
    return bool(pa.types.is_boolean(arrow_type))


def arrow_schema(table: str) -> pa.Schema:
    """Return the exact Arrow schema of ``table`` as the generator writes it."""
    return pa.schema([pa.field(c.name, c.written) for c in TABLES[table]])
