"""Every page in a real browser: it opens without an error, follows a wijk chosen in the sidebar,
draws its charts with Dutch numbers, and leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from dashboard.views import (
    getrapte_zorg,
    indicatoren,
    inzet,
    koppel_vergelijking,
    koppels,
    opnames,
    over_de_data,
    overzicht,
    trends,
    vergelijken,
    wijkprofiel,
)
from tests.browser import ui

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Pagina:
    path: str
    title: str
    #: Charts drawn once the wijk is chosen (at least).
    charts: int
    #: Whether those charts show a number with decimals (a Dutch decimal comma).
    decimals: bool


#: The default page is served at "/": Streamlit ignores the url_path of the default page.
PAGES_WITH_FILTERS = [
    Pagina("", overzicht.TITLE, charts=1, decimals=True),  # the grid; tiles are metrics
    Pagina("wijkprofiel", wijkprofiel.TITLE, charts=2, decimals=True),
    Pagina("vergelijken", vergelijken.TITLE, charts=2, decimals=False),
    Pagina("trends", trends.TITLE, charts=1, decimals=False),
    Pagina("koppels", koppels.TITLE, charts=4, decimals=False),
    # A wijk is shown through its gemeente: its three charts, percentages on the axis only.
    Pagina("koppel_vergelijking", koppel_vergelijking.TITLE, charts=4, decimals=False),
    Pagina("opnames", opnames.TITLE, charts=4, decimals=False),
    Pagina("inzet", inzet.TITLE, charts=5, decimals=False),
    Pagina("getrapte_zorg", getrapte_zorg.TITLE, charts=1, decimals=True),
]


@pytest.mark.parametrize("pagina", PAGES_WITH_FILTERS, ids=lambda p: p.path or "overzicht")
def test_page_follows_the_wijk_and_draws_dutch_charts(page, app_url, artifacts, pagina):
    ui.open_app(page, app_url, pagina.path)
    assert page.locator("h1").first.inner_text() == pagina.title
    assert ui.selected(page, "Wijk") == "Alle wijken"

    with ui.rerun(page):
        ui.choose(page, "Wijk", ui.WIJK)

    assert ui.selected(page, "Wijk") == ui.WIJK
    assert re.search(r"[?&]wijk=Wijk\+01\+Noord%2C\+Synthrade(&|$)", page.url), page.url
    ui.expect_main_text(page, ui.WIJK_NAAM)
    assert page.get_by_test_id("stVegaLiteChart").count() >= pagina.charts
    numbers = ui.numbers_in(ui.chart_texts(page))
    assert numbers, "the charts show no numbers"
    assert ui.not_dutch(numbers) == []
    if pagina.decimals:
        assert any("," in number for number in numbers), numbers
    ui.save_screenshot(page, artifacts, pagina.path or "overzicht")


def test_indicatoren_lists_the_catalogue(page, app_url, artifacts):
    ui.open_app(page, app_url, "indicatoren")
    assert page.locator("h1").first.inner_text() == indicatoren.TITLE
    text = ui.main_text(page)
    assert "15 indicatoren." in text
    assert "Bereik SO in de eerste lijn" in text
    assert "Wachttijd tot opname" in text
    ui.save_screenshot(page, artifacts, "indicatoren")


def test_over_de_data_names_the_build(page, app_url, artifacts):
    ui.open_app(page, app_url, "over_de_data")
    assert page.locator("h1").first.inner_text() == over_de_data.TITLE
    text = ui.main_text(page)
    assert "aantallen van 1 tot 10 worden niet getoond" in text
    assert "Aangeleverde bestanden" in text
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Gegevens tot en met 30-09-2026" in sidebar
    ui.save_screenshot(page, artifacts, "over_de_data")


def test_sidebar_navigation_opens_every_page(page, app_url):
    ui.open_app(page, app_url)
    titles = [p.title for p in PAGES_WITH_FILTERS] + [indicatoren.TITLE, over_de_data.TITLE]
    for title in reversed(titles):
        with ui.rerun(page):
            page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
        # The run counted may be a late one of the page before (its first load reruns once
        # more on a slow machine): the heading is awaited, not read once.
        expect(page.locator("h1").first).to_have_text(title)
