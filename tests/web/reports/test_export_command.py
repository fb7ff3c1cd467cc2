"""`fardplan report`: the current report or the approved snapshot written to a file, and each
refusal with exit code 2 and its reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from typer.testing import CliRunner, Result

from fardplan.cli import report as command
from fardplan.cli.main import app
from fardplan.web.reports import workflow
from fardplan.web.reports.models import Report
from tests.web.plans.factories import World
from tests.web.reports import factories
from tests.web.reports.export_samples import pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def django_is_set_up(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-django has set Django up on the test database; the command must not redo it.
    monkeypatch.setattr(command, "_setup_django", lambda: None)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own (the test's store lives in tmp_path)."""
    folder = tmp_path / "ut"
    folder.mkdir()
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["report", *args], env={"COLUMNS": "200"})


def approved(world: World) -> Report:
    report = factories.county_report(world)
    factories.all_ready(report)
    workflow.approve(world.coordinator, report)
    report.refresh_from_db()
    return report


def test_it_writes_the_current_draft_as_pdf(world: World, tiny: Path, out_dir: Path) -> None:
    factories.norrbotten(world)
    factories.county_report(world)
    out = out_dir / "rapport.pdf"
    result = run("25", "--period", "2024T2", "--format", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = pages(out.read_bytes())
    assert all("Utkast — ej godkänd" in page and "UTKAST" in page for page in text)
    assert "Mer hälsofrämjande och förebyggande insatser" in " ".join(text)
    assert "Skrev" in result.output
    assert sorted(p.name for p in out_dir.iterdir()) == ["rapport.pdf"]  # no temporary left


def test_it_writes_the_approved_snapshot_as_docx(world: World, tiny: Path, out_dir: Path) -> None:
    report = approved(world)
    out = out_dir / "rapport.docx"
    result = run("25", "--period", "2024T2", "--format", "docx", "--approved", "--out", str(out))
    assert result.exit_code == 0, result.output
    header = Document(io.BytesIO(out.read_bytes())).sections[0].header.paragraphs[0].text
    assert report.approved_at is not None
    assert f"Godkänd {timezone.localdate(report.approved_at):%Y-%m-%d}" in header


def test_it_refuses_approved_when_there_is_only_a_draft(
    world: World, tiny: Path, out_dir: Path
) -> None:
    factories.county_report(world)
    out = out_dir / "r.pdf"
    result = run("25", "--period", "2024T2", "--approved", "--out", str(out))
    assert result.exit_code == 2
    assert "Norrbottens län har ingen godkänd rapport för 2024T2" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["99", "--period", "2024T2"], "Det finns inget län med koden ”99”"),
        (["25", "--period", "2024T9"], "2024T9"),
        (["25", "--period", "2024T2", "--organisation", "2481"], "koden ”2481”"),
        (["25", "--period", "2024T2", "--organisation", "2580"], "Luleå kommun har ingen rapport"),
        (["25", "--period", "2023T1"], "Norrbottens län har ingen rapport för 2023T1"),
        (["25", "--period", "2024T2", "--format", "odt"], "Okänt format"),
        (["25", "--period", "2024T2", "--lang", "fi"], "Okänt språk"),
    ],
)
def test_it_refuses_with_the_reason(
    world: World, tiny: Path, out_dir: Path, args: list[str], reason: str
) -> None:
    factories.county_report(world)
    result = run(*args, "--out", str(out_dir / "r.pdf"))
    assert result.exit_code == 2, result.output
    assert reason in result.output
    assert list(out_dir.iterdir()) == []


def test_it_refuses_an_out_path_it_cannot_write(world: World, out_dir: Path) -> None:
    missing = run("25", "--period", "2024T2", "--out", str(out_dir / "saknas" / "r.pdf"))
    assert missing.exit_code == 2 and "finns inte" in missing.output
    folder = run("25", "--period", "2024T2", "--out", str(out_dir))
    assert folder.exit_code == 2 and "är en mapp" in folder.output


def test_it_refuses_to_translate_an_approved_snapshot(
    world: World, tiny: Path, out_dir: Path
) -> None:
    approved(world)
    out = out_dir / "r.pdf"
    result = run("25", "--period", "2024T2", "--approved", "--lang", "en", "--out", str(out))
    assert result.exit_code == 2
    assert "frusen" in result.output and not out.exists()


def test_it_assembles_a_draft_in_english_without_saving_the_language(
    world: World, tiny: Path, out_dir: Path
) -> None:
    report = factories.county_report(world)
    out = out_dir / "r.pdf"
    result = run("25", "--period", "2024T2", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Page 1 of" in pages(out.read_bytes())[0]
    report.refresh_from_db()
    assert report.language == "sv"
