"""Every form of every web app (and the admin) checks its free text: a length limit on each
text field, no control characters, no personal identity numbers. The walk finds the form
classes by importing every module of the apps, so a new form cannot be forgotten."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

import fardplan.web
from fardplan.spc import Chart
from fardplan.web.access.forms import MemberAddForm, RoleForm
from fardplan.web.decisions.forms import (
    DecisionForm,
    DecisionItemForm,
    DocumentForm,
    StatementForm,
)
from fardplan.web.decisions.views.protocol import ProtocolForm
from fardplan.web.followup.comment_views import CommentForm
from fardplan.web.followup.control import ControlChoice
from fardplan.web.followup.kolada_views import KoladaFetchForm
from fardplan.web.followup.overview_views import ItemIndicatorForm
from fardplan.web.followup.series import Breakdown, SeriesChoice
from fardplan.web.plans.forms import (
    ActivityForm,
    IndicatorForm,
    PlanForm,
    ProgressForm,
    TimelineFilterForm,
)
from fardplan.web.plans.views.files import ImportForm as PlanImportForm
from fardplan.web.reports.forms import (
    AddSectionForm,
    AssignForm,
    NarrativeForm,
    ReportCreateForm,
    ReturnForm,
    TemplateSectionForm,
)
from fardplan.web.site.free_text import FreeTextForm, is_free_text, is_guarded
from fardplan.web.strategies.forms import ImportForm as StrategyImportForm
from fardplan.web.strategies.forms import ItemForm, StrategyForm
from tests.web.plans import factories
from tests.web.plans.factories import World

pytestmark = pytest.mark.django_db
Build = Callable[[World, Any], forms.BaseForm]


def _activity(world: World) -> Any:
    return factories.activity(factories.plan(world.strategy_25, world.lulea))


# How to build each form of the apps, bound to ``data``; the walk below must find no other.
BUILDERS: dict[type[forms.BaseForm], Build] = {
    PlanForm: lambda w, data: PlanForm(data, user=w.coordinator, county=w.norrbotten),
    ActivityForm: lambda w, data: ActivityForm(
        data, user=w.coordinator, plan=factories.plan(w.strategy_25, w.lulea)
    ),
    IndicatorForm: lambda w, data: IndicatorForm(data, activity=_activity(w)),
    ProgressForm: lambda w, data: ProgressForm(data),
    TimelineFilterForm: lambda w, data: TimelineFilterForm(data, county_id=w.norrbotten.pk),
    PlanImportForm: lambda w, data: PlanImportForm(data, counties=[w.norrbotten.pk]),
    StrategyForm: lambda w, data: StrategyForm(data, user=w.coordinator),
    ItemForm: lambda w, data: ItemForm(data),
    StrategyImportForm: lambda w, data: StrategyImportForm(data),
    RoleForm: lambda w, data: RoleForm(data, user=w.coordinator, county=w.norrbotten),
    MemberAddForm: lambda w, data: MemberAddForm(data, user=w.coordinator, county=w.norrbotten),
    SeriesChoice: lambda w, data: SeriesChoice(data, available=Breakdown(["T"], ["all"])),
    ControlChoice: lambda w, data: ControlChoice(data, months=["2024-01"], default=Chart.RUN),
    CommentForm: lambda w, data: CommentForm(data),
    ItemIndicatorForm: lambda w, data: ItemIndicatorForm(data),
    DecisionForm: lambda w, data: DecisionForm(data, user=w.coordinator, county=w.norrbotten),
    DecisionItemForm: lambda w, data: DecisionItemForm(data),
    StatementForm: lambda w, data: StatementForm(data),
    DocumentForm: lambda w, data: DocumentForm(data),
    ProtocolForm: lambda w, data: ProtocolForm(
        data, county=w.norrbotten, user=w.coordinator, refused=[]
    ),
    ReportCreateForm: lambda w, data: ReportCreateForm(data, county=w.norrbotten),
    NarrativeForm: lambda w, data: NarrativeForm(data),
    ReturnForm: lambda w, data: ReturnForm(data),
    AssignForm: lambda w, data: AssignForm(
        data, principals=w.norrbotten.organisations.principals()
    ),
    TemplateSectionForm: lambda w, data: TemplateSectionForm(data),
    AddSectionForm: lambda w, data: AddSectionForm(data, strategy=w.strategy_25),
    KoladaFetchForm: lambda w, data: KoladaFetchForm(data),
}


def _form_classes_of_the_apps() -> set[type[forms.BaseForm]]:
    found: set[type[forms.BaseForm]] = set()
    for module_info in pkgutil.walk_packages(fardplan.web.__path__, "fardplan.web."):
        if ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.startswith("fardplan.web.")
                and value is not FreeTextForm
            ):
                found.add(value)
    return found


def test_the_walk_finds_every_form_and_each_checks_free_text() -> None:
    found = _form_classes_of_the_apps()
    assert found == set(BUILDERS), "add the new form to BUILDERS (and mix in FreeTextForm)"
    unchecked = sorted(cls.__qualname__ for cls in found if not issubclass(cls, FreeTextForm))
    assert unchecked == []


def _text_fields(form: forms.BaseForm) -> list[str]:
    return [name for name, field in form.fields.items() if is_free_text(field)]


@pytest.mark.parametrize("form_class", BUILDERS, ids=lambda cls: cls.__module__ + cls.__name__)
def test_every_text_field_refuses_what_may_not_be_stored(form_class: type[forms.BaseForm]) -> None:
    world = factories.world()
    build = BUILDERS[form_class]
    unbound = build(world, None)
    names = _text_fields(unbound)
    assert all(is_guarded(unbound.fields[name]) for name in names)
    with translation.override("en"):
        for bad, why in [
            ("Titel\x0bmed styrtecken", "control character U+000B"),
            ("Ring om 19121212-1212", "personal identity number"),
        ]:
            form = build(world, {name: bad for name in names})
            form.is_valid()
            for name in names:
                assert any(why in error for error in form.errors.get(name, [])), (name, bad[:20])
        # One character past each field's own limit (10 000 where the model sets none; a
        # pasted protocol extract may be longer).
        limits = {name: getattr(unbound.fields[name], "max_length", 0) for name in names}
        assert all(limit and limit <= 100_000 for limit in limits.values())
        form = build(world, {name: "x" * (limit + 1) for name, limit in limits.items()})
        form.is_valid()
        for name in names:
            assert any("characters" in error for error in form.errors.get(name, [])), name


def test_the_text_fields_of_the_apps_are_those_expected() -> None:
    # A guard against a walk that checks nothing: the forms do have text fields.
    world = factories.world()
    fields = {cls.__name__: _text_fields(BUILDERS[cls](world, None)) for cls in BUILDERS}
    assert fields["PlanForm"] == ["title", "description"]
    assert fields["ActivityForm"] == ["title", "description"]
    assert fields["ProgressForm"] == ["text"]
    assert fields["StrategyForm"] == ["slug", "title", "summary"]
    assert fields["ItemForm"] == ["title", "text"]
    assert fields["MemberAddForm"] == ["username"]
    assert fields["DecisionForm"] == ["paragraph", "diary_number", "title", "proposed_by",
                                      "concerns_text", "sent_to"]  # fmt: skip
    assert fields["StatementForm"] == ["parties", "members", "text"]
    assert fields["ProtocolForm"] == ["text"]
    assert fields["NarrativeForm"] == ["narrative"]
    assert fields["ReturnForm"] == ["comment"]
    assert fields["ReportCreateForm"] == ["period"]
    description = PlanForm(user=world.coordinator, county=world.norrbotten).fields["description"]
    assert isinstance(description, forms.CharField)
    assert description.max_length == 10_000


def test_the_admin_forms_check_free_text_too(admin_user: Any) -> None:
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(request)
        assert issubclass(form_class, FreeTextForm), model


def test_a_page_says_why_in_swedish_and_saves_nothing(client: Any) -> None:
    world = factories.world()
    plan = factories.plan(world.strategy_25, world.lulea, title="Lokal plan")
    client.force_login(world.lulea_editor)
    response = client.post(
        f"/planer/{plan.pk}/andra/",
        {"kind": "local", "title": "Lokal plan", "description": "Gäller 19121212-1212.",
         "owner": world.lulea.pk, "area": world.lulea.pk, "start": "2025-01-01",
         "end": "2026-12-31", "status": "agreed", "version": plan.version},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "Detta ser ut som ett personnummer eller samordningsnummer (vid tecken 8)" in page
    assert "Färdplan innehåller bara pseudonymiserade uppgifter" in page
    plan.refresh_from_db()
    assert plan.description == ""
