"""Record, change and delete decisions: permission, validation, files and history in one
transaction, so that every caller (the pages, the protocol import, the example loader) gets
the same rules.

A save or deletion that changes the adoption state of a principal (Timrå's conditional
decision coming into force because the last municipality adopted) records that change in the
strategy's history too (:mod:`fardplan.web.decisions.adoption_history`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fardplan.web.access.scope import scope_for
from fardplan.web.decisions import adoption_history, history, uploads
from fardplan.web.decisions.choices import BODY_ORGANISATION_KIND, CONDITIONAL_KINDS, Concerns
from fardplan.web.decisions.models import (
    MAX_DOCUMENTS,
    MAX_ITEMS,
    MAX_STATEMENTS,
    BasisDocument,
    Decision,
    DecisionItem,
    Statement,
)
from fardplan.web.decisions.storage import basis_storage
from fardplan.web.organisations.models import Organisation, OrganisationKind

# ``None`` is the system itself (the example loader): it passes the permission check.
User = AbstractBaseUser | AnonymousUser | None
DECIDING_KINDS = (OrganisationKind.REGION, OrganisationKind.MUNICIPALITY,
                  OrganisationKind.COLLABORATION)  # fmt: skip


@dataclass(frozen=True)
class ItemDraft:
    number: int
    text: str


@dataclass(frozen=True)
class StatementDraft:
    kind: str
    parties: str = ""
    members: str = ""
    text: str = ""


@dataclass(frozen=True)
class DocumentDraft:
    """A basis document to keep: ``existing`` is the id of a stored one (its file stays),
    ``upload`` a new file (checked by :func:`uploads.sniff`), or neither for a title only."""

    title: str
    upload: UploadedFile | None = None
    existing: int | None = None


@dataclass(frozen=True)
class DecisionParts:
    """What a decision holds besides its own fields. Every list replaces the stored one."""

    items: Sequence[ItemDraft] = ()
    statements: Sequence[StatementDraft] = ()
    documents: Sequence[DocumentDraft] = ()
    conditions: Sequence[Organisation] = field(default_factory=list)


def require_may_record(user: User, stored: Decision | None, decision: Decision) -> None:
    """Raise ``PermissionDenied`` unless the system acts or the user manages the county of
    the stored decision's organisation and of the new one."""
    if user is None:
        return
    scope = scope_for(user)
    for organisation in {stored.organisation if stored else None, decision.organisation}:
        if organisation is not None and not scope.can_manage_county(organisation.county_id):
            raise PermissionDenied(
                _("You may not record decisions in %(county)s: you do not manage that county.")
                % {"county": organisation.county.name}
            )


def _organisation_errors(decision: Decision) -> dict[str, str]:
    organisation = decision.organisation
    errors: dict[str, str] = {}
    if organisation.kind not in DECIDING_KINDS:
        errors["organisation"] = _(
            "Choose the region, a municipality or a collaboration body: they take decisions."
        )
    elif BODY_ORGANISATION_KIND.get(decision.body) != organisation.kind:
        errors["body"] = _("%(organisation)s has no such body.") % {"organisation": organisation}
    return errors


def _subject_errors(decision: Decision) -> dict[str, str]:
    county_id = decision.organisation.county_id
    if decision.concerns == Concerns.STRATEGY:
        if decision.strategy is None:
            return {"strategy": _("Choose the strategy the decision concerns.")}
        if decision.strategy.county_id != county_id:
            return {"strategy": _(
                "%(organisation)s is not a principal or collaboration body of the strategy's "
                "county."
            ) % {"organisation": decision.organisation}}  # fmt: skip
    # A decision may concern a plan that is not in Färdplan (yet): "draw up a local plan".
    if decision.plan is not None and decision.plan.county_id != county_id:
        return {"plan": _("The action plan must belong to the organisation's county.")}
    return {}


def _condition_errors(decision: Decision, conditions: Sequence[Organisation]) -> dict[str, str]:
    if not (decision.requires_all_principals or conditions):
        return {}
    if decision.kind not in CONDITIONAL_KINDS:
        return {"kind": _("Only a decision that adopts or approves can wait for others.")}
    strangers = [
        organisation.name
        for organisation in conditions
        if organisation.county_id != decision.organisation.county_id
        or organisation.kind not in DECIDING_KINDS
        or organisation.pk == decision.organisation.pk
    ]
    if strangers:
        return {"condition_organisations": _(
            "A condition names other principals or collaboration bodies of the same county, "
            "not: %(names)s."
        ) % {"names": ", ".join(strangers)}}  # fmt: skip
    return {}


