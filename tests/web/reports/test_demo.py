"""The demo's reports: templates for the example strategies, Norrbotten's 2024T2 written by
two principals and the coordinator and ready for approval, the current tertial begun; a
rebuild changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from fardplan.web.followup.demo_links import load_demo_links
from fardplan.web.organisations.loading import load_organisations
from fardplan.web.plans.examples import load_examples
from fardplan.web.reports.demo import load_demo_reports
from fardplan.web.reports.models import EventAction, Report, ReportStatus, ReportTemplate
from fardplan.web.site.demo_users import create_demo_users
from fardplan.web.strategies.models import Strategy
from fardplan.web.strategies.services import import_example_strategies

pytestmark = pytest.mark.django_db


def test_it_writes_norrbottens_reports_once(store: Path) -> None:
    load_organisations()
    import_example_strategies()
    create_demo_users()
    load_examples()
    load_demo_links()
    load_demo_reports()
    load_demo_reports()
    assert ReportTemplate.objects.count() == Strategy.objects.count() == 3
    example = Report.objects.get(period="2024T2")
    assert example.status == ReportStatus.READY and example.organisation is None
    writers = set(
        example.events.filter(action=EventAction.EDITED).values_list("user__username", flat=True)
    )
    assert writers == {"samordnare-norrbotten", "redaktor-lulea", "redaktor-region-norrbotten"}
    lulea = example.sections.filter(organisation__code="2580")
    assert lulea.count() == 3 and all(s.narrative for s in lulea)
    current = Report.objects.exclude(pk=example.pk).get()
    assert current.status == ReportStatus.DRAFT
    assert Report.objects.count() == 2
