"""The upload's steps: who may, reading the file, keeping it for the preview, saving it with
its history. The checks themselves are the analytics core's (``fardplan.sources.upload``)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from fardplan.sources.imported import ImportedValue
from fardplan.sources.upload import Checked, UploadedValue, uploadable, validate
from fardplan.sources.upload import County as UploadCounty
from fardplan.sources.upload_format import (
    LIMITS,
    Problem,
    Row,
    UploadRefused,
    check_size,
    read_csv,
)
from fardplan.sources.upload_store import Changes, planned_changes, store_upload
from fardplan.web.access.scope import scope_for
from fardplan.web.followup.areas import county_areas
from fardplan.web.organisations.models import County
from fardplan.web.plans.bounded_xlsx import SheetShape, WorkbookRefused, read_first_sheet
from fardplan.web.uploads.models import PendingUpload, UploadChange, UploadRecord

PENDING_HOURS = 2
_XLSX_MAGIC = b"PK\x03\x04"


def can_upload(user: AbstractBaseUser | AnonymousUser, county: County) -> bool:
    """The county's administrators, coordinators and analysts (and superusers) upload."""
    return scope_for(user).can_comment_county(county.pk)


def areas_of(county: County) -> dict[str, str]:
    """Return the county's areas (code → name): its region first, then its municipalities."""
    return {area.code: area.name for area in county_areas(county.code)}


def read_rows(file_name: str, content: bytes) -> list[Row]:
    """Return the file's filled rows; an .xlsx (by name or content) through the bounded
    reader, anything else as CSV. Raises ``UploadRefused`` with the reason."""
    check_size(content)
    if file_name.lower().endswith(".xlsx") or content.startswith(_XLSX_MAGIC):
        shape = SheetShape(width=LIMITS.columns, max_rows=LIMITS.rows)
        try:
            return read_first_sheet(content, shape)
        except WorkbookRefused as error:
            raise UploadRefused(Problem(str(error), str(error))) from None
    return read_csv(content)


def check_file(county: County, file_name: str, content: bytes) -> Checked:
    """Return the file's values or every problem with it."""
    try:
        rows = read_rows(file_name, content)
    except UploadRefused as refused:
        return Checked((), (refused.problem,))
    return validate(rows, UploadCounty(county.code, areas_of(county)))


def keep_pending(
    user: AbstractBaseUser, county: County, file_name: str, values: tuple[UploadedValue, ...]
) -> PendingUpload:
    """Keep a valid file's values for its preview; the user's earlier one for the county and
    everyone's expired ones go."""
    expired = timezone.now() - timedelta(hours=PENDING_HOURS)
    PendingUpload.objects.filter(created_at__lt=expired).delete()
    PendingUpload.objects.filter(user_id=user.pk, county=county).delete()
    return PendingUpload.objects.create(
        county=county,
        user_id=user.pk,
        file_name=file_name[:200],
        values=[asdict(value) for value in values],
    )


def pending_for(user: AbstractBaseUser, county: County, token: str) -> PendingUpload | None:
    """Return the user's own unexpired pending upload with that token, or None."""
    expired = timezone.now() - timedelta(hours=PENDING_HOURS)
    return PendingUpload.objects.filter(
        token=token, user_id=user.pk, county=county, created_at__gte=expired
    ).first()


def pending_values(pending: PendingUpload) -> list[UploadedValue]:
    return [UploadedValue(**value) for value in pending.values]


def changes_of(pending: PendingUpload) -> Changes:
    return planned_changes(pending_values(pending), areas_of(pending.county))


def _numbers(value: ImportedValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "numerator": value.numerator,
        "denominator": value.denominator,
        "value": value.value,
        "status": str(value.status),
        "note": value.note,
    }


def save_pending(pending: PendingUpload, user: AbstractBaseUser) -> UploadRecord:
    """Store the pending values (replacing the county's values of their indicators and
    periods) and record the upload and each changed cell. The history and the store change
    together: a failing store leaves no record, and the pending upload is then kept."""
    values = pending_values(pending)
    areas = areas_of(pending.county)
    with transaction.atomic():
        changes = planned_changes(values, areas)
        record = UploadRecord.objects.create(
            county=pending.county, user_id=user.pk, file_name=pending.file_name, batch_id="",
            indicators=sorted({v.indicator_id for v in values}),
            periods=sorted({v.period for v in values}), rows=len(values),
            added=len(changes.added), changed=len(changes.changed),
            removed=len(changes.removed), unchanged=changes.unchanged,
        )  # fmt: skip
        UploadChange.objects.bulk_create(
            [
                UploadChange(
                    record=record,
                    action=change.action,
                    indicator_id=change.key[0],
                    period=change.key[1],
                    area_code=change.key[2],
                    sex=change.key[3],
                    age_group=change.key[4],
                    before=_numbers(change.before),
                    after=_numbers(change.after),
                )
                for change in changes.all
            ],
            batch_size=1000,
        )
        summary = store_upload(
            values, areas, file_name=pending.file_name, uploaded_by=user.get_username()
        )
        record.batch_id = summary.batch_id
        record.save(update_fields=["batch_id"])
        pending.delete()
    return record


def uploadable_names(language: str) -> list[tuple[str, str, str]]:
    """Return (id, Kolada id, name) of each indicator an upload may hold."""
    return [
        (i.id, i.kolada_id or "", i.name.sv if language == "sv" else i.name.en)
        for i in uploadable()
    ]
