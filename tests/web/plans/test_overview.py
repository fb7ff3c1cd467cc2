"""The county-wide view: matrix, gaps, lateness, look-alikes, timeline and filters."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from fardplan.web.plans import followup, overview
from fardplan.web.plans.models import PlanKind
from fardplan.web.plans.periods import period_of
from fardplan.web.plans.similarity import jaccard, similar_groups, tokens
from fardplan.web.plans.timeline import build_timeline, filter_rows
from tests.web.plans import factories
from tests.web.plans.factories import World

TODAY = date(2025, 6, 15)


def _county(world: World) -> None:
    dc = [factories.direction_change(world.strategy_25, n) for n in (1, 2, 3)]
    lulea = factories.plan(world.strategy_25, world.lulea, title="Lokal plan Luleå")
    pitea = factories.plan(world.strategy_25, world.pitea, title="Lokal plan Piteå")
    county_plan = factories.plan(
        world.strategy_25, world.region_norrbotten, kind=PlanKind.COUNTY, area=None,
        title="Länsgemensamma aktiviteter",
    )  # fmt: skip
    factories.activity(lulea, title="Mobila team för sköra äldre", strategy_items=[dc[0], dc[2]])
    factories.activity(pitea, title="Mobilt team för sköra äldre", strategy_items=[dc[0]],
                       target_groups=["children"], status="planned")  # fmt: skip
    factories.activity(county_plan, title="Digital första linje", strategy_items=[dc[1]],
                       responsible=world.region_norrbotten, end=date(2025, 3, 31))  # fmt: skip


def _rows(world: World) -> list[overview.Row]:
    return overview.build_rows(overview.load_activities(world.norrbotten), TODAY)


def test_it_counts_activities_per_direction_change_and_municipality(world: World) -> None:
    _county(world)
    rows = _rows(world)
    municipalities = overview.municipalities(world.norrbotten)
    assert [m.name for m in municipalities] == ["Luleå kommun", "Piteå kommun"]
    matrix = overview.matrix(
        rows, overview.direction_changes(rows, world.norrbotten), municipalities
    )
    counts = [([c.count for c in row.cells], row.whole_county.count) for row in matrix]
    # The county-wide activity of row 2 counts for both municipalities.
    assert counts == [([1, 1], 0), ([1, 1], 1), ([1, 0], 0), ([0, 0], 0)]
    assert [[c.own for c in row.cells] for row in matrix][1] == [0, 0]
    gaps = {(g.item.position, g.municipality.name) for g in overview.gaps(matrix, municipalities)}
    assert (3, "Piteå kommun") in gaps and (1, "Luleå kommun") not in gaps
    assert (2, "Luleå kommun") not in gaps
    assert len(gaps) == 3


def test_it_counts_a_care_unit_in_its_municipality(world: World) -> None:
    plan = factories.plan(world.strategy_25, world.region_norrbotten, kind="internal", area=None)
    activity = factories.activity(plan, responsible=world.hertson)
    assert overview.municipality_ids(activity) == {world.lulea.pk}


@translation.override("en")
def test_it_marks_late_activities_with_the_reason(world: World) -> None:
    _county(world)
    late = {row.activity.title: row.late_reasons for row in _rows(world)}
    assert late["Digital första linje"] == ["end date passed", "no update this period"]
    assert late["Mobila team för sköra äldre"] == ["no update this period"]
    mobile = next(r.activity for r in _rows(world) if r.activity.title.startswith("Mobila"))
    followup.add_progress(None, mobile, period_of(TODAY), "I gång.", "ongoing")
    digital = next(r.activity for r in _rows(world) if r.activity.title.startswith("Digital"))
    followup.add_progress(None, digital, "2025-T1", "Klar.", "done")
    late = {row.activity.title: row.late_reasons for row in _rows(world)}
    assert late["Mobila team för sköra äldre"] == []
    assert late["Digital första linje"] == []


def test_it_groups_activities_that_look_alike_across_plans(world: World) -> None:
    _county(world)
    groups = overview.similar(_rows(world))
    titles = [sorted(row.activity.title for row in group) for group in groups]
    assert titles == [["Mobila team för sköra äldre", "Mobilt team för sköra äldre"]]


def test_it_compares_titles_by_words() -> None:
    assert tokens("SIP-rutin för barn och unga") == {"sip", "rutin", "barn", "unga"}
    assert jaccard(frozenset(), frozenset()) == 0.0
    titles = ["Gemensam SIP-rutin", "SIP-rutin gemensam", "Skolhälsa", "Gemensam SIP-rutin"]
    # the last one is in the same place as the first, so it is only grouped through the second
    assert similar_groups(titles, ["a", "b", "c", "a"]) == [[0, 1, 3]]
    assert similar_groups(titles[:1] + titles[3:], ["a", "a"]) == []


def test_it_filters_the_timeline(world: World) -> None:
    _county(world)
    rows = _rows(world)
    assert len(filter_rows(rows, world.pitea, "", "")) == 1
    assert [r.activity.title for r in filter_rows(rows, None, "children", "")] == [
        "Mobilt team för sköra äldre"
    ]
    assert len(filter_rows(rows, None, "", "ongoing")) == 2
    timeline = build_timeline(rows)
    assert timeline is not None
    assert [y.year for y in timeline.years] == [2025, 2026]
    assert all(bar.offset >= 0 and bar.offset + bar.width <= 100.01 for bar in timeline.bars)
    assert build_timeline([]) is None


def test_it_groups_the_gaps_by_direction_change(world: World) -> None:
    _county(world)
    rows = _rows(world)
    municipalities = overview.municipalities(world.norrbotten)
    matrix = overview.matrix(
        rows, overview.direction_changes(rows, world.norrbotten), municipalities
    )
    groups = overview.gaps_by_item(matrix, municipalities)
    grouped = [(g.item.position, [m.name for m in g.municipalities]) for g in groups]
    assert grouped == [(3, ["Piteå kommun"]), (4, ["Luleå kommun", "Piteå kommun"])]
    pairs = {(g.item.position, m.name) for g in groups for m in g.municipalities}
    single = {(g.item.position, g.municipality.name) for g in overview.gaps(matrix, municipalities)}
    assert pairs == single


def test_it_writes_the_grouped_gaps_in_swedish(client: Client, world: World) -> None:
    _county(world)
    client.force_login(world.viewer)
    with translation.override("sv"):
        page = client.get(reverse("plans:county", args=["25"]), HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()
    assert "Kommuner utan aktivitet, per rad i tabellen:" in text
    assert "2 kommuner saknar aktivitet: Luleå kommun, Piteå kommun." in text
    assert "1 kommun saknar aktivitet: Piteå kommun." in text
    assert "försenad)" in text and "försenade)" not in text  # one late activity
    assert "saknar aktivitet för" not in text


def test_it_shows_the_county_page_with_gaps_in_words(client: Client, world: World) -> None:
    _county(world)
    client.force_login(world.viewer)
    url = reverse("plans:county", args=["25"])
    page = client.get(url).content.decode()
    assert (
        "3. Stärkt gemensam primärvård</strong> – 1 municipality lacks an activity: Piteå kommun."
        in page
    )
    filtered = client.get(url, {"status": "planned", "organisation": "", "target_group": ""})
    assert filtered.context["selected_count"] == 1
    assert timezone.localdate() == filtered.context["today"]


def test_it_uses_target_areas_when_the_strategy_has_no_direction_changes(world: World) -> None:
    world.strategy_24.items.filter(section="direction_change").delete()
    plan = factories.plan(world.strategy_24, world.umea)
    area = world.strategy_24.items.get(section="target_area", position=2)
    factories.activity(plan, strategy_items=[area])
    rows = overview.build_rows(overview.load_activities(world.vasterbotten), TODAY)
    items = overview.direction_changes(rows, world.vasterbotten)
    assert [i.title for i in items] == [
        "Min egen kraft tas tillvara",
        "Tillsammans för min trygghet",
    ]
    matrix = overview.matrix(rows, items, overview.municipalities(world.vasterbotten))
    assert [[c.count for c in row.cells] for row in matrix] == [[0], [1]]


@given(st.lists(st.tuples(st.text(max_size=30), st.integers(0, 3)), max_size=12))
def test_it_puts_each_activity_in_at_most_one_group(items: list[tuple[str, int]]) -> None:
    titles = [title for title, _place in items]
    places = [place for _title, place in items]
    groups = similar_groups(titles, places)
    members = [index for group in groups for index in group]
    assert len(members) == len(set(members))
    for group in groups:
        assert len({places[index] for index in group}) >= 2


def test_it_serves_the_county_page_in_swedish_and_english(client: Client, world: World) -> None:
    _county(world)
    client.force_login(world.coordinator)
    swedish = client.get("/planer/lan/25/").content.decode()
    assert "Glapp" in swedish and "Tidslinje" in swedish
    assert 'style="' not in swedish  # the timeline draws without inline styles (CSP)
    english = client.get("/en/planer/lan/25/").content.decode()
    assert "Gaps" in english and "Timeline" in english


def test_it_puts_the_active_municipalities_first_and_summarises_the_others(
    world: World,
) -> None:
    for code in ("2505", "2506", "2510"):  # three quiet municipalities, sorted before Luleå
        factories.organisation(world.norrbotten, "municipality", code, f"Arjeplog {code}")
    _county(world)
    rows = _rows(world)
    municipalities = overview.municipalities(world.norrbotten)
    items = overview.direction_changes(rows, world.norrbotten)
    shown = overview.county_matrix(rows, items, municipalities)
    assert [m.name for m in shown.active] == ["Luleå kommun", "Piteå kommun"]
    assert [m.code for m in shown.others] == ["2505", "2506", "2510"]
    first, second = shown.rows[0], shown.rows[1]
    assert [c.own for c in first.shown] == [1, 1]
    assert first.others is not None and first.others.count == 0  # a gap for the quiet three
    assert second.others is not None and second.others.county_wide == 1


def test_it_shows_a_compact_gap_marker_and_a_singular_late(client: Client, world: World) -> None:
    _county(world)
    client.force_login(world.viewer)
    with translation.override("sv"):
        page = client.get("/planer/lan/25/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert page.count('<span class="visually-hidden">Glapp</span>') == 3
    assert "+1 län" in page  # the county-wide activity, in each municipality's cell of row 2
    assert "(1 försenad)" in page


def test_it_claims_nothing_for_a_county_without_plans(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    page = client.get("/en/planer/lan/25/").content.decode()
    assert "The county has no action plans yet" in page
    assert "Every municipality has at least one activity" not in page
    assert "lansplan.xlsx" not in page and "lansplan.docx" not in page
    assert "/en/planer/ny/?lan=25" in page
