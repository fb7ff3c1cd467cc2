"""The report content: self-contained, and the same content always gives the same bytes."""

from __future__ import annotations

import json

from fardplan.web.reports.content import ReportContent, ReportStatus, digest, paragraphs
from tests.web.reports.sample import sample_content


def test_it_round_trips_through_its_json() -> None:
    content = sample_content()
    text = content.to_json()
    assert ReportContent.from_json(text) == content
    assert ReportContent.from_json(text).to_json() == text


def test_it_gives_the_same_bytes_every_time() -> None:
    assert sample_content().to_json() == sample_content().to_json()
    assert digest(sample_content().to_json()) == digest(sample_content().to_json())


def test_it_sorts_the_keys_of_a_chart_spec() -> None:
    spec = sample_content().sections[1].indicators[0].chart_spec
    assert spec is not None
    assert list(spec) == sorted(spec)
    assert json.dumps(spec, sort_keys=True) == json.dumps(spec)


def test_it_keeps_a_suppressed_value_as_dots_with_its_reason() -> None:
    block = sample_content().sections[1].indicators[0]
    assert block.latest_shown == ".."
    assert block.latest_reason
    series = block.chart_spec["datasets"]["series"] if block.chart_spec else []
    assert [row["value"] for row in series if row["period"] == "2024-08"] == [None]


def test_it_holds_the_approval_date_and_run_when_approved() -> None:
    content = sample_content(ReportStatus.APPROVED)
    assert content.approved_at is not None
    assert content.run is not None and content.run.catalogue_version


def test_it_splits_a_narrative_into_paragraphs() -> None:
    assert paragraphs("Ett.\r\n\r\n\nTvå\nrader.\n\n  ") == ["Ett.", "Två\nrader."]
    assert sample_content().sections[0].paragraphs[1].startswith("Region Norrbotten")
