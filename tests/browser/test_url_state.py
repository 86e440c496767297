"""The URL round-trips in a real browser: a link opens the view it names, a changed widget
changes the URL, and opening that URL again gives the same view."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import ui

pytestmark = pytest.mark.browser


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_link_widget_and_reload_round_trip(new_page, app_url):
    first = new_page()
    ui.open_app(first, app_url, "koppels", wijk=ui.WIJK, jaar="2024")
    assert ui.selected(first, "Wijk") == ui.WIJK
    assert ui.selected(first, "Jaar") == "2024"
    ui.expect_main_text(first, f"{ui.WIJK_NAAM}, 2024")

    with ui.rerun(first):
        ui.choose(first, "Jaar", "2023")
    assert query(first) == {"wijk": [ui.WIJK], "jaar": ["2023"]}
    ui.expect_main_text(first, f"{ui.WIJK_NAAM}, 2023")
    link = first.url

    ui.reload(first)
    assert first.url == link
    assert ui.selected(first, "Jaar") == "2023"

    # The link in a new session (another browser context): the same view.
    second = new_page()
    with ui.rerun(second):
        second.goto(link)
    assert ui.selected(second, "Wijk") == ui.WIJK
    assert ui.selected(second, "Jaar") == "2023"
    ui.expect_main_text(second, f"{ui.WIJK_NAAM}, 2023")


def test_narrowing_filters_round_trip(page, app_url):
    ui.open_app(
        page,
        app_url,
        "vergelijken",
        resv="Synthetica Zuid",
        gemeente="Synthrade",
        indicator="Crisisopnames",
    )
    assert ui.selected(page, "RESV") == "Synthetica Zuid"
    assert ui.selected(page, "Gemeente") == "Synthrade"
    assert ui.selected(page, "Indicator") == "Crisisopnames"

    with ui.rerun(page):
        ui.choose(page, "Vergelijk", "RESV's")
    assert query(page) == {
        "resv": ["Synthetica Zuid"],
        "gemeente": ["Synthrade"],
        "indicator": ["Crisisopnames"],
        "niveau": ["RESV's"],
    }
    link = page.url

    ui.reload(page)
    assert page.url == link
    assert ui.selected(page, "Gemeente") == "Synthrade"
    assert ui.selected(page, "Vergelijk") == "RESV's"
    assert ui.selected(page, "Indicator") == "Crisisopnames"


def test_stale_link_falls_back_with_a_notice(page, app_url):
    ui.open_app(page, app_url, "koppels", wijk="Wijk 99 Verdwenen")
    assert ui.selected(page, "Wijk") == "Alle wijken"
    notice = page.get_by_test_id("stAlert").first.inner_text()
    assert "De link bevatte een onbekende of verouderde wijk ‘Wijk 99 Verdwenen’" in notice


def test_multiselect_and_radio_round_trip(page, app_url):
    ui.open_app(
        page,
        app_url,
        "trends",
        indicatoren=["Crisisopnames", "SO-contacten"],
        periodes="Kwartalen",
    )
    sidebar = page.get_by_test_id("stSidebar")
    chosen = sidebar.get_by_test_id("stMultiSelect").inner_text().splitlines()
    assert [line for line in chosen if line.strip()] == [
        "Indicatoren",
        "Crisisopnames",
        "SO-contacten",
    ]
    assert sidebar.get_by_role("radio", name="Kwartalen").is_checked()
    assert page.get_by_test_id("stVegaLiteChart").count() == 2

    # Back to the default: the parameter leaves the URL, the other one stays.
    with ui.rerun(page):
        sidebar.get_by_text("Jaren", exact=True).click()
    assert query(page) == {"indicatoren": ["Crisisopnames", "SO-contacten"]}

    ui.reload(page)
    assert sidebar.get_by_role("radio", name="Jaren").is_checked()
    assert page.get_by_test_id("stVegaLiteChart").count() == 2
