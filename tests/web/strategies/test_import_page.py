"""The YAML import page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fardplan.content.examples import example_files
from fardplan.web.strategies.models import Strategy, StrategyItem
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db
URL = "/strategier/importera/"


def norrbotten_text() -> str:
    (entry,) = [entry for entry in example_files() if entry.name == "norrbotten.yaml"]
    return entry.read_text("utf-8")


def upload(client: Client, text: str, name: str = "norrbotten.yaml") -> str:
    response = client.post(URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})
    return response.content.decode() if response.status_code != 302 else response["Location"]


@pytest.fixture
def editor_client(client: Client, db: None) -> Client:
    factories.example_counties()
    client.force_login(factories.coordinator("25"))
    return client


def test_it_has_the_url_name_import() -> None:
    assert reverse("strategies:import") == URL


def test_it_imports_an_uploaded_file_and_shows_the_strategy(editor_client: Client) -> None:
    location = upload(editor_client, norrbotten_text())
    assert location == "/strategi/tillsammans-for-nara-vard-i-norrbotten/"
    html = editor_client.get(location).content.decode()
    assert "Importerade ”Tillsammans för Nära vård i Norrbotten”." in html
    assert StrategyItem.objects.count() == 15


def test_it_lists_a_missing_field_with_line_and_field(editor_client: Client) -> None:
    text = norrbotten_text().replace(
        "    title: Stärkt gemensam primärvård", "    text: Utan titel"
    )
    html = upload(editor_client, text)
    assert "Filen har 1 problem. Inget sparades." in html
    line = text.splitlines().index("    text: Utan titel")
    assert f"Rad {line}, kolumn 5, <code>direction_changes[2].title</code>: field required" in html
    assert not Strategy.objects.exists()


def test_it_shows_a_yaml_syntax_error_with_its_line(editor_client: Client) -> None:
    html = upload(editor_client, "county: '25'\nslug: [x\ntitle: y\n", "trasig.yaml")
    assert "Rad 3, kolumn 6" in html and "YAML syntax error" in html
    assert not Strategy.objects.exists()


def test_it_names_an_unknown_county_code_and_saves_nothing(editor_client: Client) -> None:
    html = upload(editor_client, norrbotten_text().replace("county: '25'", "county: '99'"))
    assert "norrbotten.yaml: county: unknown county code &#x27;99&#x27;" in html
    assert not Strategy.objects.exists()


def test_it_refuses_a_file_that_is_not_utf8(editor_client: Client) -> None:
    response = editor_client.post(
        URL, {"file": SimpleUploadedFile("latin1.yaml", "title: Luleå".encode("latin-1"))}
    )
    assert response.status_code == 400
    assert "filen är inte UTF-8-text" in response.content.decode()
