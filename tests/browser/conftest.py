"""Fixtures for the browser tests: a published database built once per session, the app served
from it by ``streamlit run`` on a free port, and one headless Chromium (Debian's, via Playwright).

Without /usr/bin/chromium the tests are skipped locally and fail in CI (``CI=true``), as the
README promises.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.load_test import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    running_app,
)
from tests.browser import ui

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DATA = REPO_ROOT / "sample_data"
ARTIFACTS = REPO_ROOT / "test-artifacts"


def require_chromium() -> Path:
    """Return the Chromium executable; skip the test without it, or fail when CI is "true"."""
    if CHROMIUM.is_file():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return require_chromium()


@pytest.fixture(scope="session")
def browser_db(sample_output) -> Path:
    """Return the published database link of the session's sample build (tests/conftest.py)."""
    return sample_output / "dashboard.duckdb"


@pytest.fixture(scope="session")
def app_url(chromium_path, browser_db, tmp_path_factory):
    """Return the base URL of the app serving `browser_db` (started once per session)."""
    log = tmp_path_factory.mktemp("browser_app") / "streamlit.log"
    with running_app(browser_db, log) as server:
        yield server.url


@pytest.fixture(scope="session")
def chromium(chromium_path):
    """Return one headless Chromium for the whole session (a context per test keeps sessions
    apart)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), args=list(CHROMIUM_ARGS), headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Return a function that opens a page in a fresh browser context (a new Streamlit
    session); every context is closed after the test."""
    contexts = []

    def open_page():
        context = chromium.new_context(viewport=VIEWPORT, locale="nl-NL")
        # Generous: the 2 cores are shared with other test runs, and a wait ends as soon as
        # its condition holds.
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return ui.watch_runs(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """Return a page in a fresh browser context."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Return test-artifacts/ in the repository root (git-ignored), created when missing."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
