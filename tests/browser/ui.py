"""What the browser tests do with a page: open the app, pick a sidebar option, wait for the rerun
(for the server's "run finished", never a fixed sleep), read chart text and check that its
numbers are written the Dutch way."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from benchmarks.load_test import (
    DRAWN_JS,
    EXCEPTION,
    FRAMES_HANDLED_JS,
    PAGE_STATE_JS,
    STEP_TIMEOUT_MS,
    RunWatch,
)

#: A sample region's wijk whose name repeats in other gemeenten: named with its gemeente.
WIJK = "Wijk 01 Noord, Synthrade"
WIJK_NAAM = WIJK

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


_WATCHES: WeakKeyDictionary = WeakKeyDictionary()


def watch_runs(page):
    """Start counting the runs the server finishes for `page` (before it opens a URL)."""
    page.add_init_script(FRAMES_HANDLED_JS)
    _WATCHES[page] = RunWatch(page)
    return page


@contextmanager
def rerun(page) -> Iterator[None]:
    """Wait, after the block, until the server has finished the run the block caused and the
    page has drawn it (idle, every chart drawn); fail on a timeout or an exception."""
    watch = _WATCHES[page]
    before = watch.finished
    yield
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while watch.finished <= before:
        if time.monotonic() > deadline:
            pytest.fail(f"the server finished no run on {page.url}: {page.evaluate(PAGE_STATE_JS)}")
        # Lets Playwright deliver the websocket events while we wait.
        page.wait_for_timeout(20)
    try:
        page.wait_for_function(DRAWN_JS, arg=watch.frame, polling=50)
    except PlaywrightTimeout:
        pytest.fail(f"the page did not draw the run on {page.url}: {page.evaluate(PAGE_STATE_JS)}")
    assert_no_exception(page)


def open_app(page, base: str, path: str = "", **params: str | list[str]) -> None:
    """Open page `path` of the app and wait until its first run is done and drawn."""
    with rerun(page):
        page.goto(url(base, path, **params))


def reload(page) -> None:
    """Reload the page (a new session on the same URL) and wait until it is drawn."""
    with rerun(page):
        page.reload()


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
    expect(box).to_have_value(option, timeout=30_000)


def selected(page, label: str) -> str:
    """Return the option the sidebar selectbox `label` shows."""
    return sidebar_box(page, label).input_value()


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def expect_main_text(page, text: str) -> None:
    """Wait until the main area shows `text` (the last deltas of a run may still be drawn)."""
    expect(page.get_by_test_id("stMain")).to_contain_text(text, timeout=30_000)


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
    """Save a screenshot of the whole page as `folder`/`name`.png and return its path."""
    # Streamlit scrolls inside its main area, so a "full page" shot is one window high: make
    # the window as tall as the content for the shot (the width, which charts follow, stays).
    viewport = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
    path = folder / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(viewport)
    return path
