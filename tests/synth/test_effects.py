"""The effect switch: the chosen municipality's rate changes by about the stated amount from
the chosen month; every other municipality is generated exactly as without the effect."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fardplan.synth import EffectError, generate, parse_effect
from fardplan.synth.effects import check_effects

UMEA = "2480"


def _counts(folder: Path, sql_table: str, condition: str) -> dict[tuple[str, bool], int]:
    """Return {(municipality, after 1 June 2024): events} for the rows matching ``condition``."""
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW pop AS SELECT *, year - year(birth_date) AS age "
        f"FROM '{folder}/population.parquet'"
    )
    rows = con.execute(f"""
        SELECT p.municipality_code, e.day >= DATE '2024-06-01', count(*)
        FROM ({sql_table}) e JOIN pop p ON p.person_id = e.person_id AND p.year = year(e.day)
        WHERE {condition} GROUP BY ALL""").fetchall()
    return {(code, bool(after)): int(n) for code, after, n in rows}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("effects")
    effects = [
        parse_effect(f"{UMEA}:avoidable_admissions:-20%:2024-06"),
        parse_effect(f"{UMEA}:emergency_visits_80:+30%:2024-06"),
    ]
    generate(root / "base", counties=["24"], years=[2024], scale=1.0, seed=3)
    generate(root / "effect", counties=["24"], years=[2024], scale=1.0, seed=3, effects=effects)
    return root / "base", root / "effect"


@pytest.mark.parametrize(
    ("table", "condition", "change", "tolerance", "before_tolerance"),
    [
        (
            "SELECT person_id, admitted_on AS day, main_diagnosis FROM '{f}/admissions.parquet' "
            "WHERE acute",
            "regexp_matches(main_diagnosis, '^(I50|J4[3-6]|E1[0-4])') AND age >= 20",
            -0.20,
            0.06,
            0.05,
        ),
        (
            "SELECT person_id, date AS day FROM '{f}/contacts.parquet' "
            "WHERE care_level = 'emergency'",
            "age >= 80",
            0.30,
            0.05,
            0.0,
        ),
    ],
    ids=["avoidable_admissions", "emergency_visits_80"],
)
def test_it_changes_only_the_chosen_municipality_from_the_month(
    runs: tuple[Path, Path],
    table: str,
    condition: str,
    change: float,
    tolerance: float,
    before_tolerance: float,
) -> None:
    base = _counts(runs[0], table.format(f=runs[0]), condition)
    effect = _counts(runs[1], table.format(f=runs[1]), condition)
    before = effect[(UMEA, False)] / base[(UMEA, False)] - 1
    # Before June the drawn events are the same; readmissions (which follow index stays drawn
    # in one sequence) may shift a little.
    assert abs(before) <= before_tolerance, before
    ratio = effect[(UMEA, True)] / base[(UMEA, True)] - 1
    assert abs(ratio - change) <= tolerance, ratio
    others = {key: n for key, n in base.items() if key[0] != UMEA}
    assert others and others == {key: n for key, n in effect.items() if key[0] != UMEA}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2480:avoidable_admissions:-20:2024-06", "expected MUNICIPALITY"),
        ("9999:avoidable_admissions:-20%:2024-06", "unknown municipality"),
        ("2480:named_physician:-20%:2024-06", "no effect switch"),
        ("2480:sip_plans:-100%:2024-06", "above -100%"),
        ("2480:sip_plans:+600%:2024-06", "≤ 500%"),
        ("2480:sip_plans:+10%:2024-13", "not 01–12"),
    ],
)
def test_it_refuses_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(EffectError, match=message):
        parse_effect(spec)


def test_it_refuses_effects_outside_the_generated_data() -> None:
    effect = parse_effect("0180:digital_visits:+50%:2024-01")
    with pytest.raises(EffectError, match="not in the generated counties"):
        check_effects([effect], [UMEA], [2024])
    with pytest.raises(EffectError, match="outside 2025–2025"):
        check_effects([effect], ["0180"], [2025])
    with pytest.raises(EffectError, match="given twice"):
        check_effects([effect, effect], ["0180"], [2024])


@pytest.mark.parametrize(
    "target", ["readmission_30d_65", "home_visits_80", "sip_plans", "digital_visits"]
)
def test_it_accepts_every_supported_switch(tmp_path: Path, target: str) -> None:
    effect = parse_effect(f"2584:{target}:-50%:2024-03")
    summary = generate(
        tmp_path / target, counties=["25"], years=[2024], scale=0.01, effects=[effect]
    )
    assert summary.rows["contacts"] > 0
