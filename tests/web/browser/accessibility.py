"""Run axe-core (shipped inside axe-playwright-python) against a page and fail on serious or
critical WCAG 2.1 A/AA violations, naming each rule and the offending elements."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

_AXE = Axe()
_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """Return axe's violations of impact serious or critical on the current page."""
    response = _AXE.run(page, options=_OPTIONS).response
    return [v for v in response["violations"] if v.get("impact") in {"serious", "critical"}]


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when the page has serious or critical violations."""
    violations = serious_violations(page)
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"accessibility violations on {page.url}:\n" + "\n".join(lines)
