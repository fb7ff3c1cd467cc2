"""The PDF: what its text layer says on each page, read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from fardplan.web.reports.content import ReportContent, ReportStatus
from fardplan.web.reports.export import render_pdf
from fardplan.web.reports.export.pdf import charts_only, css_string, page_counter_css
from tests.web.reports.export_samples import grouped, pages


@pytest.fixture(scope="module")
def draft() -> ReportContent:
    return grouped()


@pytest.fixture(scope="module")
def draft_pdf(draft: ReportContent) -> bytes:
    return render_pdf(draft)


@pytest.fixture(scope="module")
def approved_pdf() -> bytes:
    return render_pdf(grouped(ReportStatus.APPROVED))


def printed_heading(number: str, title: str) -> re.Pattern[str]:
    """A section's heading in the text layer: its number, then its title. The number is a box
    of its own, so whether a space comes between depends on pypdf's reading (7.1.1 adds none)."""
    return re.compile(re.escape(number) + r"\s*" + re.escape(title))


def test_it_prints_every_section_title_and_indicator_name(
    draft: ReportContent, draft_pdf: bytes
) -> None:
    text = " ".join(pages(draft_pdf)[2:])
    for section in draft.sections:
        assert printed_heading(section.number, section.title).search(text)
        for block in section.indicators:
            assert block.name in text
    assert "2 Målområden" in text and "3 Riktningsförändringar" in text
    assert "Bilaga: datatabeller" in text


def test_its_contents_give_each_section_the_page_it_starts_on(
    draft: ReportContent, draft_pdf: bytes
) -> None:
    text = pages(draft_pdf)
    contents = text[1]
    assert "Innehåll" in contents
    for section in draft.sections:
        heading = printed_heading(section.number, section.title)
        printed_on = next(n for n, page in enumerate(text[2:], start=3) if heading.search(page))
        # The leader's dots, then the page number target-counter() found.
        assert re.search(re.escape(section.title) + r"[ .]*" + str(printed_on) + r"\b", contents)


def test_it_prints_the_header_and_footer_on_every_page(draft_pdf: bytes) -> None:
    text = pages(draft_pdf)
    assert len(text) >= 5
    for number, page in enumerate(text, start=1):
        assert "Region Norrbotten, Luleå kommun" in page
        assert "T2 2024 (maj–augusti)" in page
        assert "Utkast — ej godkänd" in page
        assert f"Sida {number} av {len(text)}" in page


def test_a_draft_says_utkast_on_every_page(draft_pdf: bytes) -> None:
    assert all("UTKAST" in page for page in pages(draft_pdf))


def test_an_approved_report_says_godkand_with_its_date_and_no_utkast(approved_pdf: bytes) -> None:
    text = pages(approved_pdf)
    assert all("Godkänd 2024-09-20" in page for page in text)
    assert not any("UTKAST" in page or "ej godkänd" in page for page in text)
    # Nor the sections' workflow: that is for drafts.
    assert not any("Avsnittets status" in page for page in text)


def test_its_title_page_names_the_run_and_the_approval(approved_pdf: bytes) -> None:
    title = pages(approved_pdf)[0]
    for fact in ["Färdplan nära vård Norrbotten", "Norrbottens län", "Version 1",
                 "Godkänd den 2024-09-20", "katalog 2024.2", "3f9a1c0e5b7d2468"]:  # fmt: skip
        assert fact in title


def test_it_shows_a_suppressed_value_as_two_dots_with_the_reason(draft_pdf: bytes) -> None:
    text = " ".join(pages(draft_pdf))
    assert ".. = Undertryckt: för få personer eller händelser" in text  # the indicator's value
    assert "2024-08 .. a" in text  # the appendix's cell and its note
    assert "a: Undertryckt: för få personer eller händelser" in text


def test_it_places_each_chart_as_an_image(draft_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(draft_pdf))
    # WeasyPrint shares one resource dictionary between the pages: count distinct images.
    images = {image.data for page in reader.pages for image in page.images}
    assert len(images) == 2
    text = " ".join(pages(draft_pdf))
    assert "Figur 1." in text and "Figur 2." in text
    assert "Värdena finns i bilagan, tabell A.1." in text


def test_it_prints_in_english_when_asked() -> None:
    text = pages(render_pdf(grouped(), "en"))
    assert "Contents" in text[1]
    assert f"Page 1 of {len(text)}" in text[0]
    assert all("DRAFT" in page for page in text)
    assert "Draft — not approved" not in text[0]  # the status label is the content's own
    assert "Utkast — not approved" in text[0]


def test_the_same_content_gives_the_same_bytes(draft: ReportContent, draft_pdf: bytes) -> None:
    assert render_pdf(draft) == draft_pdf


def test_text_in_the_content_stays_text() -> None:
    content = grouped()
    summary = content.sections[0].model_copy(
        update={"narrative": 'Se <img src="http://127.0.0.1:9/x.png"> & <b>fet</b>.'}
    )
    hostile = content.model_copy(update={"sections": [summary], "appendix_tables": []})
    text = " ".join(pages(render_pdf(hostile)))
    assert 'Se <img src="http://127.0.0.1:9/x.png"> & <b>fet</b>.' in text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/a.css",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "report-chart:other",
    ],
)
def test_it_fetches_no_url_but_its_own_charts(url: str) -> None:
    fetcher = charts_only({"abc": b"png"})
    assert fetcher.fetch("report-chart:abc").read() == b"png"
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_it_places_the_page_counters_where_the_language_puts_them() -> None:
    assert page_counter_css("Sida %(page)s av %(pages)s") == (
        '"Sida " counter(page) " av " counter(pages)'
    )
    assert page_counter_css("%(page)s/%(pages)s") == 'counter(page) "/" counter(pages)'
    assert css_string('a "b" \\ c\n') == '"a \\"b\\" \\\\ c"'
