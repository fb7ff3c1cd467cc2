"""The Kolada client against recorded answers served on loopback: no test reaches the internet."""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path

import pytest

from fardplan.sources.imported import Status, imported_batches, imported_for
from fardplan.sources.kolada import Entry, KoladaClient, KoladaError
from fardplan.sources.kolada_import import county_areas, fetch_county, imported_indicators
from fardplan.sources.kolada_replay import load_recording, serve_recording
from tests.sources.kolada_server import Reply, scripted

RECORDING = load_recording(Path(__file__).with_name("recordings") / "kolada-2580.json")
DATA = "/v2/data/kpi/U79133/municipality/2580/year/2023?per_page=5000"
ONE = {"kpi": "U79133", "municipality": "2580", "period": 2023}


def quick(base: str, **options: float) -> KoladaClient:
    """A client without pauses between requests or retries (the tests' time is not Kolada's)."""
    settings: dict[str, float] = {"min_interval": 0, "backoff": 0, "retries": 2, "timeout": 5}
    return KoladaClient(base, **{**settings, **options})  # type: ignore[arg-type]


def body(*items: dict[str, object]) -> bytes:
    return json.dumps({"values": list(items), "count": len(items)}).encode()


def test_it_follows_every_page_and_keeps_genders_and_null_values() -> None:
    with serve_recording(RECORDING) as base, quick(base, per_page=2) as client:
        entries = client.data(["U79133", "U79092"], ["2580", "2514", "0025", "0000"], [2023, 2024])
        assert client.requests == 3  # six area-years at two a page
    assert len(entries) == 10
    assert Entry("U79133", "2580", 2023, "M", 702.8, 1, "") in entries
    withheld = [
        e for e in entries if e.kpi == "U79092" and e.area_code == "2580" and e.gender == "K"
    ]
    assert withheld == [Entry("U79092", "2580", 2023, "K", None, 1, "..")]
    assert Entry("U79092", "2514", 2023, "T", None, 0, "Missing") in entries


def test_it_reads_kpi_metadata_and_names_an_unknown_kpi() -> None:
    with serve_recording(RECORDING) as base, quick(base) as client:
        u79133, u79092 = client.kpis(["U79133", "U79092"])
        assert u79133.publication_date == date(2025, 9, 30) and u79133.divided_by_gender
        assert u79092.publication_date == date(2025, 10, 1) and u79133.municipality_type == "A"
        with pytest.raises(KoladaError, match="Kolada knows no KPI N00000"):
            client.kpis(["U79133", "N00000"])


def test_a_429_is_retried_after_the_wait_kolada_asks_for() -> None:
    replies = {
        DATA: [Reply(429, b"{}", {"Retry-After": "0"}), Reply(body=body({**ONE, "values": []}))]
    }
    with scripted(replies) as (base, script), quick(base) as client:
        assert client.data(["U79133"], ["2580"], [2023]) == []
    assert script.asked == [DATA, DATA]


def test_a_500_that_persists_is_an_error_after_the_retries() -> None:
    with (
        scripted({DATA: [Reply(500, b"oops")]}) as (base, script),
        quick(base) as client,
        pytest.raises(KoladaError, match=r"answered HTTP 500 \(3 attempts\)") as error,
    ):
        client.data(["U79133"], ["2580"], [2023])
    assert len(script.asked) == 3
    assert "Kolada svarade HTTP 500 (3 försök)" in error.value.describe("sv")


def test_a_long_retry_after_is_an_error_rather_than_a_stall() -> None:
    with (
        scripted({DATA: [Reply(429, b"{}", {"Retry-After": "3600"})]}) as (base, _),
        quick(base) as client,
        pytest.raises(KoladaError, match="asks to wait 3600 s"),
    ):
        client.data(["U79133"], ["2580"], [2023])


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"<html>maintenance</html>", "answered something unexpected: not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"count": 0}', "no list 'values'"),
        (body({**ONE, "period": "23", "values": []}), "item 1: period '23' is not a year"),
        (
            body({**ONE, "values": [{"gender": "X", "value": 1.0}]}),
            r"item 1 \(U79133 2580 2023\): gender 'X' is not K, M or T",
        ),
        (
            body({**ONE, "values": [{"gender": "T", "value": "many"}]}),
            "value 'many' is not a number",
        ),
        (body({**ONE, "municipality": None, "values": []}), "municipality None is not a text"),
    ],
)
def test_an_unexpected_body_is_refused_by_name(answer: bytes, message: str) -> None:
    with (
        scripted({DATA: [Reply(200, answer)]}) as (base, _),
        quick(base) as client,
        pytest.raises(KoladaError, match=message),
    ):
        client.data(["U79133"], ["2580"], [2023])


