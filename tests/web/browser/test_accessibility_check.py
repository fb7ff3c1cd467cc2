from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.web.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_it_fails_on_a_page_with_serious_violations(page: Page) -> None:
    page.set_content(
        '<html><head><title>x</title></head><body><main><img src="x.png">'
        "<button></button></main></body></html>"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_it_passes_a_plain_accessible_page(page: Page) -> None:
    page.set_content(
        '<html lang="sv"><head><title>Start</title></head><body><main><h1>Rubrik</h1>'
        '<img src="x.png" alt="Karta"></main></body></html>'
    )
    assert_accessible(page)
