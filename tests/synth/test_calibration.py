"""The generated data lands near the national indicator levels (within each stated tolerance).

A national sample at 1 % (about 106 000 persons) keeps the test fast. The values of 2024 are
checked, the second generated year, as in a default run (2023–2025); the tolerances are those of
the calibration report (fardplan.synth.report.TARGETS).
"""

from __future__ import annotations

import pytest

from fardplan.synth import generate
from fardplan.synth.report import TARGETS, calibration

CHECKED = [t for t in TARGETS if t.target is not None]


@pytest.fixture(scope="module")
def national_values(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[int, float]]:
    out = tmp_path_factory.mktemp("national") / "sample"
    generate(out, years=[2023, 2024], scale=0.01, seed=7)
    return calibration(out, years=[2024])


@pytest.mark.parametrize("target", CHECKED, ids=[t.id for t in CHECKED])
def test_it_lands_near_the_national_level(
    national_values: dict[str, dict[int, float]], target: object
) -> None:
    from fardplan.synth.report import Target

    assert isinstance(target, Target) and target.target is not None
    value = national_values[target.id][2024]
    assert target.accepts(value), f"{target.id}: {value:.3f}"


def test_it_spreads_named_physicians_over_30_to_55_percent_by_region(
    national_values: dict[str, dict[int, float]],
) -> None:
    assert 25 <= national_values["named_physician_min"][2024] <= 35
    assert 50 <= national_values["named_physician_max"][2024] <= 60


def test_it_reports_values_for_the_information_rows(
    national_values: dict[str, dict[int, float]],
) -> None:
    assert 5 < national_values["home_health_care_65"][2024] < 15
    assert 2 < national_values["sip_plans"][2024] < 8
    assert national_values["digital_visits"][2024] > 100
    assert national_values["home_visits_80"][2024] > 1000


def test_it_writes_about_sixty_million_contacts_a_year_at_full_scale(
    national_values: dict[str, dict[int, float]],
) -> None:
    per_person = national_values["contacts_per_person"][2024]
    assert 55e6 <= per_person * 10_587_710 <= 66e6
