"""What people add to the follow-up: indicators linked to strategy items by a coordinator,
and comments (interpretations) on an indicator's series in an area.

Both keep their history in their own rows: a link is never deleted, only marked removed (who
and when); a comment's every version is appended to :class:`CommentRevision`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fardplan.content.free_text import LONG_TEXT_MAX_LENGTH
from fardplan.web.strategies.models import StrategyItem

INDICATOR_ID_LENGTH = 60  # as ActivityIndicator.indicator_id
COMMENT_MAX_LENGTH = 2000  # an interpretation, not a report: a few paragraphs
assert COMMENT_MAX_LENGTH <= LONG_TEXT_MAX_LENGTH


class ItemIndicatorQuerySet(models.QuerySet["ItemIndicator"]):
    def active(self) -> ItemIndicatorQuerySet:
        """Return the links not removed."""
        return self.filter(removed_at__isnull=True)


class ItemIndicator(models.Model):
    """A catalogue indicator that shows whether a strategy item (a target area or direction
    change) moves. Removing a link sets ``removed_at`` and ``removed_by``: the rows are the
    link's history."""

    item = models.ForeignKey(
        StrategyItem,
        on_delete=models.CASCADE,
        related_name="indicator_links",
        verbose_name=_("strategy item"),
    )
    indicator_id = models.CharField(_("indicator"), max_length=INDICATOR_ID_LENGTH)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    objects = ItemIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["item", "indicator_id", "linked_at"]
        verbose_name = _("indicator of a strategy item")
        verbose_name_plural = _("indicators of strategy items")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "indicator_id"],
                condition=models.Q(removed_at__isnull=True),
                name="item_indicator_active_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.indicator_id}"


class CommentQuerySet(models.QuerySet["Comment"]):
    def current(self) -> CommentQuerySet:
        """Return the comments not deleted."""
        return self.filter(deleted_at__isnull=True)


class Comment(models.Model):
    """An interpretation of an indicator's series in an area over a range of months
    (``first_month`` to ``last_month``, "YYYY-MM", both included). The text is what a person
    wrote; the system never writes a value into it. Its versions are in ``revisions``."""

    indicator_id = models.CharField(_("indicator"), max_length=INDICATOR_ID_LENGTH)
    area_code = models.CharField(_("area"), max_length=4)
    first_month = models.CharField(_("from month"), max_length=7)
    last_month = models.CharField(_("to month"), max_length=7)
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="followup_comments",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["first_month", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["indicator_id", "area_code", "first_month"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_month__gte=models.F("first_month")),
                name="comment_months_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.first_month}–{self.last_month}"

    @property
    def months(self) -> str:
        """Return the range as shown: "2024-03" or "2024-01 – 2024-04"."""
        if self.first_month == self.last_month:
            return self.first_month
        return f"{self.first_month} – {self.last_month}"


class CommentAction(models.TextChoices):
    WRITTEN = "written", _("Written")
    EDITED = "edited", _("Edited")
    DELETED = "deleted", _("Deleted")


class CommentRevision(models.Model):
    """One version of a comment, appended on every write, edit and deletion (the text and
    months as they were after it; a deletion keeps the last text)."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("comment")
    )
    action = models.CharField(_("action"), max_length=10, choices=CommentAction.choices)
    first_month = models.CharField(_("from month"), max_length=7)
    last_month = models.CharField(_("to month"), max_length=7)
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["comment", "at", "id"]
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")

    def __str__(self) -> str:
        return f"{self.comment_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
