"""Disclosure control holds on every follow-up page and download: an anonymous visitor and a
viewer fetch them all, for every area, sex, age group and chart kind of a stored run with many
small cells, and no suppressed cell's numerator or value is in any response."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from openpyxl import load_workbook

from fardplan.engine import Run
from fardplan.web.followup.models import ItemIndicator
from tests.web.followup.runs import LULEA, PITEA, REGION
from tests.web.plans import factories

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
AA = "avoidable_admissions"
AREAS = (LULEA, PITEA, REGION)
CHARTS = ("run", "i", "p", "pp", "u", "up")
SPEC = re.compile(r'<script id="(spec-\w+)" type="application/json">(.*?)</script>', re.S)
ROW = re.compile(r'<tr( class="is-suppressed")?>\s*<th scope="row">([\d-]+)</th>(.*?)</tr>', re.S)


def raw_cells(run: Run) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    return {
        (c["area_code"], c["sex"], c["age_group"], c["period"]): c
        for c in run.results.to_pylist()
        if c["indicator_id"] == AA
    }


def breakdowns(cells: dict[tuple[str, str, str, str], Any]) -> set[tuple[str, str, str]]:
    return {key[:3] for key in cells}


def pages(cells: dict[tuple[str, str, str, str], Any]) -> Iterator[tuple[str, str, str, str]]:
    """Yield (path, area, sex, age) of every page and download of the follow-up."""
    for path in ("/uppfoljning/", f"/uppfoljning/indikatorer/{AA}/", "/uppfoljning/lan/25/",
                 "/uppfoljning/lan/25/laget/"):  # fmt: skip
        yield path, "", "", ""
    for area in AREAS:
        yield f"/uppfoljning/omrade/{area}/", area, "T", "all"
        base = f"/uppfoljning/indikatorer/{AA}/{area}/"
        for fmt in ("csv", "csv-sv", "xlsx"):
            yield f"{base}data.{fmt}", area, "", ""
        # The charts as files (rendered on the server from the page's spec).
        for block in ("months", "years"):
            yield f"{base}chart.svg?block={block}", area, "", ""
        yield f"{base}chart.png", area, "", ""
    for area, sex, age in sorted(breakdowns(cells)):
        base = f"/uppfoljning/indikatorer/{AA}/{area}/"
        for chart in CHARTS:
            yield base + "?" + urlencode({"sex": sex, "age": age, "chart": chart}), area, sex, age
        query = urlencode({"sex": sex, "age": age, "seasonal": "off", "brk": "2024-06"})
        yield f"{base}?{query}", area, sex, age
    # The comparison of the county's municipalities and each area's breakdown (issue 19).
    yield f"/uppfoljning/indikatorer/{AA}/lan/25/", "", "", ""
    for area in AREAS:
        yield f"/uppfoljning/indikatorer/{AA}/{area}/fordelning/", "", "", ""


def needles(run: Run) -> set[str]:
    """Return the suppressed values as a page would print them, less any that a published
    cell of the run also prints (those prove nothing)."""

    def forms(value: float) -> set[str]:
        one = f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
        return {repr(value), one, one.replace("\u00a0", " ")}

    hidden: set[str] = set()
    shown: set[str] = set()
    for cell in run.results.to_pylist():
        if cell["value"] is not None:
            (hidden if cell["suppressed"] else shown).update(forms(cell["value"]))
    return {n for n in hidden - shown if len(n) >= 5}


def _whole(number: str) -> re.Pattern[str]:
    """Match ``number`` as a whole number: "3 333,3" not inside "83 333,3" or "3 333,35"."""
    return re.compile(rf"(?<![\d\u00a0 ,.]){re.escape(number)}(?!\d)")


def check_page(body: str, cells: dict[Any, Any], area: str, sex: str, age: str) -> None:
    for spec_id, text in SPEC.findall(body):
        for row in json.loads(text).get("datasets", {}).get("series", []):
            raw = cells[(area, sex, age, row["period"])]
            if raw["suppressed"]:
                assert row["value"] is None and row["shown"] == "..", (spec_id, row)
    for suppressed, period, rest in ROW.findall(body):
        raw = cells.get((area, sex, age, period))
        if raw is None:
            continue
        assert bool(suppressed) == raw["suppressed"], period
        if raw["suppressed"]:
            value, numerator = re.findall(r'<td class="num">(.*?)</td>', rest, re.S)[:2]
            assert "..<sup>" in value and "..<sup>" in numerator, (period, rest)


def check_download(content: bytes, fmt: str, cells: dict[Any, Any], area: str) -> None:
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        rows = [
            [str(v) if v is not None else "" for v in r] for r in sheet.iter_rows(values_only=True)
        ]
    else:
        text = content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if fmt == "csv-sv" else ","))
    for row in rows[1:]:
        raw = cells[(area, row[5], row[6], row[4])]
        if raw["suppressed"]:
            assert row[7] == ".." and row[9] == "..", row


@pytest.mark.parametrize("persona", ["anonymous", "viewer"])
def test_no_suppressed_number_leaves_the_follow_up(
    client: Client, stored: Path, small_run: Run, persona: str
) -> None:
    world = factories.world()
    # The county overview shows the indicator once it is linked to an item of the strategy.
    ItemIndicator.objects.create(
        item=factories.direction_change(world.strategy_25), indicator_id=AA
    )
    if persona == "viewer":
        client.force_login(world.viewer)
    cells = raw_cells(small_run)
    assert sum(c["suppressed"] for c in cells.values()) > 50  # the fixture has small cells
    hidden = needles(small_run)
    assert hidden  # some suppressed values are distinctive enough to look for
    fetched = 0
    for path, area, sex, age in pages(cells):
        response = client.get(path)
        assert response.status_code == 200, path
        fetched += 1
        fmt = path.rsplit("data.", 1)[1] if "/data." in path else None
        if fmt:
            check_download(response.content, fmt, cells, area)
            body = response.content.decode("utf-8-sig", errors="replace")
        elif "/chart.png" in path:
            assert response.content.startswith(b"\x89PNG"), path
            continue  # pixels: the SVG of the same spec is searched for the numbers
        elif "/chart.svg" in path:
            body = response.content.decode()
            assert "<svg" in body, path
        else:
            body = response.content.decode()
            if sex:
                assert "inte giltigt" not in body, path  # the page shows the series asked for
                check_page(body, cells, area, sex, age)
        leaked = [needle for needle in hidden if _whole(needle).search(body)]
        assert leaked == [], (path, leaked)
    assert fetched > 100