def _duplicate_errors(decision: Decision) -> dict[str, str]:
    if not decision.paragraph:
        return {}
    same = Decision.objects.filter(
        organisation=decision.organisation,
        body=decision.body,
        meeting_date=decision.meeting_date,
        paragraph=decision.paragraph,
    ).exclude(pk=decision.pk)
    if same.exists():
        return {"paragraph": _("This paragraph of that meeting is recorded already.")}
    return {}


def _parts_errors(parts: DecisionParts) -> dict[str, str]:
    numbers = [item.number for item in parts.items]
    errors: dict[str, str] = {}
    if len(numbers) != len(set(numbers)):
        errors["items"] = _("Two decision items have the same number.")
    bounds = ((parts.items, MAX_ITEMS, "items"), (parts.statements, MAX_STATEMENTS, "statements"),
              (parts.documents, MAX_DOCUMENTS, "documents"))  # fmt: skip
    for entries, limit, name in bounds:
        if len(entries) > limit:
            errors[name] = _("At most %(limit)d rows.") % {"limit": limit}
    return errors


def _stream(upload: UploadedFile) -> BinaryIO:
    return cast(BinaryIO, upload.file)


def _upload_errors(parts: DecisionParts) -> dict[str, str]:
    for draft in parts.documents:
        if draft.upload is None or draft.existing is not None:
            continue
        try:
            uploads.sniff(_stream(draft.upload), draft.upload.size or 0)
        except uploads.UploadRefused as refused:
            return {"documents": upload_message(refused.code, draft.upload.name or "")}
    return {}


def decision_errors(decision: Decision, parts: DecisionParts) -> dict[str, list[str]]:
    """Return every problem of the decision and its parts by field (empty when valid); the
    model's own checks are the caller's (``full_clean``)."""
    errors: dict[str, list[str]] = {}
    checks = (_organisation_errors(decision), _subject_errors(decision),
              _condition_errors(decision, parts.conditions), _duplicate_errors(decision),
              _parts_errors(parts), _upload_errors(parts))  # fmt: skip
    for found in checks:
        for name, message in found.items():
            errors.setdefault(name, []).append(message)
    return errors


def validate(decision: Decision, parts: DecisionParts) -> None:
    """Raise one ``ValidationError`` with every problem by field, model checks and uploaded
    files included."""
    errors: dict[str, list[str]] = {}
    try:
        decision.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if not {"organisation", "body", "meeting_date"} & set(errors):
        for name, messages in decision_errors(decision, parts).items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors.get(name, []))
    if errors:
        raise ValidationError(errors)


def _clear_other_subjects(decision: Decision) -> None:
    """Keep only the link the ``concerns`` choice names (a plan link on a strategy decision
    would be stale and invisible)."""
    if decision.concerns != Concerns.STRATEGY:
        decision.strategy = None
    if decision.concerns != Concerns.PLAN:
        decision.plan = None


