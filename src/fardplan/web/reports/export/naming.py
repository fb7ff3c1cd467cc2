"""The name and type of an exported file."""

from __future__ import annotations

import re
import unicodedata

from fardplan.web.reports.content import ReportContent, ReportStatus

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_UNSAFE = re.compile(r"[^a-z0-9]+")
# The file name's words per language: report, approved, draft (a name, not a translated text).
_WORDS = {"sv": ("rapport", "godkand", "utkast"), "en": ("report", "approved", "draft")}


def _slug(text: str) -> str:
    # ASCII only: a Content-Disposition filename without RFC 5987 encoding, and a name every
    # file system and mail client keeps ("Norrbottens län" → "norrbottens-lan").
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_text.lower()).strip("-")[:60] or "rapport"


def filename(content: ReportContent, fmt: str) -> str:
    """Return a safe file name naming the scope, the period, the version and the status:
    ``rapport-norrbottens-lan-2024t2-v1-utkast.pdf``. Raises KeyError for an unknown
    format."""
    suffix = {"pdf": "pdf", "docx": "docx"}[fmt]
    report, approved, draft = _WORDS.get(content.language, _WORDS["en"])
    status = approved if content.status == ReportStatus.APPROVED else draft
    parts = [report, _slug(content.scope_name), _slug(content.period), f"v{content.version}"]
    return "-".join([*parts, status]) + "." + suffix
