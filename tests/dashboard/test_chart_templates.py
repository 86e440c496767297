"""Chart specs built once per shape (dashboard/charts/_template.py): the screen's spec (filled
template, polars datasets) says exactly what the builder's Altair chart says, every call gets
its own values, and a second call of the same shape reuses the template."""

import json
import re

import polars as pl
import pytest
import vl_convert

from dashboard import charts
from dashboard.charts import _template
from dashboard.format import OPNAME_TYPE_LABELS
from dashboard.theme import finish
from tests.dashboard import test_charts as base

# The frames of the chart tests (fixtures).
one_period = base.one_period
years = base.years
geometry = base.geometry


def _inline(spec: dict, rows_of) -> dict:
    """Return `spec` with every named dataset reference replaced by its rows, without the
    top-level datasets (the names differ: stable on screen, content hashes in Altair)."""
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


def _screen(parts: _template.Parts) -> dict:
    spec = parts.spec()
    for data in spec["datasets"].values():
        assert isinstance(data, pl.DataFrame | list)
    return _inline(spec, lambda data: data.to_dicts() if isinstance(data, pl.DataFrame) else data)


def _export(parts: _template.Parts) -> dict:
    return _inline(finish(parts.chart()).to_dict(validate=False), lambda data: data)


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


#: Builder calls on the chart tests' frames: (one_period, years, geometry) → parts.
CASES = {
    "trend_lines": lambda one, years, geo: charts.trend_lines.parts(
        years, titel="Bereik", eenheid="x"
    ),
    "trend_lines_empty": lambda one, years, geo: charts.trend_lines.parts(
        years.clear(), titel="Leeg"
    ),
    "sparkline": lambda one, years, geo: charts.indicator_tile_sparkline.parts(
        years.filter(pl.col("area_code") == "WK000101")
    ),
    "overview_grid": lambda one, years, geo: charts.overview_grid.parts(one, titel="Wijken"),
    "spine_chart": lambda one, years, geo: charts.spine_chart.parts(
        one.filter(pl.col("area_code") == "WK000101")
    ),
    "bar_with_intervals": lambda one, years, geo: charts.bar_with_intervals.parts(
        _bereik(one), 36.0, eenheid="x"
    ),
    "bar_without_benchmark": lambda one, years, geo: charts.bar_with_intervals.parts(_bereik(one)),
    "wachttijd": lambda one, years, geo: charts.wachttijd.parts(
        one.filter(pl.col("indicator_id") == "wachttijd_opname"), 40.0, titel="Wachttijd"
    ),
    "funnel_plot": lambda one, years, geo: charts.funnel_plot.parts(
        _bereik(one), _limits(), benchmark_value=36.0
    ),
    "choropleth": lambda one, years, geo: charts.choropleth.parts(_bereik(one), geo.head(2)),
    "choropleth_waarde": lambda one, years, geo: charts.choropleth.parts(
        _bereik(one), geo, kleur="waarde"
    ),
    "koppel_coverage": lambda one, years, geo: charts.koppel_coverage.parts(_koppels()),
    "learning_curve": lambda one, years, geo: charts.learning_curve.parts(_curve()),
    "stacked_share": lambda one, years, geo: charts.stacked_share.parts(
        _opnames(), categorie="opname_type", aantal="aantal", x="period", labels=OPNAME_TYPE_LABELS
    ),
}


