"""Hostile YAML through the real import page and the management commands: refused at once,
with the line and column in the problems list, and nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from fardplan.web.organisations.models import Organisation
from fardplan.web.strategies.models import Strategy
from tests.content.test_yaml_bounds import alias_bomb, nested
from tests.web.plans.hostile import time_limit
from tests.web.strategies import factories

pytestmark = pytest.mark.django_db
URL = "/strategier/importera/"


@pytest.fixture
def editor_client(client: Client) -> Client:
    factories.example_counties()
    client.force_login(factories.coordinator())
    return client


def upload(client: Client, text: str) -> tuple[int, str]:
    with time_limit(10):
        response = client.post(URL, {"file": SimpleUploadedFile("bomb.yaml", text.encode())})
    return response.status_code, response.content.decode()


def test_the_page_refuses_an_alias_bomb_with_its_position(editor_client: Client) -> None:
    status, html = upload(editor_client, alias_bomb())
    assert status == 400
    assert "Rad 1, kolumn 5" in html and "an anchor (&amp;a0) is not allowed" in html
    assert not Strategy.objects.exists()


def test_the_page_refuses_deep_nesting_instead_of_failing(editor_client: Client) -> None:
    status, html = upload(editor_client, nested(500))
    assert status == 400
    assert "nested more than 20 levels deep" in html


def test_the_command_refuses_an_alias_bomb_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), "utf-8")
    with time_limit(10), pytest.raises(CommandError, match=r"bomb.yaml, line 1, column 5"):
        call_command("import_strategy", str(path))


def test_the_command_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(8 * 1024 * 1024 * 1024)  # 8 GB, sparse: reading it would exhaust memory
    with time_limit(10), pytest.raises(CommandError, match="the file has 8589934592 bytes"):
        call_command("import_strategy", str(path))


def test_loading_organisations_refuses_an_alias_bomb(tmp_path: Path) -> None:
    path = tmp_path / "examples.yaml"
    path.write_text(alias_bomb(), "utf-8")
    with time_limit(10), pytest.raises(CommandError, match="line 1, column 5: an anchor"):
        call_command("load_organisations", "--examples", str(path))
    assert not Organisation.objects.exists()
