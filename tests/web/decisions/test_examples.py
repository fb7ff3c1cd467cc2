"""The example decisions of the three counties: loaded once (idempotent), every principal's
state the one the shipped files give, and shown on the county pages with invented decisions
marked."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from fardplan.adoption import adoption_status
from fardplan.content.decisions import decision_facts, load_decisions_yaml
from fardplan.content.examples.decisions import decision_files
from fardplan.web.decisions.adoption import principals_of, statuses_of
from fardplan.web.decisions.examples import load_example_decisions
from fardplan.web.decisions.models import Decision
from fardplan.web.organisations.loading import load_organisations
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import import_example_strategies
from tests.web.plans.factories import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db: None) -> None:
    load_organisations()
    import_example_strategies()
    load_example_decisions()


def _states(code: str) -> dict[str, str]:
    strategy = Strategy.objects.get(county__code=code)
    return {c: str(s.state) for c, s in statuses_of(strategy).items()}


@pytest.mark.parametrize("entry", decision_files(), ids=lambda entry: entry.name)
def test_the_database_gives_each_principal_the_state_its_file_gives(
    loaded: None, entry: object
) -> None:
    document = load_decisions_yaml(entry.read_text("utf-8"), entry.name)  # type: ignore[attr-defined]
    strategy = Strategy.objects.get(slug=document.strategy)
    codes = [o.code for o in principals_of(strategy.county)]
    from_file = adoption_status("s", codes, decision_facts(document.decisions, "s"))
    from_database = statuses_of(strategy)
    assert {c: (s.state, s.since, s.waiting_for) for c, s in from_database.items()} == {
        c: (s.state, s.since, s.waiting_for) for c, s in from_file.items()
    }
    assert Decision.objects.filter(organisation__county__code=document.county).count() == len(
        document.decisions
    )


def test_vasternorrland_waits_for_kramfors_and_ange(loaded: None) -> None:
    states = _states("22")
    assert states["2262"] == "adopted_on_condition"  # Timrå, on condition of every principal
    assert states["2260"] == "proposed"  # Ånge: kommunstyrelsen has proposed
    assert states["2282"] == "prepared"  # Kramfors: prepared by Social-ReKo only
    assert states["2284"] == "in_force"  # Örnsköldsvik waited for the region only
    strategy = Strategy.objects.get(county__code="22")
    timra = statuses_of(strategy)["2262"]
    assert timra.waiting_for == ("2282", "2260")


def test_the_counties_partway(loaded: None) -> None:
    bound = {
        code: sum(state in ("adopted", "in_force") for state in _states(code).values())
        for code in ("22", "24", "25")
    }
    assert bound == {"22": 4, "24": 2, "25": 5}
    assert _states("24")["2418"] == "rejected"  # Malå


def test_loading_again_records_nothing_new(loaded: None) -> None:
    before = Decision.objects.count()
    assert load_example_decisions().created == 0
    call_command("load_example_decisions", verbosity=0)
    assert Decision.objects.count() == before


def test_the_real_decisions_are_not_marked_invented(loaded: None) -> None:
    timra = Decision.objects.get(organisation__code="2262", body="kommunfullmaktige")
    assert not timra.invented
    assert timra.paragraph == "17" and timra.diary_number == "KS/2020:527"
    assert timra.requires_all_principals
    assert timra.proposed_by == "Kommunstyrelsen"
    assert [s.members for s in timra.statements.all()] == [
        "Robert Thunfors (T), Björn Hellquist (L)",
        "Per-Arne Frisk (S)",
    ]
    assert timra.documents.values_list("title", flat=True).first() == "SN 2020-12-15 § 176"
    assert Decision.objects.get(organisation__code="polsam").invented is False
    assert Decision.objects.filter(invented=True).count() > 20


def test_the_county_page_shows_the_table_map_and_invented_marks(
    loaded: None, client: Client
) -> None:
    with translation.override("sv"):
        url = Strategy.objects.get(county__code="22").county.get_absolute_url()
    page = client.get(url).content.decode()
    assert "4 av 8 huvudmän har antagit strategin." in page
    assert 'aria-label="Timrå: Antagen med villkor sedan 2021-01-25"' in page
    assert 'aria-label="Kramfors: Beredd sedan 2020-10-23"' in page
    assert "Påhittat exempel" in page
    assert "antagen med villkor: väntar på Kramfors, Ånge." in page


def test_vasterbottens_draft_roadmap_shows_its_adoption_to_the_countys_members(
    loaded: None, client: Client
) -> None:
    # The roadmap is still a draft in the example content: like the strategy itself, its
    # adoption is for the county's members; anyone reads Norrbotten's and Västernorrland's.
    with translation.override("sv"):
        url = Strategy.objects.get(county__code="24").county.get_absolute_url()
    assert "Antagandet av" not in client.get(url).content.decode()
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="24")
    client.force_login(user("lasare-ac", viewer=region))
    page = client.get(url).content.decode()
    assert "Antagandet av ”Färdplan Nära vård 2030 i Västerbotten”" in page
    assert "2 av 16 huvudmän har antagit strategin." in page
    assert 'aria-label="Malå: Avslagen sedan 2023-11-28"' in page
