"""Charts as plain Vega-Lite specs (dashboard/charts/spec.py): the screen's spec (polars
datasets, only the columns the spec reads, equal datasets once) says exactly what the
exported spec (data inline, for vl-convert) says, every call gets its own values, and no
chart is built through Altair."""

import json
import re
import subprocess
import sys

import polars as pl
import pytest
import vl_convert

from dashboard import charts, theme
from dashboard.charts import spec as chart_spec
from dashboard.format import OPNAME_TYPE_LABELS
from tests.dashboard import test_charts as base

# The frames of the chart tests (fixtures).
one_period = base.one_period
years = base.years
geometry = base.geometry


def _inline(spec: dict, rows_of) -> dict:
    """Return `spec` with every named dataset reference replaced by its rows, without the
    top-level datasets."""
    datasets = {name: rows_of(data) for name, data in spec.get("datasets", {}).items()}

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            out = {key: walk(value) for key, value in node.items() if key != "datasets"}
            if isinstance(data, dict) and data.get("name") in datasets:
                out["data"] = {"values": datasets[data["name"]]}
            return out
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    return walk(spec)


def _screen(chart: chart_spec.Chart) -> dict:
    spec = chart.screen()
    for data in spec["datasets"].values():
        assert isinstance(data, pl.DataFrame | list)
    return _inline(spec, lambda data: data.to_dicts() if isinstance(data, pl.DataFrame) else data)


def _export(chart: chart_spec.Chart) -> dict:
    return _inline(chart.export(), lambda data: data)


def _koppels() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "area_code": ["RESV01"] * 3,
            "jaar": [2022, 2023, 2024],
            "actieve_koppels": [None, 12, 1500],
            "aandeel_werkt_in_his": [None, 50.0, 62.5],
            "aandeel_vast_overleg": [None, 25.0, 80.0],
            "suppressed": [True, False, False],
        }
    )


def _curve() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "area_code": ["REGIO"] * 3 + ["RESV01"] * 3,
            "area_name": ["Regio"] * 3 + ["Noord"] * 3,
            "kwartaal_sinds_start": [0, 1, 2] * 2,
            "n_koppels": [8, None, 5, 4, 4, 4],
            "contacten_per_koppel": [3.5, None, 9.0, 2.0, 2.5, 3.0],
            "clienten_per_koppel": [2.0, None, 5.5, 1.0, 1.5, 2.0],
            "suppressed": [False, True, False, False, False, False],
        }
    )


def _opnames() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "area_code": ["GM0001"] * 4,
            "period": ["2023", "2023", "2024-Q1", "2024-Q1"],
            "opname_type": ["GRZ", "WLZ_VERBLIJF", "GRZ", "WLZ_VERBLIJF"],
            "aantal": [30, 90, None, 40],
            "suppressed": [False, False, True, False],
        }
    )


def _bevolking() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "leeftijdsklasse": ["75-79", "75-79", "80-84", "80-84", "90+", "90+"],
            "geslacht": ["M", "V", "M", "V", "M", "V"],
            "inwoners": [120, 140, None, 90, 30, 55],
            "suppressed": [False, False, True, False, False, False],
        }
    )


def _steps() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "stap": ["SO-contact", "Zorgtraject", "ELV", "Wlz"],
            "volgorde": [0, 1, 2, 3],
            "value": [180.0, 60.0, None, 30.0],
            "lower_95": [160.0, 50.0, None, 24.0],
            "upper_95": [200.0, 70.0, None, 36.0],
            "label": ["1.440 · 180,0", "480 · 60,0", "< 10", "240 · 30,0"],
            "suppressed": [False, False, True, False],
        }
    )


def _limits() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "noemer": [100.0, 1000.0, 4000.0],
            "lower_95": [20.0, 30.0, 33.0],
            "upper_95": [52.0, 42.0, 39.0],
            "lower_998": [10.0, 25.0, 31.0],
            "upper_998": [62.0, 47.0, 41.0],
        }
    )


def _bereik(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("indicator_id") == "so_bereik")


