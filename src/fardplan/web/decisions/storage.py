"""Where uploaded decision-basis files live: ``<FARDPLAN_DATA_DIR>/decision-files``.

Not under a public ``MEDIA_URL``: the files are served only by
:func:`fardplan.web.decisions.views.files.basis_download`, which checks the permission first.
The folder is read from the settings at each use, so a test that points ``DATA_DIR`` at a
temporary folder writes there.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

FOLDER = "decision-files"


class BasisStorage(FileSystemStorage):
    """A file system storage under the data directory, without a URL."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / FOLDER)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("decision-basis files have no public URL; use the download view")


_STORAGE = BasisStorage()


def basis_storage() -> BasisStorage:
    """Return the storage (a callable, so migrations name the function, not a path)."""
    return _STORAGE
