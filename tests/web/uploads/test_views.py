"""The upload pages: who may, every problem listed and nothing kept, the preview, the save
with its history, a re-upload replacing its period, the templates."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from fardplan.sources.imported import imported_for
from fardplan.sources.upload_format import LIMITS, Limits
from fardplan.web.plans.bounded_xlsx import SheetShape, read_first_sheet
from fardplan.web.uploads import services
from fardplan.web.uploads.models import PendingUpload, UploadChange, UploadRecord
from tests.web.plans import factories

pytestmark = pytest.mark.django_db
PAGE = "/uppfoljning/lan/25/uppladdning/"
HEAD = "indikator;period;område;kön;åldersgrupp;täljare;nämnare;värde;anteckning"


def csv_file(*lines: str, name: str = "varden.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEAD, *lines]).encode(), "text/csv")


def xlsx_file(rows: list[list[object]], name: str = "varden.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Blad1"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client: Client, file: SimpleUploadedFile) -> str:
    response = client.post(PAGE, {"file": file})
    if response.status_code == 302:
        return str(response["Location"])
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def analyst(world: factories.World) -> object:
    return factories.user("analytiker", analyst=world.region_norrbotten)


@pytest.mark.parametrize("persona", ["coordinator", "analyst"])
def test_the_countys_coordinators_and_analysts_upload(
    client: Client, world: factories.World, analyst: object, persona: str
) -> None:
    client.force_login(analyst if persona == "analyst" else world.coordinator)  # type: ignore[arg-type]
    page = client.get(PAGE).content.decode()
    assert "Ladda upp värden: Norrbottens län" in page and "kolada_u70447" in page
    assert "avoidable_admissions" not in page  # computed: not offered


@pytest.mark.parametrize("persona", ["lulea_editor", "umea_editor", "viewer", "contributor"])
def test_others_may_not(client: Client, world: factories.World, store: Path, persona: str) -> None:
    client.force_login(getattr(world, persona))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"file": csv_file("U70447;2024;2580;T;;;;60;")}).status_code == 403
    assert client.get(PAGE + "mall.csv").status_code == 403
    assert not PendingUpload.objects.exists() and imported_for(store_path=store) == []


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, world: factories.World) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_the_coordinator_of_norrbotten_may_not_upload_in_vasterbotten(
    client: Client, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    assert client.get("/uppfoljning/lan/24/uppladdning/").status_code == 403
    assert client.get("/uppfoljning/lan/99/uppladdning/").status_code == 404


def test_a_file_with_errors_lists_them_all_and_keeps_nothing(
    client: Client, world: factories.World, store: Path
) -> None:
    client.force_login(world.coordinator)
    page = upload(
        client,
        csv_file(
            "U70447;2024;2580;T;;60;100;60;",
            "U70447;2024;2480;T;;;;60;",  # Umeå: another county
            "avoidable_admissions;2024-13;2580;X;;abc;-1;;",
            "U70447;2024;2580;T;;60;100;60;",
        ),
    )
    assert "varden.csv: 7 fel; inget sparades" in page
    problems = re.findall(r'<td class="num">(\d+)</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>', page)
    assert problems == [
        ("3", "område", "”2480”"),
        ("4", "indikator", "”avoidable_admissions”"),
        ("4", "period", "”2024-13”"),
        ("4", "kön", "”X”"),
        ("4", "täljare", "”abc”"),
        ("4", "nämnare", "”-1”"),
        ("5", "indikator", "”U70447”"),
    ]
    assert "Samma indikator, period, område, kön och åldersgrupp som rad 2." in page
    assert "Färdplan beräknar den här indikatorn ur vårddata" in page
    assert not PendingUpload.objects.exists()
    assert imported_for(store_path=store) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b" \n", "Filen är tom."),
        (b"PK\x03\x04 trasig", "inte en Excel-arbetsbok"),
        (b"indikator;period\n", "Kolumnen område saknas."),
    ],
    ids=["empty", "broken-xlsx", "missing-columns"],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(
    client: Client, world: factories.World, content: bytes, message: str
) -> None:
    client.force_login(world.coordinator)
    page = upload(client, SimpleUploadedFile("x.xlsx" if b"PK" in content else "x.csv", content))
    assert message in page and "inget sparades" in page
    assert not PendingUpload.objects.exists()


def test_no_file_at_all_is_asked_for(client: Client, world: factories.World) -> None:
    client.force_login(world.coordinator)
    assert "Välj en fil att ladda upp." in client.post(PAGE, {}).content.decode()


def test_a_file_over_the_size_limit_is_refused_unread(
    client: Client, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    big = SimpleUploadedFile("stor.csv", b"x" * (LIMITS.bytes + 1))
    page = upload(client, big)
    assert "Filen är större än 2 MB" in page
    assert not PendingUpload.objects.exists()


def test_preview_then_save_then_a_re_upload_replaces_the_period_with_history(
    client: Client, world: factories.World, store: Path
) -> None:
    client.force_login(world.coordinator)
    preview = upload(
        client,
        xlsx_file(
            [
                ["indicator", "period", "area", "sex", "age group", "numerator",
                 "denominator", "value", "note"],
                ["U70447", 2024, "2580", "T", None, 60, 100, 60, "enkät"],
                ["U70447", 2024, "2581", "K", None, 3, 50, 6, None],
                ["U70447", 2023, "Luleå", "T", None, None, None, 58.5, None],
            ]
        ),
    )  # fmt: skip
    assert preview.startswith("/uppfoljning/lan/25/uppladdning/forhandsgranska/")
    page = client.get(preview).content.decode()
    assert "Filen är giltig: 3 rader." in page
    assert "3 värden läggs till" in page and "0 värden tas bort" in page
    assert "skyddat (ett antal 1–4" in page  # Piteå's women: 3 of 50
    assert imported_for(store_path=store) == []  # nothing saved before the save

    response = client.post(preview, {"save": "1"})
    assert response.status_code == 302 and response["Location"] == PAGE
    stored = {(r.value.period, r.value.area_code): r.value for r in imported_for(store_path=store)}
    assert stored[("2024", "2580")].value == 60 and stored[("2023", "2580")].value == 58.5
    assert stored[("2024", "2581")].status == "suppressed"
    assert stored[("2024", "2581")].numerator is None
    record = UploadRecord.objects.get()
    assert (record.added, record.changed, record.removed, record.rows) == (3, 0, 0, 3)
    assert record.user == world.coordinator and record.file_name == "varden.xlsx"
    assert not PendingUpload.objects.exists()
    assert client.get(preview).status_code == 404  # used up

    again = upload(client, csv_file("U70447;2024;2580;T;;;;62;rättad", name="rattad.csv"))
    page = client.get(again).content.decode()
    assert "1 värde ändras" in page and "1 värde tas bort" in page
    assert "60.0 (60/100)" in page or "60,0 (60/100)" in page
    client.post(again, {"save": "1"})
    latest = UploadRecord.objects.first()
    assert latest is not None and latest.file_name == "rattad.csv"
    assert (latest.added, latest.changed, latest.removed) == (0, 1, 1)
    changes = {c.action: c for c in UploadChange.objects.filter(record=latest)}
    before, after = changes["changed"].before, changes["changed"].after
    assert before is not None and after is not None
    assert (before["value"], after["value"], after["note"]) == (60, 62, "rättad")
    assert changes["removed"].area_code == "2581" and changes["removed"].after is None
    periods = {(r.value.period, r.value.area_code) for r in imported_for(store_path=store)}
    assert periods == {("2023", "2580"), ("2024", "2580")}  # 2023 untouched
    history = client.get(PAGE).content.decode()
    assert "rattad.csv" in history and "varden.xlsx" in history
    detail = client.get(f"{PAGE}{latest.pk}/").content.decode()
    assert "Ändrade" in detail and "Borttagna" in detail


def test_cancel_saves_nothing(client: Client, world: factories.World, store: Path) -> None:
    client.force_login(world.coordinator)
    preview = upload(client, csv_file("U70447;2024;2580;T;;;;60;"))
    client.post(preview, {"cancel": "1"})
    assert not PendingUpload.objects.exists() and not UploadRecord.objects.exists()
    assert imported_for(store_path=store) == []


def test_another_users_preview_is_not_found(
    client: Client, world: factories.World, analyst: object, store: Path
) -> None:
    client.force_login(world.coordinator)
    preview = upload(client, csv_file("U70447;2024;2580;T;;;;60;"))
    client.force_login(analyst)  # type: ignore[arg-type]
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"save": "1"}).status_code == 404
    assert imported_for(store_path=store) == []


def test_a_failing_store_leaves_no_history_and_keeps_the_pending_upload(
    client: Client, world: factories.World, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(world.coordinator)
    upload(client, csv_file("U70447;2024;2580;T;;;;60;"))
    pending = PendingUpload.objects.get()

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(services, "store_upload", refuse)
    with pytest.raises(OSError, match="disk is full"):
        services.save_pending(pending, world.coordinator)
    assert not UploadRecord.objects.exists() and not UploadChange.objects.exists()
    assert PendingUpload.objects.filter(pk=pending.pk).exists()


def test_a_new_preview_replaces_the_users_earlier_one(
    client: Client, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    first = upload(client, csv_file("U70447;2024;2580;T;;;;60;"))
    second = upload(client, csv_file("U70447;2024;2580;T;;;;61;"))
    assert PendingUpload.objects.count() == 1
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_templates_are_read_back_as_valid_headings(
    client: Client, world: factories.World, language: str
) -> None:
    client.force_login(world.coordinator)
    prefix = "" if language == "sv" else "/en"
    workbook = client.get(prefix + PAGE + "mall.xlsx")
    assert workbook.status_code == 200
    rows = read_first_sheet(workbook.content, SheetShape(width=20, max_rows=10))
    headings = [cell for cell in rows[0][1] if cell is not None]
    assert headings[0] == ("indikator" if language == "sv" else "indicator")
    text = client.get(prefix + PAGE + "mall.csv").content.decode("utf-8-sig")
    assert text.strip().split(";") == headings
    assert client.get(prefix + PAGE + "mall.pdf").status_code == 404
    filled = text.strip() + "\nU70447;2024;Luleå;;;;;60;\n"
    assert services.check_file(world.norrbotten, "mall.csv", filled.encode()).valid


def test_the_county_page_links_to_the_upload_for_those_who_may(
    client: Client, world: factories.World, store: Path
) -> None:
    link = "/uppfoljning/lan/25/uppladdning/"
    client.force_login(world.coordinator)
    assert link in client.get("/uppfoljning/lan/25/").content.decode()
    client.force_login(world.viewer)
    assert link not in client.get("/uppfoljning/lan/25/").content.decode()


def test_a_workbook_over_the_row_limit_is_refused(
    client: Client, world: factories.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "LIMITS", Limits(rows=3))
    client.force_login(world.coordinator)
    rows: list[list[object]] = [["indikator", "period", "område", "värde"]]
    rows += [["U70447", year, "2580", 50] for year in range(2020, 2024)]
    page = upload(client, xlsx_file(rows))
    assert "Bladet Blad1 har fler än 3 ifyllda rader." in page
    assert not PendingUpload.objects.exists()


def test_a_month_that_excel_turned_into_a_date_is_read_as_the_month(
    client: Client, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    rows: list[list[object]] = [["indikator", "period", "område", "täljare", "nämnare", "värde"]]
    rows.append(["N79173", datetime(2024, 3, 1), "2580", 80, 100, 0.8 * 100])
    preview = upload(client, xlsx_file(rows))
    assert "2024-03" in client.get(preview).content.decode()


def test_the_problems_read_in_english_on_the_english_page(
    client: Client, world: factories.World
) -> None:
    client.force_login(world.coordinator)
    response = client.post("/en" + PAGE, {"file": csv_file("U70447;2024;2480;T;;;;60;")})
    page = response.content.decode()
    assert "varden.csv: 1 problem; nothing was saved" in page
    assert "Not a municipality of the county or its region (0025)." in page


def test_an_expired_preview_is_gone(client: Client, world: factories.World, store: Path) -> None:
    client.force_login(world.coordinator)
    preview = upload(client, csv_file("U70447;2024;2580;T;;;;60;"))
    PendingUpload.objects.update(
        created_at=timezone.now() - timedelta(hours=services.PENDING_HOURS, minutes=1)
    )
    assert client.post(preview, {"save": "1"}).status_code == 404
    assert imported_for(store_path=store) == []
