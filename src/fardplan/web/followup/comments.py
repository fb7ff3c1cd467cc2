"""Comments: a person's interpretation of an indicator's series in an area over a month, a
tertial or a year, shown under the series page's chart and available to reports
(:func:`comments_for`).

Who writes: the analysts, coordinators and administrators of the area's county (Sweden's
series: superusers only). Each edits and deletes only their own comments; every version is
appended to ``CommentRevision``. A comment is the author's text only: the system never writes
a value into it, so it carries no suppressed number unless a person typed one.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fardplan.web.access.scope import scope_for
from fardplan.web.followup import describe
from fardplan.web.followup.areas import Area
from fardplan.web.followup.models import Comment, CommentAction, CommentRevision
from fardplan.web.organisations.models import County

User = AbstractBaseUser | AnonymousUser
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_TERTIAL = re.compile(r"^(\d{4})-T([123])$")
_YEAR = re.compile(r"^(\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_period(text: str) -> tuple[str, str]:
    """Return the first and last month ("YYYY-MM") of a month ("2024-03"), a tertial
    ("2024-T1": January–April) or a year ("2024"). Raises ValidationError naming the text
    (at most 20 characters of it) otherwise, or for a year outside 2000–2100."""
    value = text.strip().upper()
    for pattern in (_MONTH, _TERTIAL, _YEAR):
        match = pattern.match(value)
        if match and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            year = match.group(1)
            if pattern is _MONTH:
                return value, value
            if pattern is _TERTIAL:
                first = (int(match.group(2)) - 1) * 4 + 1
                return f"{year}-{first:02d}", f"{year}-{first + 3:02d}"
            return f"{year}-01", f"{year}-12"
    raise ValidationError(
        _("“%(text)s” is not a period: write a month (2024-03), a tertial (2024-T1) or a year "
          "(2024), between 2000 and 2100.") % {"text": text[:20]}
    )  # fmt: skip


def can_comment(user: User, where: Area) -> bool:
    """Analysts, coordinators and administrators of the area's county may write comments."""
    scope = scope_for(user)
    if where.county_code is None:
        return scope.is_superuser
    county = County.objects.filter(code=where.county_code).values_list("pk", flat=True).first()
    return county is not None and scope.can_comment_county(county)


def is_public(indicator_id: str) -> bool:
    """Return whether the indicator's comments are public: those of a published indicator
    (every indicator of the catalogue is published on the follow-up pages)."""
    return describe.indicator(indicator_id) is not None


def comments_for(
    indicator_id: str, area_code: str, period_range: tuple[str, str] | None = None
) -> list[Comment]:
    """Return the current comments on the indicator in the area whose months overlap
    ``period_range`` (first and last month "YYYY-MM", both included; None: all), by first
    month and time of writing. Deleted comments are left out."""
    found = Comment.objects.current().filter(indicator_id=indicator_id, area_code=area_code)
    if period_range is not None:
        first, last = period_range
        found = found.filter(first_month__lte=last, last_month__gte=first)
    return list(found.select_related("author"))


def visible_comments(user: User, indicator_id: str, where: Area) -> list[Comment]:
    """Return the comments ``user`` may read: all of a public indicator's, else those of the
    county for the county's members."""
    if is_public(indicator_id) or can_read_area(user, where):
        return comments_for(indicator_id, where.code)
    return []


def can_read_area(user: User, where: Area) -> bool:
    scope = scope_for(user)
    if where.county_code is None:
        return scope.is_superuser
    county = County.objects.filter(code=where.county_code).values_list("pk", flat=True).first()
    return county is not None and scope.can_read_county(county)


def write_comment(user: User, indicator_id: str, where: Area, period: str, text: str) -> Comment:
    """Save a new comment by ``user`` and its first revision. Raises PermissionDenied for a
    user who may not comment in the area, ValidationError for an unknown indicator or a bad
    period."""
    if not can_comment(user, where):
        raise PermissionDenied("may not comment in this county")
    if describe.indicator(indicator_id) is None:
        raise ValidationError(
            _("The catalogue has no indicator “%(id)s”.") % {"id": indicator_id[:60]}
        )
    first, last = parse_period(period)
    with transaction.atomic():
        comment = Comment.objects.create(
            indicator_id=indicator_id, area_code=where.code, first_month=first, last_month=last,
            text=text, author=_who(user),
        )  # fmt: skip
        _revise(comment, CommentAction.WRITTEN, user)
    return comment


def can_change(user: User, comment: Comment, where: Area) -> bool:
    """The author changes a comment, while still allowed to comment in the area."""
    return (
        comment.deleted_at is None
        and user.is_authenticated
        and comment.author_id == user.pk
        and can_comment(user, where)
    )


def edit_comment(user: User, comment: Comment, where: Area, period: str, text: str) -> None:
    """Change the comment's period and text and append the new version."""
    if not can_change(user, comment, where):
        raise PermissionDenied("only the author changes a comment")
    first, last = parse_period(period)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.first_month, locked.last_month, locked.text = first, last, text
        locked.updated_at = timezone.now()
        locked.save(update_fields=["first_month", "last_month", "text", "updated_at"])
        _revise(locked, CommentAction.EDITED, user)


def delete_comment(user: User, comment: Comment, where: Area) -> None:
    """Mark the comment deleted (its versions stay) and append the deletion."""
    if not can_change(user, comment, where):
        raise PermissionDenied("only the author deletes a comment")
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at"])
        _revise(locked, CommentAction.DELETED, user)


def _revise(comment: Comment, action: str, user: User) -> None:
    CommentRevision.objects.create(
        comment=comment, action=action, first_month=comment.first_month,
        last_month=comment.last_month, text=comment.text, user=_who(user),
    )  # fmt: skip


def _who(user: User) -> Any:
    return user if user.is_authenticated else None
