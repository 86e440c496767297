"""PNG and SVG exports (dashboard/export/images.py): 16:9, 144 ppi, title, selection,
footnote, and never a suppressed number."""

import datetime as dt
import io
import xml.etree.ElementTree as ET

import duckdb
import polars as pl
import pytest
from PIL import Image

from dashboard import charts
from dashboard.export.images import chart_notes, export_png, export_svg, slide_png
from dashboard.export.meta import Bron, ExportMeta
from dashboard.reports import getrapte_zorg
from tests.dashboard.test_export_fonts import missing_glyphs

SVG = "{http://www.w3.org/2000/svg}"
BRON = Bron(dt.datetime(2026, 11, 22), dt.date(2026, 9, 30), True, 10, 50, 3)
META = ExportMeta("Bereik SO in de eerste lijn", ("Synthetica Noord",), "2025", BRON, "so_bereik")

#: Planted in the suppressed row: if the export leaked it, these digits would show.
LEAK_VALUE = 4242.75
LEAK_COUNT = 7.0


def _row(code, name, value, suppressed=False, reason=None, indicator="so_bereik", titel=None):
    return {
        "indicator_id": indicator,
        "titel": titel or "Bereik SO in de eerste lijn",
        "eenheid": "per 1.000",
        "decimalen": 1,
        "volgorde": 1,
        "period": "2025",
        "period_type": "jaar",
        "period_start": dt.date(2025, 1, 1),
        "periode_volledig": True,
        "area_level": "wijk",
        "area_code": code,
        "area_name": name,
        "teller": LEAK_COUNT if suppressed else 120.0,
        "noemer": 3000.0,
        "value": value,
        "lower_95": value - 3.0,
        "upper_95": value + 3.5,
        "benchmark_value": 36.0,
        "comparison": "gelijk",
        "suppressed": suppressed,
        "suppression_reason": reason,
        # The build's thresholds, as the data layer adds them to every row.
        "min_telling": 10,
        "min_noemer": 50,
        "min_koppels": 3,
    }


@pytest.fixture(scope="module")
def frame():
    """Three wijken; Zuid is suppressed but (as a faulty query might) still carries numbers."""
    return pl.DataFrame(
        [
            _row("WK990101", "Centrum", 31.25),
            _row("WK990102", "Noord", 38.3),
            _row("WK990103", "Zuid", LEAK_VALUE, suppressed=True, reason="primair"),
        ]
    )


def _texts(svg: str) -> list[str]:
    """Every line of text drawn: each <text>, or each <tspan> of a multi-line <text>."""
    lines = []
    for element in ET.fromstring(svg).iter(f"{SVG}text"):
        spans = element.findall(f"{SVG}tspan")
        lines.extend((span.text or "") for span in spans) if spans else lines.append(element.text)
    return lines


def test_png_is_16_to_9_at_144_ppi(frame):
    png = export_png(charts.bar_with_intervals(frame, 36.0, titel="Bereik"), META)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)
    assert [round(d) for d in image.info["dpi"]] == [144, 144]


def test_svg_parses_and_is_a_960_by_540_canvas(frame):
    root = ET.fromstring(export_svg(charts.bar_with_intervals(frame, 36.0), META))
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "960",
        "540",
        "0 0 960 540",
    )
    # The chart's own <svg> must not clip: resvg draws a clip through canvas-sized layers.
    assert root.find(f"{SVG}svg").get("overflow") == "visible"


def test_image_carries_title_selection_chart_notes_and_footnote(frame):
    chart = charts.bar_with_intervals(frame, 36.0, titel="Oude titel")
    texts = _texts(export_svg(chart, META))
    assert "Bereik SO in de eerste lijn" in texts
    assert "Oude titel" not in texts
    assert "Synthetica Noord · 2025" in texts
    assert "Lijnen: 95%-betrouwbaarheidsinterval" in texts
    footnote = " ".join(texts)
    assert "Database gebouwd op 22-11-2026, gegevens tot en met 30-09-2026." in footnote
    assert "Synthetische data: geen echte cliënten of zorgverleners." in footnote
    assert "aantallen van 1 tot en met 9 personen" in footnote


def test_image_uses_the_dutch_number_format(frame):
    chart = charts.bar_with_intervals(frame, 1236.5, eenheid="per 1.000")
    texts = _texts(export_svg(chart, META))
    assert "Referentie: 1.236,5 per 1.000" in texts
    assert {"0", "200", "1.000", "1.200"} <= set(texts)


def test_suppressed_area_shows_its_text_and_never_its_number(frame):
    texts = _texts(export_svg(charts.bar_with_intervals(frame, 36.0), META))
    assert "< 10" in texts
    assert not [text for text in texts if "4.24" in text or "4242" in text]
    # A drawn 4242,75 would stretch the value axis into the thousands.
    ticks = [int(text) for text in texts if text.isdigit()]
    assert max(ticks) < 100


def test_concatenated_chart_is_scaled_onto_the_same_canvas(frame):
    indicators = pl.DataFrame(
        [
            _row("GM9901", "Synthdam", 31.25),
            _row("GM9901", "Synthdam", 12.5, indicator="crisisopnames", titel="Crisisopnames"),
        ]
    )
    chart = charts.spine_chart(indicators)
    root = ET.fromstring(export_svg(chart, META))
    assert (root.get("width"), root.get("height")) == ("960", "540")
    nested = root.find(f"{SVG}svg")
    assert nested is not None and nested.get("preserveAspectRatio") == "xMidYMid meet"
    assert Image.open(io.BytesIO(export_png(chart, META))).size == (1920, 1080)


