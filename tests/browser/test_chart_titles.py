"""Every chart keeps its bold title inside its picture on screen, clear of the y-axis title.

Streamlit fits a single or layered chart to the page's width and, left alone, to the spec's
height with a fit Vega computes once, before the data arrive: the Leercurve (a y-axis title
longer than the squeezed plot) and the trend lines lost the top of their title (its text box
8–10 px above the picture). `dashboard.theme.SCREEN_FIT` keeps them inside.
"""

from __future__ import annotations

import pytest

from tests.browser import ui

pytestmark = pytest.mark.browser

#: Per chart on the page: its title's and its y-axis title's text boxes relative to its SVG.
_BOXES_JS = """() => [...document.querySelectorAll('.vega-embed svg.marks')].map((svg) => {
  const box = svg.getBoundingClientRect();
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left - box.left, top: r.top - box.top, right: r.right - box.left,
            bottom: r.bottom - box.top, text: el.textContent};
  };
  const yAxes = [...svg.querySelectorAll('.role-axis')]
    .filter((axis) => (axis.getAttribute('aria-label') || '').startsWith('Y-axis'));
  return {
    width: box.width,
    titles: [...svg.querySelectorAll('.role-title-text text')].map(rect),
    yTitles: yAxes.flatMap((axis) => [...axis.querySelectorAll('.role-axis-title text')]).map(rect),
  };
})"""

#: A text box reaches above its glyphs (the font's ascent): a 15 px title's box starts 2 px
#: above the picture when its letters start at its top edge.
_ASCENT = 3


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize("path", ["trends", "koppels", "koppel_vergelijking", "opnames"])
def test_every_chart_title_is_inside_its_picture(page, app_url, artifacts, path):
    ui.open_app(page, app_url, path)
    charts = page.evaluate(_BOXES_JS)
    assert charts, "no charts drawn"
    for chart in charts:
        for title in chart["titles"]:
            where = f"{path}: {title['text']!r} at {title}"
            assert title["top"] >= -_ASCENT and title["left"] >= 0, where
            assert title["right"] <= chart["width"] + 1, where
            for y_title in chart["yTitles"]:
                assert not _overlap(title, y_title), f"{where} overlaps {y_title}"
    ui.save_screenshot(page, artifacts, f"titels-{path}")