#: Builder calls on the chart tests' frames: (one_period, years, geometry) → chart.
CASES = {
    "trend_lines": lambda one, years, geo: charts.trend_lines(years, titel="Bereik", eenheid="x"),
    "trend_lines_empty": lambda one, years, geo: charts.trend_lines(years.clear(), titel="Leeg"),
    "sparkline": lambda one, years, geo: charts.indicator_tile_sparkline(
        years.filter(pl.col("area_code") == "WK000101")
    ),
    "overview_grid": lambda one, years, geo: charts.overview_grid(one, titel="Wijken"),
    "spine_chart": lambda one, years, geo: charts.spine_chart(
        one.filter(pl.col("area_code") == "WK000101")
    ),
    "bar_with_intervals": lambda one, years, geo: charts.bar_with_intervals(
        _bereik(one), 36.0, eenheid="x"
    ),
    "bar_without_benchmark": lambda one, years, geo: charts.bar_with_intervals(_bereik(one)),
    "wachttijd": lambda one, years, geo: charts.wachttijd(
        one.filter(pl.col("indicator_id") == "wachttijd_opname"), 40.0, titel="Wachttijd"
    ),
    "funnel_plot": lambda one, years, geo: charts.funnel_plot(
        _bereik(one), _limits(), benchmark_value=36.0
    ),
    "choropleth": lambda one, years, geo: charts.choropleth(_bereik(one), geo.head(2)),
    "choropleth_waarde": lambda one, years, geo: charts.choropleth(
        _bereik(one), geo, kleur="waarde"
    ),
    "koppel_coverage": lambda one, years, geo: charts.koppel_coverage(_koppels()),
    "learning_curve": lambda one, years, geo: charts.learning_curve(_curve()),
    "population_pyramid": lambda one, years, geo: charts.population_pyramid(_bevolking()),
    "stepped_care": lambda one, years, geo: charts.stepped_care(_steps(), titel="Getrapte zorg"),
    "stacked_share": lambda one, years, geo: charts.stacked_share(
        _opnames(), categorie="opname_type", aantal="aantal", x="period", labels=OPNAME_TYPE_LABELS
    ),
}


def _fields(node, out: set[str]) -> set[str]:
    """Return `out` with every field the spec reads: ``field`` values, ``datum.x`` and what a
    lookup transform matches (``key``) and takes (``fields``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("field", "key") and isinstance(value, str):
                out.add(value)
            elif key == "fields" and isinstance(value, list):
                out.update(value)
            elif key != "data":
                _fields(value, out)
    elif isinstance(node, list):
        for value in node:
            _fields(value, out)
    elif isinstance(node, str):
        out.update(re.findall(r"datum\.(\w+)", node))
    return out


def _screen_rows_in_export(screen, export, fields: set[str]):
    """Walk both inlined specs in step: each layer's screen rows are its export rows with only
    columns dropped, never one the spec reads; return `export` with the screen's rows."""
    if isinstance(screen, dict) and isinstance(export, dict):
        assert screen.keys() == export.keys()
        out = {}
        for key, value in export.items():
            data = value.get("values") if key == "data" and isinstance(value, dict) else None
            if isinstance(data, list) and data and isinstance(data[0], dict):
                rows = screen[key]["values"]
                assert len(rows) == len(data)
                for shown, full in zip(rows, data, strict=True):
                    assert shown == {name: full[name] for name in shown}
                    assert not (fields & full.keys()) - shown.keys()
                out[key] = {"values": rows}
            else:
                out[key] = _screen_rows_in_export(screen[key], value, fields)
        return out
    if isinstance(screen, list) and isinstance(export, list):
        assert len(screen) == len(export)
        return [_screen_rows_in_export(a, b, fields) for a, b in zip(screen, export, strict=True)]
    return export


def _svg(spec: dict) -> str:
    # Gradient and clip-path ids count up per render in the process: the same chart differs
    # only there.
    svg = re.sub(r"gradient_\d+", "gradient", vl_convert.vegalite_to_svg(spec))
    return re.sub(r"clip\d+", "clip", svg)


@pytest.mark.parametrize("case", CASES)
def test_screen_spec_says_what_the_chart_says(case, one_period, years, geometry):
    chart = CASES[case](one_period, years, geometry)
    screen, export = _screen(chart), _export(chart)
    # The screen fits the page's width (Streamlit gives the width); a file keeps the chart's.
    assert screen.pop("autosize", None) == (theme.SCREEN_FIT if chart.fits else None)
    assert screen == _screen_rows_in_export(screen, export, _fields(export, set()))
    # The chart drawn from the screen's rows is the exported chart, mark for mark.
    assert _svg(screen) == _svg(export)
    # The export is plain JSON: nothing but dicts, lists, text, numbers, booleans and null.
    assert json.loads(json.dumps(chart.export())) == chart.export()
    base._assert_no_number_on_suppressed_rows(screen)


def test_every_call_gets_its_own_spec(one_period):
    first = charts.overview_grid(one_period, titel="Alle wijken")
    first_spec = _screen(first)
    two = one_period.filter(pl.col("area_code") != "WK000102")
    second = charts.overview_grid(two, titel="Twee wijken")
    second_spec = second.screen()
    assert second_spec["layer"][0]["encoding"]["y"]["sort"] == ["Centrum", "Zuid"]
    assert second_spec["title"]["text"] == "Twee wijken"
    # The second call, and finishing it, left the first call's spec and chart alone.
    assert _screen(first) == first_spec
    assert first.export()["layer"][0]["encoding"]["y"]["sort"] == [
        "Centrum",
        "Noord",
        "Zuid",
    ]
    assert "config" not in first.spec and "datasets" not in first.spec


