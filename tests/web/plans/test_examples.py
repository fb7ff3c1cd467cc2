"""The example plans load against whatever organisations and strategies exist, and again
without duplicates."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from fardplan.web.organisations.models import Organisation, OrganisationKind, UnitKind
from fardplan.web.plans import overview
from fardplan.web.plans.examples import Shift, county_strategy, load_examples, read_examples
from fardplan.web.plans.models import Activity, Plan
from fardplan.web.strategies.models import Section, Strategy
from tests.web.plans import factories


def _norrbotten() -> None:
    county = factories.county("25", "Norrbottens län")
    factories.organisation(county, OrganisationKind.REGION, "25", "Region Norrbotten")
    for code, name in [
        ("2580", "Luleå kommun"),
        ("2581", "Piteå kommun"),
        ("2584", "Kiruna kommun"),
    ]:
        factories.organisation(county, OrganisationKind.MUNICIPALITY, code, name)
    factories.organisation(
        county, OrganisationKind.CARE_UNIT, "sunderby-sjukhus", "Sunderby sjukhus",
        unit_kind=UnitKind.HOSPITAL, principal="region",
    )  # fmt: skip
    factories.organisation(
        county, OrganisationKind.CARE_UNIT, "hc-hertsons", "Hertsöns hälsocentral",
        unit_kind=UnitKind.HEALTH_CENTRE, principal="region",
    )  # fmt: skip
    strategy = factories.strategy(county, "tillsammans-for-nara-vard-i-norrbotten")
    old = factories.strategy(county, "old-draft")
    Strategy.objects.filter(pk=old.pk).update(status="draft", period_start=2015, period_end=2020)
    assert county_strategy("25") == strategy
    factories.county("24", "Västerbottens län")


def _run() -> str:
    out = StringIO()
    call_command("load_example_plans", stdout=out)
    return out.getvalue()


def test_it_validates_the_shipped_examples() -> None:
    counties = read_examples().counties
    assert [c.county for c in counties] == ["25", "24", "22"]
    titles = [a.title for c in counties for p in c.plans for a in p.activities]
    assert any("SIP" in t for t in titles) and any("Digital första linje" in t for t in titles)


def test_it_loads_examples_once_and_says_what_it_skipped(db: None) -> None:
    _norrbotten()
    output = _run()
    assert "County 24: no strategy loaded; skipped" in output
    assert "County 22: no strategy loaded; skipped" in output
    assert "organisation 'pitea-alvdals-sjukhus' is not loaded; left out" in output
    assert "4 example plans created." in output
    plans = Plan.objects.filter(county__code="25")
    assert plans.count() == 4
    assert plans.filter(kind="county").count() == 1
    assert set(plans.filter(public=True).values_list("title", flat=True)) == {
        "Lokal handlingsplan Luleå", "Länsgemensamma aktiviteter i Norrbotten"
    }  # fmt: skip
    mobile = Activity.objects.get(title="Mobila team för sköra äldre")
    assert {i.title for i in mobile.strategy_items.all()} == {
        "Öppnare vårdformer", "Stärkt gemensam primärvård"
    }  # fmt: skip
    assert mobile.indicators.count() == 3
    assert mobile.updates.count() == 2
    assert all(i.section == Section.DIRECTION_CHANGE for i in mobile.strategy_items.all())
    counts = (Plan.objects.count(), Activity.objects.count())
    again = _run()
    assert "0 example plans created." in again and "already loaded" in again
    assert (Plan.objects.count(), Activity.objects.count()) == counts


def test_it_moves_dates_and_periods_by_whole_tertials() -> None:
    shift = Shift.between(date(2026, 6, 15), date(2027, 3, 1))
    assert shift == Shift(2)
    assert shift.day(date(2025, 1, 1)) == date(2025, 9, 1)
    assert shift.day(date(2026, 6, 30)) == date(2027, 2, 28)  # a month's end stays its end
    assert shift.day(date(2026, 10, 30)) == date(2027, 6, 30)
    assert shift.period("2025-T3", date(2027, 3, 1)) == "2026-T2"
    assert shift.period("2026-T2", date(2027, 3, 1)) == "2027-T1"
    assert shift.period("current", date(2027, 3, 1)) == "2027-T1"
    back = Shift.between(date(2026, 6, 15), date(2025, 1, 2))
    assert back.day(date(2026, 5, 31)) == date(2025, 1, 31)
    assert back.period("2026-T2", date(2025, 1, 2)) == "2025-T1"


def test_it_dates_the_plans_around_the_day_of_loading_with_authors(db: None) -> None:
    _norrbotten()
    editor = factories.user("redaktor-lulea", editor=Organisation.objects.get(code="2580"))
    today = date(2027, 3, 1)  # two tertials after the file's day
    load_examples(today)
    luleå = Plan.objects.get(title="Lokal handlingsplan Luleå")
    assert (luleå.start, luleå.end) == (date(2025, 9, 1), date(2028, 8, 31))
    rows = overview.build_rows(overview.load_activities(luleå.county), today)
    late = [row for row in rows if row.is_late]
    assert 0 < len(late) < len(rows) / 2, [r.activity.title for r in late]
    mobile = Activity.objects.get(title="Mobila team för sköra äldre")
    assert {u.period for u in mobile.updates.all()} == {"2026-T2", "2027-T1"}
    assert {u.author for u in mobile.updates.all()} == {editor}
