"""The protocol import: an extract pasted or uploaded as PDF opens the decision form
prefilled, with what was not found listed; the user saves it as it is. Bad input is refused
with the reason in Swedish, saving nothing; an upload is bounded while it is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse
from django.utils import translation

from fardplan.protocols.bounds import MAX_PDF_BYTES
from fardplan.web.decisions.drafts import SESSION_KEY
from fardplan.web.decisions.models import Decision
from tests.protocols.rendering import render_pdf
from tests.web.decisions.factories import DecisionWorld
from tests.web.decisions.forms_html import form_values
from tests.web.plans.factories import county, organisation, strategy, user

pytestmark = pytest.mark.django_db
TIMRA = Path(__file__).parents[2] / "protocols/data/extracts/timra-kommunfullmaktige-17.txt"
NORRBOTTEN = TIMRA.with_name("norrbotten-regionstyrelsen-208.txt")


@pytest.fixture
def vasternorrland(db: None) -> dict[str, Any]:
    """Västernorrland with its region, Timrå and Ånge, a strategy and a coordinator."""
    y = county("22", "Västernorrlands län")
    region = organisation(y, "region", "22", "Region Västernorrland")
    return {
        "county": y,
        "region": region,
        "timra": organisation(y, "municipality", "2262", "Timrå kommun"),
        "ange": organisation(y, "municipality", "2260", "Ånge kommun"),
        "strategy": strategy(y, "malbild-2030"),
        "coordinator": user("samordnare-y", coordinator=region),
    }


def _url(name: str, code: str) -> str:
    with translation.override("sv"):
        return reverse(f"decisions:{name}", args=[code])


def _import(client: Client, code: str, **data: Any) -> Any:
    return client.post(_url("protocol_import", code), data, content_type=MULTIPART_CONTENT)


def test_a_pasted_extract_prefills_the_form_and_saves_as_checked(
    client: Client, vasternorrland: dict[str, Any]
) -> None:
    client.force_login(vasternorrland["coordinator"])
    timra, strategy_ = vasternorrland["timra"], vasternorrland["strategy"]
    text = TIMRA.read_text(encoding="utf-8")
    response = _import(client, "22", text=text, organisation=str(timra.pk),
                       strategy=str(strategy_.pk))  # fmt: skip
    assert response.status_code == 302
    assert "?utkast=" in response["Location"]
    assert not Decision.objects.exists()  # nothing is saved before the user saves

    form_page = client.get(response["Location"])
    page = form_page.content.decode()
    assert "Ifyllt från protokollsutdraget" in page
    assert "Hittades inte i texten" not in page  # the Timrå extract has every field
    assert "Beslutet har ett villkor" in page
    values = form_values(page)
    assert values["paragraph"] == "17"
    assert values["diary_number"] == "KS/2020:527"
    assert values["meeting_date"] == "2021-01-25"
    assert values["body"] == "kommunfullmaktige"
    assert values["kind"] == "approve"
    assert values["requires_all_principals"] == "on"
    assert values["items-3-text"].startswith("Beslutet gäller under förutsättning")
    assert values["statements-0-parties"] == "T, L"
    assert values["documents-0-title"] == "SN 2020-12-15 § 176"

    saved = client.post(response["Location"], values, content_type=MULTIPART_CONTENT)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    decision = Decision.objects.get()
    assert (decision.organisation, decision.paragraph, decision.kind) == (timra, "17", "approve")
    assert decision.requires_all_principals
    assert decision.items.count() == 4
    assert decision.statements.count() == 2
    assert decision.documents.count() == 5
    assert decision.recipients() == ["Socialförvaltningen"]
    assert client.session.get(SESSION_KEY) == {}  # the draft is dropped once saved


def test_a_pdf_extract_lists_what_was_not_found(client: Client, world: DecisionWorld) -> None:
    client.force_login(world.coordinator)
    pdf = render_pdf(NORRBOTTEN.read_text(encoding="utf-8"))
    response = _import(client, "25", file=SimpleUploadedFile("rs-208.pdf", pdf))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Hittades inte i texten, fyll i för hand:" in page
    assert "<li>organisationen</li>" in page
    assert "<li>sammanträdesdatumet</li>" in page
    values = form_values(page)
    assert (values["paragraph"], values["diary_number"]) == ("208", "995-2022")
    assert (values["body"], values["kind"]) == ("regionstyrelsen", "propose")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Hej, välkommen på fika i morgon."},
         "Det här ser inte ut som ett protokollsutdrag"),
        ({"text": "   "}, "Klistra in utdragets text eller välj dess fil."),
        ({"file": SimpleUploadedFile("utdrag.pdf", b"MZ\x90\x00 not a pdf")},
         "Filen heter .pdf men är ingen PDF."),
        ({"file": SimpleUploadedFile("utdrag.docx", b"PK\x03\x04\x14\x00\x06\x00")},
         "Filen är varken text eller PDF"),
        ({"file": SimpleUploadedFile("trasig.pdf", b"%PDF-1.7\n1 0 obj\n")},
         "PDF:en går inte att läsa"),
        ({"text": "§ 17 Nära vård", "file": SimpleUploadedFile("u.txt", "§ 17".encode())},
         "Klistra in texten eller välj en fil, inte båda."),
        ({"text": "§ 17 Ring 19121212-1212 om du undrar"}, "personnummer"),
    ],
    ids=["not-a-protocol", "empty", "not-a-pdf", "word", "corrupt-pdf", "both", "personnummer"],
)  # fmt: skip
def test_bad_input_is_refused_in_swedish_and_saves_nothing(
    client: Client, world: DecisionWorld, data: dict[str, Any], message: str
) -> None:
    client.force_login(world.coordinator)
    response = _import(client, "25", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert not client.session.get(SESSION_KEY)


def test_an_upload_over_the_limit_is_skipped_while_it_is_read(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("hela-protokollet.pdf", b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES)
    response = _import(client, "25", file=big)
    assert response.status_code == 400
    assert "hela-protokollet.pdf är större än 10 MB" in response.content.decode()


def test_a_draft_of_another_county_is_not_used(client: Client, world: DecisionWorld) -> None:
    client.force_login(world.coordinator)
    response = _import(client, "25", text=TIMRA.read_text(encoding="utf-8"))
    token = response["Location"].split("utkast=")[1]
    other = client.get(_url("create", "24") + f"?utkast={token}")
    assert other.status_code == 403  # the Norrbotten coordinator does not record in 24
    superuser = user("admin-x")
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    page = client.get(_url("create", "25") + f"?utkast={token}").content.decode()
    assert "Ifyllt från protokollsutdraget" not in page  # another session's draft


def test_what_the_parser_was_unsure_of_is_said_in_swedish(
    client: Client, world: DecisionWorld
) -> None:
    client.force_login(world.coordinator)
    text = "§ 3 Nära vård\nDnr RS 12-2024\n\nFörslag till beslut\nRegionstyrelsen föreslås anta X."
    response = _import(client, "25", text=text)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ingen rubrik för beslutet: beslutet lästes ur förslaget" in page
    assert "no decision heading" not in page
