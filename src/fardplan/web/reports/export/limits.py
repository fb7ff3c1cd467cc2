"""Bounds on rendering, since a render cannot be interrupted once WeasyPrint lays out.

- Size: a report's sections and indicators are bounded by its strategy, but its activities
  and appendix rows by the plans (a plan may hold 5 000 activities). A report with more table
  rows than ``MAX_ROWS`` is refused before anything is drawn: at about 40 rows a page that is
  some 60 pages of tables, a minute of layout on this machine.
- Concurrency: one render at a time per user, and ``MAX_RENDERS`` at a time in the process, so
  that repeated clicks cannot queue up minutes of CPU; a render waits at most ``WAIT`` seconds
  for a free slot.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from fardplan.web.reports.content import ReportContent

MAX_ROWS = 3_000
MAX_RENDERS = 2
WAIT = 30.0

_slots = threading.BoundedSemaphore(MAX_RENDERS)
_users: set[object] = set()
_users_lock = threading.Lock()


class TooLarge(ValueError):
    """The report has more rows than a render is allowed to lay out."""


class Busy(RuntimeError):
    """The user already has a render running, or every slot stayed taken."""


def rows(content: ReportContent) -> int:
    """Return the number of table rows the files would lay out."""
    in_sections = sum(
        len(s.activities) + len(s.changes) + len(s.decisions) + len(s.indicators)
        for s in content.sections
    )
    return in_sections + sum(len(t.rows) for t in content.appendix_tables)


def check_size(content: ReportContent) -> None:
    """Raise TooLarge, saying how large, for a report beyond ``MAX_ROWS`` table rows."""
    count = rows(content)
    if count > MAX_ROWS:
        raise TooLarge(
            _("The report has %(count)s table rows; a file holds at most %(limit)s.")
            % {"count": count, "limit": MAX_ROWS}
        )


@contextmanager
def render_slot(user_key: object) -> Iterator[None]:
    """Hold a render slot for ``user_key`` (a user's id) while the body runs. Raises Busy
    when that user already holds one or no slot frees within ``WAIT`` seconds."""
    with _users_lock:
        if user_key in _users:
            raise Busy(_("A file of yours is being made: wait until it is done."))
        _users.add(user_key)
    try:
        if not _slots.acquire(timeout=WAIT):
            raise Busy(_("The server is making other files: try again in a minute."))
        try:
            yield
        finally:
            _slots.release()
    finally:
        with _users_lock:
            _users.discard(user_key)
