"""Finding your wijk in a real browser: typing in the wijk box finds a wijk by its name and its
gemeente, choosing it sets gemeente and RESV, and the Vergelijken charts mark it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import theme
from tests.browser import ui

pytestmark = pytest.mark.browser

#: Where the screenshots of this test go besides test-artifacts/ (for a reviewer to look at).
SHOTS_ENV = "WIJK_SHOTS"


def _options(page) -> list[str]:
    return [option.inner_text().strip() for option in page.get_by_role("option").all()]


def _bold_chart_texts(page) -> list[str]:
    """Every bold text Vega drew in the page's charts."""
    return [
        (text.text_content() or "").strip()
        for text in page.locator(".vega-embed svg text[font-weight='bold']").all()
    ]


def _shot(page, artifacts: Path, name: str, full: bool = True) -> None:
    folders = [artifacts, *([Path(os.environ[SHOTS_ENV])] if os.environ.get(SHOTS_ENV) else [])]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        if full:
            ui.save_screenshot(page, folder, name)
        else:
            page.screenshot(path=str(folder / f"{name}.png"))


def test_typing_finds_the_wijk_with_its_gemeente_and_marks_it(page, app_url, artifacts):
    ui.open_app(page, app_url, "vergelijken")
    assert ui.selected(page, "Wijk") == "Alle wijken"

    # Typing a gemeente lists its wijken, each named with that gemeente.
    box = ui.sidebar_box(page, "Wijk")
    box.click()
    box.fill("Synthrade")
    expect(page.get_by_role("option", name=ui.WIJK, exact=True)).to_be_visible()
    listed = _options(page)
    assert listed and all(option.endswith(", Synthrade") for option in listed), listed

    # The coordinator's two actions: type part of the wijk's and gemeente's name, choose it.
    box.fill("Noord Synthrade")
    expect(page.get_by_role("option", name=ui.WIJK, exact=True)).to_be_visible()
    assert _options(page)[0] == ui.WIJK
    _shot(page, artifacts, "wijk_picker", full=False)
    with ui.rerun(page):
        page.get_by_role("option", name=ui.WIJK, exact=True).click()

    assert ui.selected(page, "Wijk") == ui.WIJK
    assert ui.selected(page, "Gemeente") == "Synthrade"
    assert ui.selected(page, "RESV") == "Synthetica Zuid"
    ui.expect_main_text(page, "wijken in Synthrade")

    # Bars, funnel, map and similar wijken: the wijk bold, on a pale band in the bars,
    # outlined on the map.
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(4)  # bars, funnel, map and the similar wijken
    bold = _bold_chart_texts(page)
    assert bold.count(ui.WIJK) >= 2, bold  # the bars' label and the funnel's ring label
    # The map writes name and value on lines of one text: "Wijk 01 Noord," "Synthrade" "49,4".
    squeezed = ui.WIJK.replace(" ", "")
    assert any(text.replace(" ", "").startswith(f"{squeezed}") for text in bold), bold
    band = page.locator(f".vega-embed svg path[fill='{theme.HIGHLIGHT_FILL}']")
    assert band.count() >= 1
    outlined = page.locator(
        f".vega-embed svg path[stroke='{theme.HIGHLIGHT_STROKE}']"
        f"[stroke-width='{theme.HIGHLIGHT_STROKE_WIDTH + 0.5:g}']"
    )
    assert outlined.count() == 1
    # Each chart's subtitle says how it marks the wijk (subtitle lines are one text element).
    texts = ui.chart_texts(page)
    for note in ("Gemarkeerd (vet, zwarte rand): ", "Zwarte ring: ", "Zwarte rand: "):
        assert any(f"{note}{ui.WIJK}" in text for text in texts), note
    _shot(page, artifacts, "vergelijken_gemarkeerd")
