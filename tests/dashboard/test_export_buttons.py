"""The download buttons (dashboard/export/buttons.py): one call per chart shows four buttons,
the deck button shows one; the bytes come from callables built only on click."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import polars as pl
from PIL import Image
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard import charts
from dashboard.export import files as export_files
from dashboard.export import images
from dashboard.export.buttons import CHART_BUTTONS, export_meta
from dashboard.export.files import chart_files
from dashboard.export.images import canvas_png

BUILD_INFO = {
    "built_at": dt.datetime(2026, 11, 22, 9, 30),
    "synthetisch": True,
    "peildatum": dt.date(2026, 9, 30),
    "min_telling": 10,
    "min_noemer": 50,
    "min_koppels": 3,
}


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "indicator_id": ["so_bereik", "so_bereik"],
            "titel": ["Bereik SO in de eerste lijn"] * 2,
            "eenheid": ["per 1.000"] * 2,
            "decimalen": [1, 1],
            "period": ["2025", "2025"],
            "periode_volledig": [True, True],
            "area_level": ["wijk", "wijk"],
            "area_code": ["WK990101", "WK990102"],
            "area_name": ["Centrum", "Noord"],
            "value": [31.25, None],
            "lower_95": [28.0, None],
            "upper_95": [34.5, None],
            "teller": [125.0, None],
            "noemer": [4000.0, None],
            "comparison": ["gelijk", None],
            "suppressed": [False, True],
            "suppression_reason": [None, "primair"],
        }
    )


def _page():
    """A page as the views build it: a chart, its buttons, and the deck button."""
    import datetime as dt

    import polars as pl

    from dashboard import charts
    from dashboard.export.buttons import deck_button, export_buttons, export_meta
    from dashboard.export.deck import ChartExport

    frame = pl.DataFrame(
        {
            "indicator_id": ["so_bereik"],
            "area_code": ["WK990101"],
            "area_name": ["Centrum"],
            "value": [31.25],
            "lower_95": [28.0],
            "upper_95": [34.5],
            "comparison": ["gelijk"],
            "suppressed": [False],
        }
    )
    info = {
        "built_at": dt.datetime(2026, 11, 22),
        "synthetisch": True,
        "min_telling": 10,
        "min_noemer": 50,
        "min_koppels": 3,
    }
    meta = export_meta("Bereik SO in de eerste lijn", ["Centrum"], "2025", info)
    chart = charts.bar_with_intervals(frame, 30.0)
    export_buttons(chart, frame, meta, key="bereik")
    deck_button([ChartExport(chart, frame, meta)], meta.for_chart("Rapport"), key="rapport")
    deck_button([], meta.for_chart("Leeg rapport"), key="leeg")


def test_page_shows_four_buttons_per_chart_and_the_deck_buttons():
    at = AppTest.from_function(_page, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [button.proto.label for button in buttons] == [
        "PNG",
        "SVG",
        "CSV",
        "Excel",
        "Rapport als PowerPoint",
        "Rapport als PowerPoint",
    ]
    assert [button.proto.disabled for button in buttons][-2:] == [False, True]


def test_button_files_are_named_after_the_content_and_built_by_callables():
    frame = _frame()
    meta = export_meta(
        "Bereik SO in de eerste lijn",
        ["Centrum", "Noord"],
        "2025",
        BUILD_INFO,
        onderwerp="so_bereik",
    )
    assert meta.bestandsnaam == "so-bereik_centrum-noord_2025"
    files = chart_files(charts.bar_with_intervals(frame, 30.0), frame, meta)
    assert set(files) == {suffix for suffix, *_ in CHART_BUTTONS}
    assert all(callable(build) for build in files.values())
    assert Image.open(io.BytesIO(files["png"]())).size == (1920, 1080)
    assert ET.fromstring(files["svg"]()).get("viewBox") == "0 0 960 540"
    csv_lines = files["csv"]().decode("utf-8-sig").splitlines()
    assert csv_lines[0] == "Bereik SO in de eerste lijn"
    assert csv_lines[1] == "Centrum en Noord · 2025"
    assert files["xlsx"]()[:2] == b"PK"


def test_png_and_svg_buttons_share_one_layout_of_the_chart(monkeypatch):
    layouts = []

    def counted(chart, meta):
        layouts.append(meta.titel)
        return buttons_export_svg(chart, meta)

    buttons_export_svg = images.export_svg
    monkeypatch.setattr(export_files, "export_svg", counted)
    monkeypatch.setattr(images, "export_svg", counted)  # what export_png would call
    frame = _frame()
    meta = export_meta("Bereik SO in de eerste lijn", ["Centrum"], "2025", BUILD_INFO)
    files = chart_files(charts.bar_with_intervals(frame, 30.0), frame, meta)
    assert layouts == []  # nothing is built before a click
    svg = files["svg"]()
    png = files["png"]()
    assert layouts == ["Bereik SO in de eerste lijn"]
    assert png == canvas_png(svg.decode("utf-8"))


def test_deck_of_the_button_opens(tmp_path):
    from dashboard.export.deck import ChartExport, build_deck

    frame = _frame()
    meta = export_meta("Rapport", ["Centrum"], "2025", BUILD_INFO)
    chart = charts.bar_with_intervals(frame, 30.0)
    deck = Presentation(io.BytesIO(build_deck([ChartExport(chart, frame, meta)], meta)))
    assert len(deck.slides) == 4
