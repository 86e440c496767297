"""What the browser tests do with a page: open the app, pick a sidebar option, wait for the rerun
(never a sleep), read chart text and check that its numbers are written the Dutch way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import expect

from benchmarks.load_test import EXCEPTION, RUN_DONE_JS, WATCH_RUNS_JS

#: The sample region's wijk whose name repeats in other gemeenten, so its label carries the code.
WIJK = "Wijk 01 Noord (WK990301)"
WIJK_NAAM = "Wijk 01 Noord"

#: The first run after opening a URL is done: idle, connected, a title shown, every chart drawn.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') { return false; }
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') { return false; }
  if (!document.querySelector('[data-testid="stMain"] h1')) { return false; }
  const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
  return document.querySelectorAll('.vega-embed .marks').length >= charts;
}"""

#: A number as it appears in chart text: digits with the separators between them.
NUMBER = re.compile(r"\d[\d.,]*\d|\d")
#: Dutch: thousands grouped with a point, decimals after a comma ("1.234,5", "101,8", "2025").
DUTCH_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def url(base: str, path: str = "", **params: str | list[str]) -> str:
    """Return the app URL of page `path` ("" = the default page) with query parameters."""
    query = urlencode(params, doseq=True)
    return f"{base}/{path}" + (f"?{query}" if query else "")


def assert_no_exception(page) -> None:
    """Fail with the text of the first exception the app shows, if any."""
    exceptions = page.locator(EXCEPTION)
    assert exceptions.count() == 0, exceptions.first.inner_text()


def open_app(page, base: str, path: str = "", **params: str | list[str]) -> None:
    """Open page `path` of the app and wait until its first run is done and drawn."""
    page.goto(url(base, path, **params))
    wait_until_ready(page)


def wait_until_ready(page) -> None:
    """Wait until the run after a page load is done and drawn; fail on an exception."""
    page.wait_for_function(READY_JS, polling=100)
    assert_no_exception(page)


@contextmanager
def rerun(page) -> Iterator[None]:
    """Wait, after the block, until the rerun it caused is done and every chart is drawn."""
    page.evaluate(WATCH_RUNS_JS)
    yield
    page.wait_for_function(RUN_DONE_JS, polling=50)
    assert_no_exception(page)


def sidebar_box(page, label: str):
    """Return the text field of the sidebar selectbox labelled `label`."""
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar selectbox `label`; typing filters the list, which only
    renders the options in view."""
    box = sidebar_box(page, label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def selected(page, label: str) -> str:
    """Return the option the sidebar selectbox `label` shows."""
    return sidebar_box(page, label).input_value()


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def chart_texts(page) -> list[str]:
    """Return every text Vega drew in the page's charts (axes, labels, titles, legends)."""
    return [text.text_content() or "" for text in page.locator(".vega-embed svg text").all()]


def numbers_in(texts: list[str]) -> list[str]:
    """Return every number written in `texts`."""
    return [number for text in texts for number in NUMBER.findall(text)]


def not_dutch(numbers: list[str]) -> list[str]:
    """Return the numbers not written the Dutch way ("1,234.5" or "101.8")."""
    return [number for number in numbers if not DUTCH_NUMBER.fullmatch(number)]


def save_screenshot(page, folder: Path, name: str) -> Path:
    """Save a full-page screenshot as `folder`/`name`.png and return its path."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