def test_screen_datasets_have_stable_names_and_dates_as_text(years):
    chart = charts.trend_lines(years, titel="Bereik")
    spec = chart.screen()
    # The band's rows are the line pieces' here: the band layer reads the pieces' dataset.
    assert chart.datasets["band"].equals(chart.datasets["stukken"])
    assert set(spec["datasets"]) == {
        "trend_lines-stukken",
        "trend_lines-punten",
        "trend_lines-onvolledig",  # the "t/m sep" label of the incomplete year
    }
    points = spec["datasets"]["trend_lines-punten"]
    assert points.schema["period_start"] == pl.String
    assert points["period_start"][0] == "2020-01-01T00:00:00"
    # The same dates in the export's inline rows.
    exported = chart.export()["datasets"]["trend_lines-punten"]
    assert exported[0]["period_start"] == "2020-01-01T00:00:00"


def test_a_title_without_notes_has_no_subtitle(one_period):
    wacht = one_period.filter(pl.col("indicator_id") == "wachttijd_opname")
    spec = charts.wachttijd(wacht, titel="Wachttijd").screen()
    assert spec["title"] == {"text": "Wachttijd"}


def test_screen_sends_only_the_columns_the_spec_reads(one_period):
    chart = charts.overview_grid(one_period, titel="Wijken")
    sent = chart.screen()["datasets"]["overview_grid-cellen"]
    read = _fields(chart.export(), set())
    assert set(sent.columns) <= read | {"suppressed"}
    assert sent.width < chart.datasets["cellen"].width
    assert "teller" not in sent.columns
    assert "suppressed" in sent.columns  # the app's tests check it on every datum


@pytest.mark.parametrize("case", [*CASES, "funnel_chosen", "bars_chosen"])
def test_every_screen_dataset_has_only_columns_its_spec_reads(case, one_period, years, geometry):
    """A dataset named like a column ("gekozen") does not make that column sent."""
    chosen = {
        "funnel_chosen": lambda one, years, geo: charts.funnel_plot(
            _bereik(one), _limits(), benchmark_value=36.0, gekozen="WK000101"
        ),
        "bars_chosen": lambda one, years, geo: charts.bar_with_intervals(
            _bereik(one), 36.0, gekozen="WK000102"
        ),
    }
    chart = (CASES | chosen)[case](one_period, years, geometry)
    read = _fields(chart.export(), set())
    for name, data in chart.screen()["datasets"].items():
        if isinstance(data, pl.DataFrame):
            assert set(data.columns) <= read | {"suppressed"}, name


def test_equal_datasets_are_sent_once(years):
    chart = charts.trend_lines(years.filter(pl.col("suppressed").not_()), titel="Bereik")
    assert chart.datasets["band"].equals(chart.datasets["stukken"])
    spec = chart.screen()
    assert "trend_lines-band" not in spec["datasets"]
    names = re.findall(r'"data": \{"name": "([^"]+)"\}', json.dumps(spec, default=str))
    assert "trend_lines-stukken" in names
    assert set(names) <= set(spec["datasets"])
    # The chart itself still names both (the export sends both, inline).
    assert set(chart.export()["datasets"]) >= {"trend_lines-band", "trend_lines-stukken"}


def test_a_tooltip_of_all_fields_keeps_every_column():
    frame = pl.DataFrame({"x": [1, 2], "y": [3, 4], "extra": ["a", "b"]})
    spec = {
        "data": {"name": "rijen"},
        "mark": {"type": "point", "tooltip": {"content": "data"}},
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    }
    chart = chart_spec.Chart(spec, {"rijen": frame}, "alle_velden")
    assert chart.screen()["datasets"]["alle_velden-rijen"].columns == ["x", "y", "extra"]


def test_no_chart_is_built_or_exported_through_altair():
    """The builders, the theme and the exports are plain dicts: Altair is not even imported."""
    script = """
import sys
import polars as pl
from dashboard import charts
from dashboard.export.images import export_svg
from dashboard.export.meta import Bron, ExportMeta
import datetime as dt
frame = pl.DataFrame({"jaar": [2023, 2024], "x": ["a", "b"], "n": [3, 4]})
chart = charts.stacked_share(frame, categorie="x", aantal="n", titel="T")
meta = ExportMeta("T", ("A",), "2024", Bron(dt.datetime(2026, 1, 1), dt.date(2024, 9, 30), True,
                  10, 50, 3))
assert export_svg(chart, meta).startswith("<svg")
chart.screen()
print("altair" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_compact_arrow_keeps_the_rows_and_sends_repeated_text_once():
    import pyarrow as pa

    many = pl.DataFrame(
        {
            "gebied": [f"Wijk {i % 7}" for i in range(300)],
            "waarde_tekst": [f"{i},5" for i in range(300)],
            "value": [float(i) for i in range(300)],
            "leeg": [None] * 300,
        },
        schema_overrides={"leeg": pl.String},
    )
    table = chart_spec.compact_arrow(many)
    assert table.to_pylist() == many.to_dicts()
    assert pa.types.is_dictionary(table.schema.field("gebied").type)
    assert table.schema.field("waarde_tekst").type == pa.string()
    assert table.schema.field("value").type == pa.float64()
    assert table.nbytes < many.to_arrow().nbytes
    few = many.head(10)
    assert chart_spec.compact_arrow(few).schema.field("gebied").type == pa.string()
    assert chart_spec.compact_arrow(few).to_pylist() == few.to_dicts()
