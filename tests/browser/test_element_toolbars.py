"""Streamlit's toolbar over charts and tables speaks English ("Show data", "Download as PNG",
"Copy Vega-Lite spec", "Download as CSV", "Search", "Fullscreen") and cannot be translated: a
user never sees it; the Dutch buttons under each chart make the files."""

from __future__ import annotations

import pytest

from tests.browser import ui

pytestmark = pytest.mark.browser

ENGLISH = {
    "Show data",
    "Download as PNG",
    "Copy Vega-Lite spec",
    "Fullscreen",
    "Show/hide columns",
    "Download as CSV",
    "Search",
}


def _visible_labels(page) -> set[str]:
    buttons = page.locator("button").all()
    return {
        (button.get_attribute("aria-label") or button.inner_text()).strip()
        for button in buttons
        if button.is_visible()
    }


def test_no_english_toolbar_over_charts_and_tables(page, app_url):
    ui.open_app(page, app_url, "vergelijken", wijk=ui.WIJK)
    # The toolbar is in the page, only hidden: the test would see it when shown.
    assert page.get_by_test_id("stElementToolbar").count() >= 2
    for element in ("stVegaLiteChart", "stDataFrame"):
        page.get_by_test_id(element).first.hover()
        page.wait_for_timeout(300)
        assert _visible_labels(page) & ENGLISH == set(), element
    # The Dutch buttons are there (their text follows an icon's name).
    words = {label.split()[-1] for label in _visible_labels(page) if label}
    assert {"PNG", "SVG", "CSV", "Excel"} <= words
