"""Issue 20, done when: recording the last missing decision in Västernorrland brings Timrå's
conditional decision into force on that date. Through the web, as a coordinator of the
county: Ånge's and Kramfors' councils adopt, and Timrå (and Härnösand, on the same condition)
are in force from Kramfors' meeting, which the strategy's history records."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from fardplan.web.decisions.adoption import statuses_of
from fardplan.web.decisions.examples import load_example_decisions
from fardplan.web.organisations.loading import load_organisations
from fardplan.web.organisations.models import Organisation, OrganisationKind
from fardplan.web.strategies.models import Strategy, StrategyChange
from fardplan.web.strategies.services import import_example_strategies
from tests.web.decisions.posts import decision_post, post_create
from tests.web.plans.factories import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(db: None) -> Strategy:
    load_organisations()
    import_example_strategies()
    load_example_decisions()
    return Strategy.objects.get(county__code="22")


def _municipality(code: str) -> Organisation:
    return Organisation.objects.get(kind=OrganisationKind.MUNICIPALITY, code=code)


def _adopt(client: Client, strategy: Strategy, code: str, day: str, paragraph: str) -> None:
    data = decision_post(_municipality(code), strategy, meeting_date=day, paragraph=paragraph,
                         title="Målbild för god och nära vård 2030")  # fmt: skip
    response = post_create(client, "22", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_last_adoption_brings_timras_condition_into_force(
    client: Client, strategy: Strategy
) -> None:
    region = Organisation.objects.get(kind=OrganisationKind.REGION, code="22")
    coordinator = user("samordnare-y", coordinator=region)
    client.force_login(coordinator)

    _adopt(client, strategy, "2260", "2021-10-25", "88")  # Ånge
    timra = statuses_of(strategy)["2262"]
    assert str(timra.state) == "adopted_on_condition"
    assert timra.waiting_for == ("2282",)  # Kramfors only

    _adopt(client, strategy, "2282", "2021-11-29", "102")  # Kramfors, the last one
    statuses = statuses_of(strategy)
    assert all(status.binding for status in statuses.values())
    assert (str(statuses["2262"].state), statuses["2262"].since.isoformat()) == (  # type: ignore[union-attr]
        "in_force", "2021-11-29",
    )  # fmt: skip

    change = StrategyChange.objects.filter(strategy=strategy, field="adoption:2262").latest("id")
    assert (change.user, change.source) == (coordinator, "decision")
    assert (change.before or {})["state"] == "adopted_on_condition"
    assert change.after is not None
    assert (change.after["state"], change.after["since"]) == ("in_force", "2021-11-29")
    assert "Kramfors" in change.after["decision"]

    with translation.override("sv"):
        url = strategy.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Strategin är antagen av alla huvudmän." in page
    assert 'aria-label="Timrå: I kraft sedan 2021-11-29"' in page
    assert "Antagande: Timrå" in page  # the history's row, made in "ett registrerat beslut"
    assert "ett registrerat beslut" in page
    assert "I kraft sedan 2021-11-29" in page
