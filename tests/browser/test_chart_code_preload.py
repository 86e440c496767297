"""Every page load asks for Streamlit's chart code at once (dashboard/views/_chart_code.py), not
when its first chart arrives: on a page without any chart the chart chunks are still fetched,
and the element that asks takes no room on the page."""

from __future__ import annotations

import pytest

from dashboard.views import _chart_code, over_de_data
from tests.browser import ui

pytestmark = pytest.mark.browser

FETCHED_JS = """() => performance.getEntriesByType('resource')
  .map((r) => r.name.split('/').pop())"""


def test_a_page_without_charts_still_loads_the_chart_code(page, app_url):
    ui.open_app(page, app_url, "over_de_data")
    assert page.locator("h1").first.inner_text() == over_de_data.TITLE
    assert page.locator(".vega-embed").count() == 0
    files = _chart_code.chunk_files()
    assert files
    page.wait_for_function(
        f"(files) => files.every((f) => ({FETCHED_JS})().includes(f))", arg=list(files)
    )
    preload = page.locator(f"script[{_chart_code.MARKER}]")
    assert preload.count() == 1
    container = preload.locator("xpath=ancestor::*[@data-testid='stElementContainer'][1]")
    assert container.evaluate("(e) => getComputedStyle(e).display") == "none"
    assert container.bounding_box() is None