class _NewFiles:
    """The files written during one save, removed again if the transaction fails."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def forget_on_failure(self) -> None:
        storage = basis_storage()
        for name in self.names:
            storage.delete(name)


@contextmanager
def _files_kept_only_on_commit() -> Iterator[_NewFiles]:
    written = _NewFiles()
    try:
        yield written
    except BaseException:
        written.forget_on_failure()
        raise


def _checked_upload(upload: UploadedFile) -> tuple[UploadedFile, uploads.FileType]:
    try:
        found = uploads.sniff(_stream(upload), upload.size or 0)
    except uploads.UploadRefused as refused:
        message = upload_message(refused.code, upload.name or "")
        raise ValidationError({"documents": [message]}) from None
    upload.name = uploads.safe_name(upload.name or "", found)
    return upload, found


def upload_message(code: str, name: str) -> str:
    """Return why an upload was refused, naming the file."""
    if code == "too_large":
        return _("%(name)s is larger than 20 MB.") % {"name": name}
    if code == "empty":
        return _("%(name)s is empty.") % {"name": name}
    return _(
        "%(name)s is not a PDF, Word (DOCX), Excel (XLSX), OpenDocument text (ODT) or plain "
        "text file (judged by its content, not its name)."
    ) % {"name": name}


def _write_documents(
    decision: Decision, drafts: Sequence[DocumentDraft], written: _NewFiles
) -> list[str]:
    """Replace the decision's documents with ``drafts``; return the stored files to delete
    once the transaction commits (those of documents no longer kept)."""
    stored = {document.pk: document for document in decision.documents.all()}
    kept: set[int] = set()
    for draft in drafts:
        if draft.existing is not None and draft.existing in stored:
            document = stored[draft.existing]
            kept.add(document.pk)
            if draft.title and document.title != draft.title:
                document.title = draft.title
                document.save(update_fields=["title"])
            continue
        document = BasisDocument(decision=decision, title=draft.title)
        if draft.upload is not None:
            document.title = draft.title or draft.upload.name or "underlag"
            upload, found = _checked_upload(draft.upload)
            document.original_name, document.content_type = upload.name or "", found.content_type
            document.size = upload.size
            document.file.save(upload.name or "underlag", upload, save=False)
            written.names.append(document.file.name)
        document.full_clean(exclude=["decision"])
        document.save()
    dropped = [document for pk, document in stored.items() if pk not in kept]
    files = [document.file.name for document in dropped if document.file]
    BasisDocument.objects.filter(pk__in=[document.pk for document in dropped]).delete()
    return files


def _write_parts(decision: Decision, parts: DecisionParts, written: _NewFiles) -> list[str]:
    decision.condition_organisations.set(list(parts.conditions))
    decision.items.all().delete()
    DecisionItem.objects.bulk_create(
        DecisionItem(decision=decision, number=item.number, text=item.text)
        for item in sorted(parts.items, key=lambda item: item.number)
    )
    decision.statements.all().delete()
    for draft in parts.statements:
        statement = Statement(decision=decision, kind=draft.kind, parties=draft.parties,
                              members=draft.members, text=draft.text)  # fmt: skip
        statement.full_clean(exclude=["decision"])
        statement.save()
    return _write_documents(decision, parts.documents, written)


def _delete_files_after_commit(names: list[str]) -> None:
    storage = basis_storage()
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]


def _require_not_stale(stored: Decision | None, opened_version: datetime | None) -> None:
    """Refuse a save from a form opened before the stored decision's last change."""
    if stored is None or opened_version is None or stored.updated_at == opened_version:
        return
    # Named as the history names people: by username, the system when nobody.
    who = stored.updated_by.get_username() if stored.updated_by else _("the system")
    changed = date_format(timezone.localtime(stored.updated_at), "DATETIME_FORMAT")
    raise ValidationError(
        _(
            "The decision was changed by %(who)s (%(when)s) after you opened it; nothing was "
            "saved. Open it again to see that change, then make yours."
        )
        % {"who": who, "when": changed},
        code="stale",
    )


def save_decision(
    user: User,
    decision: Decision,
    parts: DecisionParts,
    *,
    opened_version: datetime | None = None,
) -> Decision:
    """Save ``decision`` (new, or with its fields changed) with exactly these parts, record
    its history and the adoption changes it causes, and return it. ``opened_version`` (the
    decision's ``updated_at`` when the form was opened) refuses a save that would overwrite a
    change made since.

    Raises ``PermissionDenied`` unless the user manages the county of the stored and the new
    organisation, and ``ValidationError`` (by field) for anything invalid, an uploaded file
    too large or of a refused type included. Nothing is saved, and no file is left behind,
    when anything is refused.
    """
    with _files_kept_only_on_commit() as written, transaction.atomic():
        stored = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("organisation__county", "strategy")
            .filter(pk=decision.pk)
            .first()
            if decision.pk
            else None
        )
        require_may_record(user, stored, decision)
        _require_not_stale(stored, opened_version)
        _clear_other_subjects(decision)
        validate(decision, parts)
        strategies = {d.strategy for d in (stored, decision) if d is not None and d.strategy}
        adoption_before = adoption_history.statuses(strategies)
        before = history.snapshot(stored) if stored is not None else None
        who: Any = user if user is not None and user.is_authenticated else None
        decision.updated_at, decision.updated_by = timezone.now(), who
        if stored is None:
            decision.created_by = who
        decision.save()
        dropped_files = _write_parts(decision, parts, written)
        history.record_changes(user, decision, before, history.snapshot(decision))
        adoption_history.record(user, adoption_before, cause=decision)
        _delete_files_after_commit(dropped_files)
    return decision


@transaction.atomic
def delete_decision(user: User, decision: Decision) -> None:
    """Delete the decision with its items, statements and documents (their files once the
    transaction commits); record the deletion and the adoption changes it causes."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("organisation__county", "strategy")
        .get(pk=decision.pk)
    )
    require_may_record(user, decision, decision)
    adoption_before = adoption_history.statuses([decision.strategy] if decision.strategy else [])
    history.record_deletion(user, decision, history.snapshot(decision))
    files = [document.file.name for document in decision.documents.all() if document.file]
    label = history.label_of(decision)
    decision.delete()
    adoption_history.record(user, adoption_before, cause=None, cause_label=label)
    _delete_files_after_commit(files)