def test_slide_picture_has_the_requested_size_and_keeps_only_the_notes(frame):
    chart = charts.bar_with_intervals(frame, 36.0, titel="Bereik")
    assert chart_notes(chart) == [
        "Lijnen: 95%-betrouwbaarheidsinterval",
    ]
    image = Image.open(io.BytesIO(slide_png(chart, 888, 376)))
    assert image.size == (1776, 752)


def test_chart_without_notes_has_none(frame):
    assert chart_notes(charts.wachttijd(frame.with_columns(eenheid=pl.lit("dagen")))) == []


@pytest.fixture(scope="module")
def published(published_db):
    """A read-only connection to the published database built from sample_data."""
    con = duckdb.connect(str(published_db), read_only=True)
    yield con
    con.close()


def _query(con, sql: str, **params) -> pl.DataFrame:
    return con.sql(sql, params=params).pl()


_WIJK_ROWS = (
    "select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde from indicator_values v "
    "join indicator_catalogue c using (indicator_id) join areas a using (area_code) "
    "where v.area_level = 'wijk' and a.resv_code = 'RESV01' and v.period = '2025'"
)


def _every_chart(con) -> dict:
    """One chart of every builder, from published frames (the screen's own inputs)."""
    wijken = _query(con, _WIJK_ROWS)
    bereik = wijken.filter(pl.col("indicator_id") == "so_bereik")
    geometry = _query(con, "select area_code, geometry from areas where area_level = 'wijk'")
    limits = pl.DataFrame(
        {
            "noemer": [500.0, 1000.0, 2000.0],
            "lower_95": [20.0, 24.0, 27.0],
            "upper_95": [46.0, 41.0, 38.0],
            "lower_998": [15.0, 20.0, 24.0],
            "upper_998": [52.0, 46.0, 42.0],
        }
    )
    trend = _query(
        con,
        "select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where area_code = 'RESV01' and period_type = 'jaar'",
    )
    return {
        "overview_grid": charts.overview_grid(wijken),
        "bar_with_intervals": charts.bar_with_intervals(bereik, 32.0),
        "spine_chart": charts.spine_chart(trend.filter(pl.col("period") == "2025")),
        "wachttijd": charts.wachttijd(wijken.filter(pl.col("indicator_id") == "wachttijd_opname")),
        "choropleth": charts.choropleth(bereik, geometry),
        "funnel_plot": charts.funnel_plot(bereik, limits),
        "trend_lines": charts.trend_lines(trend.filter(pl.col("indicator_id") == "so_bereik")),
        "indicator_tile_sparkline": charts.indicator_tile_sparkline(
            trend.filter(pl.col("indicator_id") == "so_bereik")
        ),
        "koppel_coverage": charts.koppel_coverage(
            _query(con, "select * from koppel_kenmerken where area_code = 'RESV01'")
        ),
        "learning_curve": charts.learning_curve(
            _query(con, "select * from koppel_leercurve where area_code = 'RESV01'")
        ),
        "stacked_share": charts.stacked_share(
            _query(
                con,
                "select * from opnames_per_type where area_code = 'RESV01' "
                "and period_type = 'jaar'",
            ),
            categorie="opname_type",
            aantal="aantal",
            x="period",
        ),
        "stepped_care": charts.stepped_care(
            getrapte_zorg.steps_frame(
                {
                    row["indicator_id"]: row
                    for row in _query(
                        con,
                        "select * from indicator_values where area_code = 'RESV01' "
                        "and period = (select laatste_volledige_jaar::varchar from build_info)",
                    ).to_dicts()
                }
            ),
            titel="Bereik SO in de eerste lijn: getrapte zorg",
        ),
        "population_pyramid": charts.population_pyramid(
            _query(
                con,
                "select leeftijdsklasse, geslacht, inwoners, suppressed from bevolking_geslacht "
                "where area_code = 'RESV01' and jaar = (select max(jaar) from bevolking_geslacht)",
            )
        ),
    }


def test_every_chart_builder_exports_to_a_16_to_9_png_and_svg(published):
    built = _every_chart(published)
    assert set(built) == set(charts.__all__) - {"MAX_ROWS", "ChartInputError"}
    for name, chart in built.items():
        svg = export_svg(chart, META)
        root = ET.fromstring(svg)
        assert (root.get("width"), root.get("height")) == ("960", "540"), name
        assert "Bereik SO in de eerste lijn" in _texts(svg), name
        assert Image.open(io.BytesIO(export_png(chart, META))).size == (1920, 1080), name


def test_every_character_the_exports_write_has_a_glyph(published):
    """Only vl-convert's embedded Liberation Sans draws the exports, without a system fallback:
    no text of a chart, area name, indicator or footnote may come out as a missing-glyph box."""
    texts = [
        text
        for chart in _every_chart(published).values()
        for text in _texts(export_svg(chart, META))
        if text
    ]
    texts += [name for (name,) in published.execute("select area_name from areas").fetchall()]
    catalogue = published.execute("select titel, eenheid from indicator_catalogue").fetchall()
    texts += [text for row in catalogue for text in row if text]
    texts += META.voetnoot_regels
    assert missing_glyphs(texts) == []
