"""A valid upload's changes are foreseen exactly, and a re-upload of a period replaces it."""

from __future__ import annotations

from pathlib import Path

from fardplan.sources.imported import Status, imported_for
from fardplan.sources.upload import County, UploadedValue, validate
from fardplan.sources.upload_format import read_csv
from fardplan.sources.upload_store import planned_changes, store_upload
from tests.sources.test_upload import HEAD, NORRBOTTEN

AREAS = list(NORRBOTTEN.areas)


def values(*lines: str) -> tuple[UploadedValue, ...]:
    result = validate(read_csv("\n".join([HEAD, *lines]).encode()), NORRBOTTEN)
    assert result.valid, result.problems
    return result.values


def test_a_re_upload_replaces_its_periods_and_the_plan_says_what_it_does(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    first = values(
        "U70447;2023;2580;T;;;;55;", "U70447;2024;2580;T;;;;60;", "U70447;2024;2581;T;;;;61;"
    )
    plan = planned_changes(first, AREAS, store)
    assert (len(plan.added), len(plan.changed), len(plan.removed), plan.unchanged) == (3, 0, 0, 0)
    summary = store_upload(first, AREAS, file_name="a.csv", uploaded_by="samordnare",
                           store_path=store)  # fmt: skip
    assert (summary.added, summary.changed, summary.removed) == (3, 0, 0)

    second = values("U70447;2024;2580;T;;;;62;", "U70447;2024;0025;K;;3;50;6;")
    plan = planned_changes(second, AREAS, store)
    assert [c.key[2] for c in plan.added] == ["0025"]
    assert [(c.before.value, c.after.value) for c in plan.changed if c.before and c.after] == [
        (60.0, 62.0)
    ]
    assert [c.key[:3] for c in plan.removed] == [("kolada_u70447", "2024", "2581")]
    assert plan.unchanged == 0
    summary = store_upload(second, AREAS, file_name="b.xlsx", uploaded_by="samordnare",
                           store_path=store)  # fmt: skip
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)

    rows = imported_for(["kolada_u70447"], store_path=store)
    stored = {(r.value.period, r.value.area_code): r for r in rows}
    assert set(stored) == {("2023", "2580"), ("2024", "2580"), ("2024", "0025")}  # 2023 kept
    assert stored[("2024", "2580")].value.value == 62.0
    assert stored[("2024", "2580")].provenance.location == "b.xlsx"
    assert stored[("2023", "2580")].provenance.location == "a.csv"
    withheld = stored[("2024", "0025")].value
    assert withheld.status is Status.SUPPRESSED and withheld.numerator is None
    assert stored[("2024", "2580")].provenance.source == "upload"


def test_another_countys_values_are_outside_the_scope(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    vasterbotten = ["0024", "2480"]
    county = County("24", {"0024": "Region Västerbotten", "2480": "Umeå"})
    theirs = validate(read_csv(f"{HEAD}\nU70447;2024;2480;T;;;;70;".encode()), county).values
    store_upload(theirs, vasterbotten, file_name="ac.csv", uploaded_by="x", store_path=store)
    ours = values("U70447;2024;2580;T;;;;60;")
    assert planned_changes(ours, AREAS, store).removed == ()
    store_upload(ours, AREAS, file_name="bd.csv", uploaded_by="y", store_path=store)
    assert {r.value.area_code for r in imported_for(store_path=store)} == {"2480", "2580"}
