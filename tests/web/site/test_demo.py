from __future__ import annotations

import pytest

from fardplan.web.organisations.models import County, Organisation
from fardplan.web.site.demo import demo_steps


def test_it_loads_organisations_after_the_schema() -> None:
    labels = [label for label, _step in demo_steps()]
    assert labels[:2] == [
        "Creating the database schema",
        "Loading regions, municipalities and example organisations",
    ]


@pytest.mark.django_db
def test_it_runs_the_organisations_step_twice_without_duplicates() -> None:
    step = dict(demo_steps())["Loading regions, municipalities and example organisations"]
    step()
    step()
    assert County.objects.count() == 21
    assert Organisation.objects.filter(kind="municipality").count() == 290
