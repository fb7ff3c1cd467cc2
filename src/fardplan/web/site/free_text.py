"""Free-text checks for every form of the web apps (and the admin), from
:mod:`fardplan.content.free_text`: a length limit on every text field, no control characters,
no personal identity numbers. Forms get them by inheriting :class:`FreeTextForm`; a test walks
every form class of the apps so that none can forget."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from fardplan.content import free_text
from fardplan.content.free_text import LONG_TEXT_MAX_LENGTH, Finding, Problem


def message(finding: Finding) -> str:
    """Return why the text is refused, in the user's language; a personal number is never
    quoted (it would reach the page, and perhaps a log, again)."""
    if finding.problem is Problem.TOO_LONG:
        return _("The text is longer than %(limit)s characters.") % {"limit": finding.detail}
    if finding.problem is Problem.CONTROL_CHARACTER:
        return _("Remove the invisible control character %(code)s.") % {"code": finding.detail}
    return _(
        "This looks like a personal identity number (personnummer or samordningsnummer), at "
        "character %(position)s. Färdplan holds pseudonymised data only: remove it."
    ) % {"position": finding.position + 1}


@deconstructible
class FreeTextValidator:
    """Refuse control characters and personal identity numbers (the length is the field's
    own ``max_length``, checked by Django)."""

    def __call__(self, value: object) -> None:
        if isinstance(value, str):
            finding = free_text.check(value, max_length=None)
            if finding is not None:
                raise ValidationError(message(finding), code=finding.problem.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FreeTextValidator)

    def __hash__(self) -> int:
        return hash(FreeTextValidator)


def is_free_text(field: forms.Field) -> bool:
    """Return whether a person types the field's value as text (passwords aside: they are
    never stored or shown)."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


def is_guarded(field: forms.Field) -> bool:
    """Return whether the field has a length limit and the free-text validator."""
    checked = any(isinstance(v, FreeTextValidator) for v in field.validators)
    return checked and getattr(field, "max_length", None) is not None


def guard_text_fields(fields: dict[str, forms.Field]) -> None:
    """Give every free-text field a length limit (the long-text limit where it has none, as a
    model TextField) and the free-text validator. Calling it twice changes nothing."""
    for field in fields.values():
        if not is_free_text(field):
            continue
        assert isinstance(field, forms.CharField)
        if field.max_length is None:
            field.max_length = LONG_TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(LONG_TEXT_MAX_LENGTH))
            field.widget.attrs.update(field.widget_attrs(field.widget))
        if not is_guarded(field):
            field.validators.append(FreeTextValidator())


class FreeTextForm(forms.BaseForm):
    """Mix into every form (first among the bases): its text fields, declared or added in
    ``__init__``, are checked before anything else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)  # so that a page shows the limit (maxlength)

    def full_clean(self) -> None:
        # Again: a subclass may add or replace fields after this class's __init__.
        guard_text_fields(self.fields)
        super().full_clean()


def with_free_text(form_class: type[Any]) -> type[Any]:
    """Return ``form_class`` if it already checks free text, else a subclass that does (for
    the admin's model forms)."""
    if issubclass(form_class, FreeTextForm):
        return form_class
    metaclass: Any = type(form_class)  # the forms' own metaclass, which collects fields
    checked: type[Any] = metaclass(
        form_class.__name__, (FreeTextForm, form_class), {"__module__": __name__}
    )
    return checked
