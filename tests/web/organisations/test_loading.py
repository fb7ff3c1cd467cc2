from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fardplan.web.organisations.loading import (
    EXAMPLE_NOTE,
    LoadSummary,
    load_organisations,
    region_name,
)
from fardplan.web.organisations.models import County, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

KIND = OrganisationKind


def _snapshot() -> list[tuple[object, ...]]:
    rows = Organisation.objects.order_by("kind", "code")
    return list(
        rows.values_list("kind", "code", "name", "county__code", "population", "municipality_id")
    )


def test_it_loads_21_counties_21_regions_and_290_municipalities(loaded: LoadSummary) -> None:
    assert County.objects.count() == 21
    assert Organisation.objects.filter(kind=KIND.REGION).count() == 21
    assert Organisation.objects.filter(kind=KIND.MUNICIPALITY).count() == 290
    assert loaded.counts == {
        "county": 21,
        "region": 21,
        "municipality": 290,
        "care_unit": 74,
        "collaboration": 2,
    }


@pytest.mark.parametrize(
    ("code", "name", "county"),
    [
        ("2480", "Umeå", "24"),
        ("2262", "Timrå", "22"),
        ("2321", "Åre", "23"),
        ("1880", "Örebro", "18"),
        ("0509", "Ödeshög", "05"),
    ],
)
def test_it_keeps_names_with_swedish_letters(
    loaded: LoadSummary, code: str, name: str, county: str
) -> None:
    municipality = Organisation.objects.get(kind=KIND.MUNICIPALITY, code=code)
    assert municipality.name == name
    assert municipality.county.code == county


def test_it_names_the_regions(loaded: LoadSummary) -> None:
    names = dict(Organisation.objects.filter(kind=KIND.REGION).values_list("code", "name"))
    assert names["25"] == "Region Norrbotten"
    assert names["14"] == "Västra Götalandsregionen"
    assert names["05"] == "Region Östergötland"
    assert names["09"] == "Region Gotland"


def test_it_names_the_counties(loaded: LoadSummary) -> None:
    county = County.objects.get(code="22")
    assert (county.name, county.short_name) == ("Västernorrlands län", "Västernorrland")


def test_it_marks_gotland_as_one_organisation(loaded: LoadSummary) -> None:
    region = Organisation.objects.get(kind=KIND.REGION, code="09")
    municipality = Organisation.objects.get(kind=KIND.MUNICIPALITY, code="0980")
    assert "samma organisation" in region.description
    assert region.description == municipality.description
    assert region.population == municipality.population


def test_it_stores_the_2024_population(loaded: LoadSummary) -> None:
    region = Organisation.objects.get(kind=KIND.REGION, code="24")
    # SCB's published figure for Västerbottens län at 31 December 2024.
    assert region.population == 281_138
    municipalities = Organisation.objects.filter(kind=KIND.MUNICIPALITY)
    assert sum(m.population or 0 for m in municipalities) == 10_587_710


def test_it_changes_nothing_when_run_twice(loaded: LoadSummary) -> None:
    before = _snapshot()
    again = load_organisations()
    assert again.created == 0
    assert again.counts == loaded.counts
    assert _snapshot() == before
    assert Organisation.objects.get(code="polsam").members.count() == 15


def test_it_counts_every_row_as_new_on_an_empty_database(loaded: LoadSummary) -> None:
    assert loaded.created == 21 + 21 + 290 + 11 + 63 + 2


def test_it_runs_as_a_management_command(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_organisations")
    call_command("load_organisations")
    out = capsys.readouterr().out
    assert "(0 new)" in out
    assert "municipality: 290" in out
    assert County.objects.count() == 21


def test_it_loads_polsam_with_the_region_and_14_municipalities(loaded: LoadSummary) -> None:
    polsam = Organisation.objects.get(kind=KIND.COLLABORATION, code="polsam")
    members = polsam.members.all()
    assert members.count() == 15
    assert {m.county.code for m in members} == {"25"}
    assert members.filter(kind=KIND.REGION).get().name == "Region Norrbotten"


def test_it_loads_social_reko_with_the_region_and_7_municipalities(loaded: LoadSummary) -> None:
    body = Organisation.objects.get(kind=KIND.COLLABORATION, code="social-reko")
    names = set(body.members.values_list("name", flat=True))
    assert names == {
        "Region Västernorrland",
        "Härnösand",
        "Kramfors",
        "Sollefteå",
        "Sundsvall",
        "Timrå",
        "Ånge",
        "Örnsköldsvik",
    }


def test_it_loads_the_hospitals_with_their_municipality(loaded: LoadSummary) -> None:
    nus = Organisation.objects.get(kind=KIND.CARE_UNIT, code="norrlands-universitetssjukhus")
    assert nus.name == "Norrlands universitetssjukhus"
    assert nus.municipality is not None and nus.municipality.name == "Umeå"
    assert (nus.county.code, nus.unit_kind, nus.principal) == ("24", "hospital", "region")
    per_county = {
        code: Organisation.objects.filter(
            kind=KIND.CARE_UNIT, unit_kind="hospital", county__code=code
        ).count()
        for code in ("22", "24", "25")
    }
    assert per_county == {"22": 3, "24": 3, "25": 5}


def test_it_loads_a_health_centre_in_every_municipality_marked_as_example(
    loaded: LoadSummary,
) -> None:
    centres = Organisation.objects.filter(kind=KIND.CARE_UNIT, unit_kind="health_centre")
    assert centres.count() == 63
    places = set(centres.values_list("municipality__code", flat=True))
    municipalities = Organisation.objects.filter(
        kind=KIND.MUNICIPALITY, county__code__in=["22", "24", "25"]
    )
    assert places == set(municipalities.values_list("code", flat=True))
    assert {c.description for c in centres} == {EXAMPLE_NOTE}
    hertson = centres.get(code="hc-hertsons")
    assert hertson.municipality is not None and hertson.municipality.name == "Luleå"
    nus = Organisation.objects.get(code="norrlands-universitetssjukhus")
    assert nus.description == ""  # a sourced unit is not marked


def test_region_name_uses_the_short_name() -> None:
    from fardplan.reference.sweden import Region

    assert region_name(Region("20", "Dalarnas län", "Dalarna")) == "Region Dalarna"
    assert region_name(Region("14", "Västra Götalands län", "Västra Götaland")) == (
        "Västra Götalandsregionen"
    )


def test_it_writes_nothing_when_the_example_file_is_wrong(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "examples.yaml"
    bad.write_text(
        "care_units:\n  - {code: x, name: X, municipality: '2599', unit_kind: hospital,"
        " principal: region}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as raised:
        call_command("load_organisations", examples=bad)
    assert str(bad) in str(raised.value)
    assert "care_units.0.municipality" in str(raised.value)
    assert County.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_it_loads_another_example_file(db: None, tmp_path: Path) -> None:
    other = tmp_path / "examples.yaml"
    other.write_text(
        "collaborations:\n  - {code: vasterbotten, county: '24', name: Samverkan AC,"
        " members: ['24', '2480', '2482']}\n",
        encoding="utf-8",
    )
    summary = load_organisations(other)
    assert summary.counts["collaboration"] == 1
    assert summary.counts["care_unit"] == 0
    body = Organisation.objects.get(code="vasterbotten")
    assert sorted(body.members.values_list("name", flat=True)) == [
        "Region Västerbotten",
        "Skellefteå",
        "Umeå",
    ]


def test_it_reports_a_missing_example_file(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"missing\.yaml"):
        call_command("load_organisations", examples=tmp_path / "missing.yaml")
