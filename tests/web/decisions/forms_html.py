"""Read a rendered form's values the way a browser would submit them, so that a test can
"check the prefilled form and save it" without typing anything."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormValues(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        if name in self.values:
            existing = self.values[name]
            self.values[name] = (
                [*existing, value] if isinstance(existing, list) else [existing, value]
            )
        else:
            self.values[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in ("submit", "file"):
            if found.get("type") in ("checkbox", "radio"):
                if "checked" in found:
                    self._add(name, found.get("value", "on"))
            else:
                self._add(name, found.get("value", ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self._add(self._select, found.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)


def form_values(html: str) -> dict[str, Any]:
    """Return the values of every field in ``html`` (the page's forms merged; the language
    switcher's and log-out forms' fields are dropped)."""
    parser = _FormValues()
    parser.feed(html)
    for name in ("next", "language"):
        parser.values.pop(name, None)
    return parser.values
