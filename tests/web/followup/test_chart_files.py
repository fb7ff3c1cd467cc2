"""The series page's chart as PNG and SVG files rendered on the server (issue 19, point 8)."""

from __future__ import annotations

import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.test import Client

from fardplan.web.followup import chart_export
from tests.web.followup.runs import LULEA

pytestmark = pytest.mark.django_db
SERIES = f"/uppfoljning/indikatorer/avoidable_admissions/{LULEA}/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_page_links_its_charts_as_png_and_svg(client: Client, stored: Path) -> None:
    body = client.get(SERIES + "?sex=K").content.decode()
    assert 'chart.png?sex=K&amp;block=months"' in body
    assert 'chart.svg?sex=K&amp;block=years"' in body


def test_the_png_is_an_image_of_sensible_size(client: Client, stored: Path) -> None:
    response = client.get(SERIES + "chart.png?block=months")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "avoidable_admissions-" in response["Content-Disposition"]
    content = response.content
    assert content.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", content[16:24])  # the IHDR chunk
    assert 1000 <= width <= 2400 and 500 <= height <= 1400, (width, height)


def test_the_svg_names_indicator_area_series_and_run_date(client: Client, stored: Path) -> None:
    response = client.get(SERIES + "chart.svg?block=years")
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    text = " ".join(t for t in root.itertext())
    assert "Luleå" in text and "Undvikbar slutenvård" in text, text[:300]
    assert "Årsvärden" in text or "årsvärden" in text, text[:300]
    assert "Körning den 20" in text, text[:300]


def test_a_bad_format_or_chart_is_refused(client: Client, stored: Path) -> None:
    assert client.get(SERIES + "chart.pdf").status_code == 404
    assert client.get(SERIES + "chart.png?block=nope").status_code == 404
    assert client.get(SERIES + "chart.png?sex=X").status_code == 200  # falls back as the page
    with pytest.raises(ValueError, match="unknown chart format"):
        chart_export.render({}, "gif")


def test_no_chart_without_a_stored_run(client: Client, store: Path) -> None:
    assert client.get(SERIES + "chart.svg").status_code == 404