def test_a_timeout_is_an_error_naming_the_wait() -> None:
    with (
        scripted({DATA: [Reply(delay=1.0)]}) as (base, script),
        quick(base, timeout=0.2, retries=1) as client,
        pytest.raises(KoladaError, match=r"did not answer within 0.2 s \(2 attempts\)"),
    ):
        client.data(["U79133"], ["2580"], [2023])
    assert len(script.asked) == 2


def test_an_unreachable_service_is_named() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        quick(f"http://127.0.0.1:{port}/v2", retries=0) as client,
        pytest.raises(KoladaError, match="Kolada cannot be reached"),
    ):
        client.kpis(["U79133"])


def test_responses_and_pages_are_bounded() -> None:
    big = body({**ONE, "values": [{"gender": "T", "value": 1.0, "status": "x" * 5000}]})
    with (
        scripted({DATA: [Reply(200, big)]}) as (base, _),
        quick(base, max_bytes=1000) as client,
        pytest.raises(KoladaError, match="larger than 1000 bytes"),
    ):
        client.data(["U79133"], ["2580"], [2023])
    looping = json.dumps({"values": [], "next_page": "/v2/data/kpi/U79133/x?page=2"}).encode()
    second = "/v2/data/kpi/U79133/x?page=2"
    with (
        scripted({DATA: [Reply(200, looping)], second: [Reply(200, looping)]}) as (base, _),
        quick(base) as client,
        pytest.raises(KoladaError, match="a page that repeats"),
    ):
        client.data(["U79133"], ["2580"], [2023])
    away = json.dumps({"values": [], "next_page": "http://elsewhere.example/other"}).encode()
    with (
        scripted({DATA: [Reply(200, away)]}) as (base, _),
        quick(base) as client,
        pytest.raises(KoladaError, match=r"next_page .* is outside"),
    ):
        client.data(["U79133"], ["2580"], [2023])


def test_a_county_fetch_stores_every_value_with_its_provenance(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    with serve_recording() as base, quick(base) as client:
        fetched = fetch_county(
            ["U79133", "U79092"], "25", range(2019, 2026), fetched_by="test", client=client,
            store_path=store,
        )  # fmt: skip
    assert [f.indicator.id for f in fetched] == ["kolada_u79133", "kolada_u79092"]
    assert all(f.summary.added > 0 and f.summary.removed == 0 for f in fetched)
    rows = imported_for(["kolada_u79092"], store_path=store)
    assert {r.value.area_code for r in rows} == set(county_areas("25"))
    assert {r.value.period for r in rows} == {str(year) for year in range(2019, 2025)}
    assert any(r.value.status is Status.SUPPRESSED and r.value.note == ".." for r in rows)
    first = rows[0].provenance
    assert first.source == "kolada" and first.fetched_by == "test"
    assert first.published_at == date(2025, 9, 30)
    assert first.location.startswith(f"{base}/data/kpi/U79092/municipality/2505,")
    # The same fetch again changes nothing, and says so.
    with serve_recording() as base, quick(base) as client:
        again = fetch_county(
            ["U79133"], "25", [2023], fetched_by="test", client=client, store_path=store
        )
    assert again[0].summary.changed_anything is False
    assert len(imported_batches(store_path=store)) == 3


def test_nothing_is_saved_when_kolada_fails_half_way(tmp_path: Path) -> None:
    store = tmp_path / "analytics.duckdb"
    kpi = "/v2/kpi/U79133?per_page=5000"
    metadata = body({"id": "U79133", "title": "Påverkbar slutenvård", "publication_date": None})
    replies = {kpi: [Reply(200, metadata)]}  # the data route answers 404
    with (
        scripted(replies) as (base, _),
        quick(base) as client,
        pytest.raises(KoladaError, match="HTTP 404"),
    ):
        fetch_county(["U79133"], "25", [2023], fetched_by="test", client=client, store_path=store)
    assert imported_for(store_path=store) == []


def test_it_refuses_what_the_catalogue_does_not_import_and_unknown_counties() -> None:
    with pytest.raises(KoladaError, match="N00945: not an imported indicator of the catalogue"):
        imported_indicators(["U79133", "N00945"])
    with pytest.raises(KoladaError, match="county '99' is not one of"):
        county_areas("99")
    assert county_areas("25")[-2:] == ["0025", "0000"] and "2580" in county_areas("25")