def _fields(node, out: set[str]) -> set[str]:
    """Return `out` with every field the spec reads: ``field`` values and ``datum.x``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "field" and isinstance(value, str):
                out.add(value)
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
    parts = CASES[case](one_period, years, geometry)
    screen, export = _screen(parts), _export(parts)
    assert screen == _screen_rows_in_export(screen, export, _fields(export, set()))
    # The chart drawn from the screen's rows is the exported chart, mark for mark.
    assert _svg(screen) == _svg(export)
    for spec in (parts.spec(), finish(parts.chart()).to_dict(validate=False)):
        assert "\x00hole" not in json.dumps(spec, default=str)
    base._assert_no_number_on_suppressed_rows(screen)


def test_builder_returns_the_chart_of_its_parts(one_period):
    chart = charts.overview_grid(one_period, titel="Wijken")
    parts = charts.overview_grid.parts(one_period, titel="Wijken")
    assert chart.to_dict() == parts.chart().to_dict()


def test_a_second_call_of_the_same_shape_reuses_the_template_with_its_own_values(one_period):
    first = charts.overview_grid.parts(one_period, titel="Alle wijken")
    first_spec = _screen(first)
    misses = _template._template.cache_info().misses
    two = one_period.filter(pl.col("area_code") != "WK000102")
    second = charts.overview_grid.parts(two, titel="Twee wijken")
    second_spec = second.spec()
    assert second.shape == first.shape
    assert _template._template.cache_info().misses == misses
    assert second_spec["layer"][0]["encoding"]["y"]["sort"] == ["Centrum", "Zuid"]
    assert second_spec["title"]["text"] == "Twee wijken"
    # Filling the template for the second call left the first call's spec and chart alone.
    assert _screen(first) == first_spec
    assert first.chart().to_dict()["layer"][0]["encoding"]["y"]["sort"] == [
        "Centrum",
        "Noord",
        "Zuid",
    ]


def test_screen_datasets_have_stable_names_and_dates_as_text(years):
    parts = charts.trend_lines.parts(years, titel="Bereik")
    spec = parts.spec()
    # The band's rows are the line pieces' here: the band layer reads the pieces' dataset.
    assert parts.datasets["band"].equals(parts.datasets["stukken"])
    assert set(spec["datasets"]) == {
        "trend_lines-stukken",
        "trend_lines-punten",
        "trend_lines-onvolledig",  # the "t/m sep" label of the incomplete year
    }
    points = spec["datasets"]["trend_lines-punten"]
    assert points.schema["period_start"] == pl.String
    assert points["period_start"][0] == "2020-01-01T00:00:00"


def test_a_title_without_notes_has_no_subtitle(one_period):
    wacht = one_period.filter(pl.col("indicator_id") == "wachttijd_opname")
    spec = charts.wachttijd.parts(wacht, titel="Wachttijd").spec()
    assert spec["title"] == {"text": "Wachttijd"}


def test_screen_sends_only_the_columns_the_spec_reads(one_period):
    parts = charts.overview_grid.parts(one_period, titel="Wijken")
    sent = parts.spec()["datasets"]["overview_grid-cellen"]
    read = _fields(finish(parts.chart()).to_dict(validate=False), set())
    assert set(sent.columns) <= read | {"suppressed"}
    assert sent.width < parts.datasets["cellen"].width
    assert "teller" not in sent.columns


def test_equal_datasets_are_sent_once(years):
    parts = charts.trend_lines.parts(years.filter(pl.col("suppressed").not_()), titel="Bereik")
    assert parts.datasets["band"].equals(parts.datasets["stukken"])
    spec = parts.spec()
    assert "trend_lines-band" not in spec["datasets"]
    names = re.findall(r'"data": \{"name": "([^"]+)"\}', json.dumps(spec, default=str))
    assert "trend_lines-stukken" in names
    assert set(names) <= set(spec["datasets"])


def test_a_tooltip_of_all_fields_keeps_every_column():
    frame = pl.DataFrame({"x": [1, 2], "y": [3, 4], "extra": ["a", "b"]})

    def assemble(shape, holes):
        import altair as alt

        return (
            alt.Chart(_template.named("alle_velden", "rijen"))
            .mark_point(tooltip={"content": "data"})
            .encode(x="x:Q", y="y:Q")
        )

    parts = _template.Parts("alle_velden", assemble, (), {}, {"rijen": frame})
    assert parts.spec()["datasets"]["alle_velden-rijen"].columns == ["x", "y", "extra"]


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
    table = _template.compact_arrow(many)
    assert table.to_pylist() == many.to_dicts()
    assert pa.types.is_dictionary(table.schema.field("gebied").type)
    assert table.schema.field("waarde_tekst").type == pa.string()
    assert table.schema.field("value").type == pa.float64()
    assert table.nbytes < many.to_arrow().nbytes
    few = many.head(10)
    assert _template.compact_arrow(few).schema.field("gebied").type == pa.string()
    assert _template.compact_arrow(few).to_pylist() == few.to_dicts()
