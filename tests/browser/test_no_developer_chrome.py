"""A user sees the dashboard, not Streamlit's developer tools: no Deploy button and no menu with
Rerun or Clear cache (`.streamlit/config.toml`, client.toolbarMode), although the app is opened
on 127.0.0.1, where Streamlit would show them by default."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.views import over_de_data, overzicht
from tests.browser import ui

pytestmark = pytest.mark.browser

DEVELOPER_TEXTS = ("Deploy", "Rerun", "Clear cache", "Record a screencast")


def _assert_no_developer_chrome(page) -> None:
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    # Whatever menu the header still offers is opened, so its items are looked at too.
    menu = page.get_by_test_id("stMainMenu")
    for index in range(menu.count()):
        menu.nth(index).click()
    for text in DEVELOPER_TEXTS:
        expect(page.get_by_text(text, exact=False)).to_have_count(0)
    page.keyboard.press("Escape")


@pytest.mark.parametrize(
    ("path", "title"), [("", overzicht.TITLE), ("over_de_data", over_de_data.TITLE)]
)
def test_a_user_sees_no_deploy_rerun_or_clear_cache(page, app_url, path, title):
    ui.open_app(page, app_url, path)
    assert page.locator("h1").first.inner_text() == title
    _assert_no_developer_chrome(page)
