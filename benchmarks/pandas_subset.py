"""The pandas baseline for a subset of indicators, written as a pandas user would.

Yearly and monthly cells per municipality, region, sex and age band of four indicators:
inpatient admissions, primary-care visits, emergency visits 80+ and the COC index.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.subset import SUBSET

__all__ = ["SUBSET", "run_pandas"]

BANDS = [-1, 17, 64, 79, 200]
LABELS = ["0-17", "18-64", "65-79", "80+"]


def _roll(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    frame = frame.assign(region="00" + frame["municipality_code"].str[:2])
    parts = []
    for area in ("municipality_code", "region"):
        for sex in (True, False):
            for age in (True, False):
                keys = ["period", area] + (["sex"] if sex else []) + (["band"] if age else [])
                part = frame.groupby(keys, observed=True)[value].sum().reset_index()
                parts.append(part.rename(columns={area: "area_code"}))
    return pd.concat(parts)


def run_pandas(data_dir: Path) -> dict[str, int]:
    """Compute the subset; return the number of cells each produced."""
    pop = pd.read_parquet(data_dir / "population.parquet")
    pop["age"] = pop["year"].astype(int) - pop["birth_date"].map(lambda d: d.year)
    pop["band"] = pd.cut(pop["age"], BANDS, labels=LABELS)
    people = pop[["person_id", "year", "municipality_code", "sex", "age", "band"]]
    contacts = pd.read_parquet(data_dir / "contacts.parquet")
    admissions = pd.read_parquet(data_dir / "admissions.parquet")
    cells: dict[str, int] = {}

    def attributed(events: pd.DataFrame, date: str) -> pd.DataFrame:
        dates = pd.to_datetime(events[date])
        events = events.assign(year=dates.dt.year, month=dates.dt.strftime("%Y-%m"))
        return events.merge(people, on=["person_id", "year"])

    def count(events: pd.DataFrame, name: str) -> None:
        yearly = events.assign(period=events["year"].astype(str), n=1)
        monthly = events.assign(period=events["month"], n=1)
        cells[name] = len(_roll(pd.concat([yearly, monthly]), "n"))

    count(attributed(admissions, "admitted_on"), "inpatient_admissions")
    visits = attributed(contacts, "date")
    count(
        visits[(visits.care_level == "primary") & (visits["mode"] != "phone")],
        "primary_care_visits",
    )
    count(visits[(visits.care_level == "emergency") & (visits.age >= 80)], "emergency_visits_80")
    eligible = visits[
        (visits.care_level == "primary")
        & (visits.profession == "physician")
        & (visits["mode"] != "phone")
        & visits.clinician_id.notna()
    ]
    keys = ["person_id", "year", "municipality_code", "sex", "band"]
    per_clinician = eligible.groupby([*keys, "clinician_id"], observed=True).size().rename("k")
    per_person = per_clinician.reset_index().assign(k2=lambda f: f.k**2)
    per_person = per_person.groupby(keys, observed=True)[["k", "k2"]].sum().reset_index()
    per_person = per_person[per_person.k >= 3]
    per_person["coc"] = (per_person.k2 - per_person.k) / (per_person.k * (per_person.k - 1))
    per_person["period"] = per_person["year"].astype(str)
    cells["continuity_coc"] = len(_roll(per_person, "coc"))
    assert np.isfinite(per_person["coc"]).all()
    return cells
