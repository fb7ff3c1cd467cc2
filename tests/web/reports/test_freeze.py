"""An approved report is frozen: a new run with other numbers, an edited activity, a new
progress update and a new comment leave its content byte for byte as approved, and the
snapshot names the run it used."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from fardplan.engine.store import save_run
from fardplan.web.followup.areas import area
from fardplan.web.followup.comments import write_comment
from fardplan.web.followup.query import forget_cache
from fardplan.web.plans import services
from fardplan.web.plans.followup import add_progress
from fardplan.web.reports import workflow
from fardplan.web.reports.assembly import assemble
from fardplan.web.reports.content import ReportContent, digest
from fardplan.web.reports.models import ReportSnapshot
from tests.web.plans.factories import World
from tests.web.reports import factories
from tests.web.reports.cells import AA, norrbotten_run

pytestmark = pytest.mark.django_db


def _article(html: str) -> str:
    found = re.search(r'<article class="report".*?</article>', html, re.S)
    assert found is not None
    return found.group(0)


def test_an_approved_report_stays_as_approved(client: Client, world: World, tiny: Path) -> None:
    made = factories.norrbotten(world)
    report = factories.county_report(world)
    factories.all_ready(report)
    snapshot = workflow.approve(world.coordinator, report)
    assert (snapshot.run_fingerprint, snapshot.catalogue_version) == ("fingerprint", "2026.1")
    assert snapshot.digest == digest(snapshot.content)
    client.force_login(world.viewer)
    before = _article(client.get(f"/rapporter/{report.pk}/").content.decode())
    approved = workflow.content_of(report).to_json()
    assert "14,4" in approved

    later = replace(norrbotten_run(shift=9, run_id="later"), fingerprint="later-data",
                    catalogue_version="2026.2")  # fmt: skip
    save_run(later, tiny)
    forget_cache()
    services.update_activity(
        None, made.running,
        {"title": "Mobilt team, omgjort", "status": "done", "end": date(2024, 7, 31)},
        made.running.version,
    )  # fmt: skip
    made.running.refresh_from_db()
    add_progress(None, made.running, "2024-T2", "Omskrivet i efterhand.", "done")
    region = area("0025")
    assert region is not None
    write_comment(world.coordinator, AA, region, "2024-07", "Skriven efter godkännandet.")

    live = assemble(report)  # what the report would say today
    assert live.run is not None and live.run.fingerprint == "later-data"
    assert "Mobilt team, omgjort" in live.to_json() and "14,4" not in live.to_json()
    assert workflow.content_of(report).to_json() == approved
    assert ReportSnapshot.objects.get(report=report).content == approved
    after = _article(client.get(f"/rapporter/{report.pk}/").content.decode())
    assert after == before
    frozen = ReportContent.from_json(approved)
    assert frozen.run is not None and frozen.run.fingerprint == "fingerprint"
    assert frozen.status == "approved" and frozen.approved_at is not None
