"""The decision pages through the test client: recording with items, statements and files,
editing, the refusals shown on the form, deleting, and the download's headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from fardplan.web.decisions.models import BasisDocument, Decision, DecisionChange
from fardplan.web.decisions.uploads import MAX_BASIS_BYTES
from tests.web.decisions import factories, files
from tests.web.decisions.factories import DecisionWorld
from tests.web.decisions.forms_html import form_values
from tests.web.decisions.posts import decision_post, post_create, rows

pytestmark = pytest.mark.django_db


def _stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_a_coordinator_records_a_whole_decision(
    client: Client, world: DecisionWorld, files_in_tmp: Path
) -> None:
    client.force_login(world.coordinator)
    data = decision_post(
        world.lulea, world.strategy_25,
        items=[{"number": "1", "text": "Ställa sig bakom målbilden."},
               {"number": "", "text": "Lägga programdirektivet till handlingarna."},
               {"number": "", "text": ""}],
        statements=[{"kind": "protokollsanteckning", "parties": "T, L",
                     "members": "Robert Thunfors (T), Björn Hellquist (L)",
                     "text": "Vi förespråkar en Norrtäljemodell."},
                    {"kind": "", "parties": "", "members": "", "text": ""}],
        documents=[{"title": "Målbild för Nära vård 2030",
                    "file": SimpleUploadedFile("målbild.pdf", files.PDF)},
                   {"title": "Vision 2025", "file": ""}],
        requires_all_principals="on",
        condition_organisations=[str(world.region_norrbotten.pk)],
    )  # fmt: skip
    response = post_create(client, "25", data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    assert decision.paragraph == "12"
    assert [(i.number, i.text[:8]) for i in decision.items.all()] == [
        (1, "Ställa s"),
        (2, "Lägga pr"),
    ]
    assert decision.statements.get().kind == "protokollsanteckning"
    assert decision.requires_all_principals
    assert decision.recipients() == ["Socialförvaltningen", "Kommunstyrelsen"]
    pdf = decision.documents.get(title="Målbild för Nära vård 2030")
    assert (pdf.original_name, pdf.content_type, pdf.size) == (
        "målbild.pdf",
        "application/pdf",
        len(files.PDF),
    )
    assert decision.documents.get(title="Vision 2025").file.name == ""
    assert len(_stored_files(files_in_tmp)) == 1
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Robert Thunfors (T)" in page
    assert "Vision 2025" in page
    assert reverse("decisions:basis_download", args=[decision.pk, pdf.pk]) in page


def test_the_form_refuses_a_file_that_only_pretends_to_be_a_pdf(
    client: Client, world: DecisionWorld, files_in_tmp: Path
) -> None:
    client.force_login(world.coordinator)
    data = decision_post(
        world.lulea, world.strategy_25,
        documents=[{"title": "Bilaga", "file": SimpleUploadedFile("bilaga.pdf", files.EXE)}],
    )  # fmt: skip
    response = post_create(client, "25", data)
    assert response.status_code == 400
    assert "bilaga.pdf is not a PDF, Word (DOCX)" in response.content.decode()
    assert not Decision.objects.exists()
    assert _stored_files(files_in_tmp) == []


def test_the_form_refuses_a_file_over_20_mb_while_reading_it(
    client: Client, world: DecisionWorld, files_in_tmp: Path
) -> None:
    # Skipped by the upload handler as it arrives: the row must not be saved without its file.
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * MAX_BASIS_BYTES)
    data = decision_post(world.lulea, world.strategy_25, documents=[{"title": "Stor", "file": big}])
    response = post_create(client, "25", data)
    assert response.status_code == 400
    assert "stor.pdf is larger than 20 MB." in response.content.decode()
    assert not Decision.objects.exists()
    assert _stored_files(files_in_tmp) == []


def test_the_form_shows_what_the_service_refuses_by_field(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    data = decision_post(world.region_norrbotten, world.strategy_25, body="kommunfullmaktige",
                         kind="propose", requires_all_principals="on")  # fmt: skip
    response = post_create(client, "25", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in page
    assert "Region Norrbotten has no such body." in page
    assert not Decision.objects.exists()


def test_add_a_row_comes_back_unsaved_with_one_more_row(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    data = decision_post(world.lulea, world.strategy_25, add_row="items")
    response = post_create(client, "25", data)
    assert response.status_code == 200
    assert 'name="items-TOTAL_FORMS" value="2"' in response.content.decode()
    assert not Decision.objects.exists()


def test_editing_keeps_a_stored_file_and_removes_a_row(
    client: Client, world: DecisionWorld, files_in_tmp: Path
) -> None:
    client.force_login(world.coordinator)
    post_create(client, "25", decision_post(
        world.lulea, world.strategy_25,
        documents=[{"title": "Målbild", "file": SimpleUploadedFile("m.pdf", files.PDF)},
                   {"title": "Vision 2025", "file": ""}],
    ))  # fmt: skip
    decision = Decision.objects.get()
    kept, dropped = decision.documents.order_by("id")
    data = decision_post(
        world.lulea, world.strategy_25, title="Nära vård (ändrad)",
        documents=[{"existing": str(kept.pk), "title": "Målbild 2030"},
                   {"existing": str(dropped.pk), "title": "Vision 2025", "DELETE": "on"}],
    )  # fmt: skip
    data.update(rows("items", [{"number": "1", "text": "Anta strategin."}], initial=1))
    data.update(rows("documents", [{"existing": str(kept.pk), "title": "Målbild 2030"},
                                   {"existing": str(dropped.pk), "title": "Vision 2025",
                                    "DELETE": "on"}], initial=2))  # fmt: skip
    response = client.post(reverse("decisions:edit", args=[decision.pk]), data)
    assert response.status_code == 302
    assert list(decision.documents.values_list("title", flat=True)) == ["Målbild 2030"]
    assert decision.documents.get().file.name == kept.file.name
    assert len(_stored_files(files_in_tmp)) == 1
    fields = set(DecisionChange.objects.filter(action="updated").values_list("field", flat=True))
    assert fields == {"title", "documents"}


def test_deleting_asks_first_and_removes_the_files_after_commit(
    client: Client,
    world: DecisionWorld,
    files_in_tmp: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.coordinator)
    post_create(client, "25", decision_post(
        world.lulea, world.strategy_25,
        documents=[{"title": "Målbild", "file": SimpleUploadedFile("m.pdf", files.PDF)}],
    ))  # fmt: skip
    decision = Decision.objects.get()
    url = reverse("decisions:delete", args=[decision.pk])
    assert "cannot be undone" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("decisions:county", args=["25"])
    assert not Decision.objects.exists() and not BasisDocument.objects.exists()
    assert _stored_files(files_in_tmp) == []
    listing = client.get(response["Location"]).content.decode()
    assert "Deleted decisions" in listing


def test_the_download_is_an_attachment_of_the_type_found(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    post_create(client, "25", decision_post(
        world.lulea, world.strategy_25,
        documents=[{"title": "Avsikt", "file": SimpleUploadedFile(
            "avsikt.html", files.TEXT, content_type="text/html")}],
    ))  # fmt: skip
    decision = Decision.objects.get()
    document = decision.documents.get()
    client.force_login(world.viewer)
    response = client.get(reverse("decisions:basis_download", args=[decision.pk, document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="avsikt.html.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == files.TEXT  # type: ignore[attr-defined]


def test_the_county_list_and_the_detail_page_show_an_invented_example(
    client: Client, world: DecisionWorld
) -> None:
    decision = factories.decision(world.lulea, strategy=world.strategy_25, invented=True)
    listing = client.get(reverse("decisions:county", args=["25"]), HTTP_ACCEPT_LANGUAGE="sv")
    assert "Invented example" in listing.content.decode()
    detail = client.get(decision.get_absolute_url()).content.decode()
    assert "This decision was written for the demo" in detail


def test_a_save_from_a_form_opened_before_another_save_is_refused(
    client: Client, world: DecisionWorld, files_in_tmp: Path
) -> None:
    client.force_login(world.coordinator)
    post_create(client, "25", decision_post(world.lulea, world.strategy_25))
    decision = Decision.objects.get()
    with translation.override("sv"):
        url = reverse("decisions:edit", args=[decision.pk])
    opened = form_values(client.get(url).content.decode())["opened_version"]
    assert opened  # the form carries the version it was opened at

    # Someone else saves in between (another tab, another coordinator).
    first = decision_post(world.lulea, world.strategy_25, title="Ändrad av en kollega")
    first["opened_version"] = opened
    assert client.post(url, first).status_code == 302

    late = decision_post(world.lulea, world.strategy_25, title="Min ändring")
    late["opened_version"] = opened
    response = client.post(url, late)
    assert response.status_code == 400
    assert "ändrades av" in response.content.decode()
    assert Decision.objects.get().title == "Ändrad av en kollega"

    late["opened_version"] = form_values(client.get(url).content.decode())["opened_version"]
    assert client.post(url, late).status_code == 302
    assert Decision.objects.get().title == "Min ändring"
