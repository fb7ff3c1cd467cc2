"""Downloading a report: who may, what they get (a draft assembled afresh, an approved report
from its snapshot only), and the bounds (one file at a time per user, a size limit)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from docx import Document

from fardplan.web.plans.models import Activity
from fardplan.web.reports import workflow
from fardplan.web.reports.export import limits
from fardplan.web.reports.models import Report
from tests.web.plans.factories import World
from tests.web.reports import factories
from tests.web.reports.export_samples import pages

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(report: Report, fmt: str = "docx") -> str:
    return f"/rapporter/{report.pk}/export.{fmt}"


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", 200),
        ("lulea_editor", 200),
        ("contributor", 200),
        ("viewer", 200),
        ("umea_editor", 404),  # another county's: the report's existence stays hidden
        ("anonymous", "login"),
    ],
)
def test_whoever_reads_the_report_may_download_it(
    client: Client, world: World, persona: str, expected: int | str
) -> None:
    report = factories.county_report(world)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(url(report))
    status = response.status_code
    if status == 302 and "/konto/login/" in response["Location"]:
        status = "login"  # type: ignore[assignment]
    assert status == expected


def test_it_answers_with_an_attachment_named_after_the_report(
    client: Client, world: World, tiny: Path
) -> None:
    report = factories.county_report(world)
    client.force_login(world.viewer)
    response = client.get(url(report, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-norrbottens-lan-2024t2-v1-utkast.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert "Utkast — ej godkänd" in pages(response.content)[0]
    docx = client.get(url(report, "docx"))
    assert docx["Content-Type"] == DOCX
    assert docx["Content-Disposition"].endswith('-v1-utkast.docx"')


def test_another_format_is_not_found(client: Client, world: World) -> None:
    report = factories.county_report(world)
    client.force_login(world.coordinator)
    assert client.get(url(report, "odt")).status_code == 404


def test_a_draft_is_assembled_afresh(client: Client, world: World, tiny: Path) -> None:
    lulea = factories.norrbotten(world)
    report = factories.county_report(world)
    client.force_login(world.coordinator)
    assert "Mobilt team" in text_of(client.get(url(report)).content)
    Activity.objects.filter(pk=lulea.running.pk).update(title="Mobilt team i inlandet")
    assert "Mobilt team i inlandet" in text_of(client.get(url(report)).content)


def test_an_approved_report_comes_from_its_snapshot_only(
    client: Client, world: World, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lulea = factories.norrbotten(world)
    report = factories.county_report(world)
    factories.all_ready(report)
    workflow.approve(world.coordinator, report)
    Activity.objects.filter(pk=lulea.running.pk).update(title="Omdöpt efter godkännandet")

    def refuse(*args: object) -> None:
        raise AssertionError("an approved report is never assembled again")

    monkeypatch.setattr(workflow, "assemble", refuse)
    client.force_login(world.viewer)
    response = client.get(url(report))
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Mobilt team" in text and "Omdöpt" not in text
    assert response["Content-Disposition"].endswith('-v1-godkand.docx"')


def test_a_second_file_at_once_is_refused(client: Client, world: World) -> None:
    report = factories.county_report(world)
    client.force_login(world.viewer)
    with limits.render_slot(world.viewer.pk):
        response = client.get(url(report))
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "En fil åt dig håller på att göras" in response.content.decode()
    assert client.get(url(report)).status_code == 200  # the slot is free again


def test_a_report_too_large_is_refused_before_rendering(
    client: Client, world: World, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.norrbotten(world)
    report = factories.county_report(world)
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    client.force_login(world.coordinator)
    response = client.get(url(report))
    assert response.status_code == 413
    assert "en fil rymmer högst 2" in response.content.decode()
