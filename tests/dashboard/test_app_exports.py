"""Every chart of a page has its download buttons, and every page with charts ends with one
"Rapport als PowerPoint" of them. (AppTest gives a button's label, not its bytes: the files
themselves are checked in test_export_*.py.)"""

from __future__ import annotations

import pytest

CHART_BUTTONS = ["PNG", "SVG", "CSV", "Excel"]


def _labels(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        (None, {}),
        ("wijkprofiel", {"resv": None}),
        ("vergelijken", {}),
        ("trends", {}),
        ("koppels", {}),
        ("opnames", {}),
    ],
)
def test_each_chart_has_its_buttons_and_the_page_a_report(open_page, open_db, page, params):
    if "resv" in params:  # the profile needs an area: the first RESV
        params = {
            "resv": open_db("select min(area_name) from areas where area_level = 'resv'").item()
        }
    at = open_page(page, **params)
    charts = len(at.get("vega_lite_chart"))
    labels = _labels(at)
    assert labels.count("Rapport als PowerPoint") == 1
    assert charts >= 1
    for label in CHART_BUTTONS:
        assert labels.count(label) == charts, (label, labels)


def test_pages_without_charts_have_no_report(open_page):
    for page in ("indicatoren", "over_de_data"):
        assert "Rapport als PowerPoint" not in _labels(open_page(page))
