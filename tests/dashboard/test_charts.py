"""Pure chart builders (dashboard/charts): specs in Dutch, suppressed rows without numbers, and
every chart renders through vl-convert."""

import datetime as dt
import html
import json
import re

import polars as pl
import pytest
import vl_convert

from dashboard import charts
from dashboard.format import DISCIPLINE_LABELS, OPNAME_TYPE_LABELS
from dashboard.theme import COMPARISON_COLOURS

#: Columns that place a datum (not a disclosed number), allowed to be numeric on suppressed rows.
POSITION_KEYS = {"jaar", "kwartaal_sinds_start", "volgorde", "decimalen", "lon", "lat", "stuk"}
POSITION_KEYS |= {"min_telling", "min_noemer", "min_koppels"}

#: A build with --min-count 15 --min-koppels 5 and data up to 30 September 2024.
BUILD = {"min_telling": 15, "min_noemer": 50, "min_koppels": 5, "peildatum": dt.date(2024, 9, 30)}

WIJKEN = (("WK000101", "Centrum"), ("WK000102", "Noord"), ("WK000103", "Zuid"))
#: A number written the Dutch way ("31,3", "1.234,5").
DUTCH_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?")
INDICATORS = (
    ("so_bereik", "Bereik SO in de eerste lijn", "per 1.000", 1, 1),
    ("crisisopnames", "Crisisopnames", "%", 1, 2),
    ("wachttijd_opname", "Wachttijd tot opname", "dagen", 0, 3),
)


def _indicator_row(indicator, wijk, period, value, comparison, reason=None, volledig=True):
    indicator_id, titel, eenheid, decimalen, volgorde = indicator
    code, name = wijk
    suppressed = reason is not None
    year = int(period[:4])
    quarter = int(period[-1]) if "-Q" in period else 1
    return {
        "indicator_id": indicator_id,
        "titel": titel,
        "eenheid": eenheid,
        "decimalen": decimalen,
        "volgorde": volgorde,
        "period": period,
        "period_type": "kwartaal" if "-Q" in period else "jaar",
        "period_start": dt.date(year, 3 * quarter - 2, 1),
        "periode_volledig": volledig,
        "area_level": "wijk",
        "area_code": code,
        "area_name": name,
        "parent_code": "RESV01",
        "teller": None if suppressed else round(value * 4),
        "noemer": None if suppressed else 4000.0,
        "value": None if suppressed else value,
        "lower_95": None if suppressed else value - 3.5,
        "upper_95": None if suppressed else value + 4.0,
        "lower_998": None if suppressed else value - 6.0,
        "upper_998": None if suppressed else value + 7.0,
        "benchmark_code": "RESV01",
        "benchmark_value": 36.0,
        "comparison": None if suppressed else comparison,
        "trend": None,
        "suppressed": suppressed,
        "suppression_reason": reason,
        # The build's facts, as the data layer adds them: texts name these thresholds.
        **BUILD,
    }


def _frame(rows):
    return pl.DataFrame(rows, infer_schema_length=None)


@pytest.fixture
def one_period():
    """Three wijken × three indicators in 2024; Zuid is suppressed for so_bereik (primair),
    Noord for crisisopnames (secundair)."""
    rows = []
    values = {"WK000101": 31.25, "WK000102": 38.3, "WK000103": 1234.5}
    comparisons = {"WK000101": "lager", "WK000102": "gelijk", "WK000103": "slechter"}
    for indicator in INDICATORS:
        for wijk in WIJKEN:
            reason = None
            if (indicator[0], wijk[0]) == ("so_bereik", "WK000103"):
                reason = "primair"
            if (indicator[0], wijk[0]) == ("crisisopnames", "WK000102"):
                reason = "secundair"
            rows.append(
                _indicator_row(
                    indicator, wijk, "2024", values[wijk[0]], comparisons[wijk[0]], reason
                )
            )
    return _frame(rows)


@pytest.fixture
def years():
    """so_bereik in Centrum and Noord, 2020–2024; 2021 of Centrum suppressed, 2024 incomplete."""
    rows = []
    for wijk in WIJKEN[:2]:
        for year in range(2020, 2025):
            reason = "kleine_noemer" if (wijk[0], year) == ("WK000101", 2021) else None
            rows.append(
                _indicator_row(
                    INDICATORS[0],
                    wijk,
                    str(year),
                    30.0 + year - 2020,
                    "gelijk",
                    reason,
                    volledig=year < 2024,
                )
            )
    return _frame(rows)


def _datasets(spec: dict) -> list[list[dict]]:
    """Every inline dataset of a spec: top-level datasets and inline `data.values`."""
    found = list(spec.get("datasets", {}).values())

    def walk(node):
        if isinstance(node, dict):
            values = (
                node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            )
            if isinstance(values, list):
                found.append(values)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return found


def _suppressed_data(record: dict) -> dict:
    data = record.get("properties", record)
    return data if data.get("suppressed") is True else {}


def _assert_no_number_on_suppressed_rows(spec: dict) -> int:
    """Assert that no datum flagged as suppressed carries a number; return how many were seen."""
    seen = 0
    for values in _datasets(spec):
        for record in values:
            data = _suppressed_data(record)
            if not data:
                continue
            seen += 1
            numbers = {
                key: value
                for key, value in data.items()
                if isinstance(value, int | float)
                and not isinstance(value, bool)
                and key not in POSITION_KEYS
            }
            assert numbers == {}, f"suppressed datum carries numbers: {numbers}"
    return seen


def _all_texts(spec: dict) -> set[str]:
    texts = set()
    for values in _datasets(spec):
        for record in values:
            data = record.get("properties", record)
            texts |= {value for value in data.values() if isinstance(value, str)}
    return texts


def _render(chart) -> str:
    spec = chart.export()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.startswith("<svg")
    return svg


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _marks(spec: dict) -> list[str]:
    marks = []

    def walk(node):
        if isinstance(node, dict):
            if "mark" in node:
                mark = node["mark"]
                marks.append(mark["type"] if isinstance(mark, dict) else mark)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(spec)
    return marks


def test_tile_sparkline(years):
    centrum = years.filter(pl.col("area_code") == "WK000101")
    chart = charts.indicator_tile_sparkline(centrum, eenheid="per 1.000")
    spec = chart.export()
    assert _marks(spec) == ["line", "point"]
    line = spec["layer"][0]["encoding"]
    assert line["strokeDash"]["scale"]["domain"] == ["volledige periode", "onvolledige periode"]
    assert spec["width"] == 160
    assert _assert_no_number_on_suppressed_rows(spec) == 0  # a suppressed year has no datum at all
    # 2021 is suppressed: no line piece touches it, so 2020 is a single point.
    pieces = next(v for v in _datasets(spec) if v and "stuk" in v[0])
    assert sorted({(p["period_start"][:4], p["lijn"]) for p in pieces}) == [
        ("2022", "volledige periode"),
        ("2023", "onvolledige periode"),
        ("2023", "volledige periode"),
        ("2024", "onvolledige periode"),
    ]
    _render(chart)


def test_trend_lines(years):
    chart = charts.trend_lines(years, titel="Bereik SO in de eerste lijn", eenheid="per 1.000")
    spec = chart.export()
    assert _marks(spec) == ["area", "line", "point", "text"]
    assert spec["title"]["text"] == "Bereik SO in de eerste lijn"
    assert spec["title"]["subtitle"] == [
        "Band: 95%-betrouwbaarheidsinterval",
        "Onderdrukt en niet getekend: 2021 Centrum",
        "Open punt en stippellijn: nog niet compleet, voorlopig: 2024 t/m sep",
    ]
    line = spec["layer"][1]["encoding"]
    assert line["y"]["title"] == "per 1.000"
    assert line["strokeDash"]["legend"] == {"title": None}
    assert _assert_no_number_on_suppressed_rows(spec) == 0  # a suppressed year has no datum at all
    texts = _all_texts(spec)
    assert "31,0 per 1.000" in texts
    assert "27,5–35,0" in texts
    assert "2024 t/m sep" in texts
    svg_texts = _svg_texts(_render(chart))
    assert "onvolledige periode" in svg_texts
    assert "Centrum" in svg_texts
    assert svg_texts.count("t/m sep") == 1  # one label for the incomplete year, not per line


def test_trend_lines_series_per_indicator_when_several(years):
    other = years.with_columns(
        indicator_id=pl.lit("elv_opnames"), titel=pl.lit("Eerstelijnsverblijf")
    )
    both = pl.concat([years, other]).filter(pl.col("area_code") == "WK000102")
    spec = charts.trend_lines(both, eenheid="per 1.000").export()
    reeksen = {p["reeks"] for v in _datasets(spec) for p in v if "reeks" in p}
    assert reeksen == {"Bereik SO in de eerste lijn", "Eerstelijnsverblijf"}


def test_overview_grid(one_period):
    chart = charts.overview_grid(one_period)
    spec = chart.export()
    assert _marks(spec) == ["rect", "text"]
    assert spec["title"] == {
        "text": "Overzicht per wijk",
        "subtitle": ["Periode: 2024", "Grijs met stippelrand: onderdrukt"],
    }
    rect = spec["layer"][0]["encoding"]
    assert rect["x"]["sort"] == [i[1] for i in INDICATORS]
    assert rect["y"]["sort"] == ["Centrum", "Noord", "Zuid"]
    assert rect["fill"]["scale"]["domain"] == [
        "Slechter",
        "Vergelijkbaar",
        "Lager",
        "Onderdrukt",
    ]
    assert rect["fill"]["scale"]["range"][-1] == COMPARISON_COLOURS["onderdrukt"]
    cells = next(v for v in _datasets(spec) if v and "cel_tekst" in v[0])
    by_cell = {(c["area_code"], c["indicator_id"]): c["cel_tekst"] for c in cells}
    # A threshold in a grid of numbers reads as one: the cell says "onderdrukt", the tooltip why.
    assert by_cell[("WK000103", "so_bereik")] == "onderdrukt"
    assert by_cell[("WK000102", "crisisopnames")] == "onderdrukt"
    assert by_cell[("WK000103", "crisisopnames")] == "1.234,5"
    assert by_cell[("WK000101", "wachttijd_opname")] == "31"
    assert _assert_no_number_on_suppressed_rows(spec) == 2
    svg_texts = _svg_texts(_render(chart))
    assert "onderdrukt" in svg_texts
    assert "< 15" not in svg_texts
    assert "< 15" in _all_texts(spec)  # the tooltip's value text
    assert "Onderdrukt" in svg_texts


def test_spine_chart(one_period):
    noord = one_period.filter(pl.col("area_code") == "WK000102")
    chart = charts.spine_chart(noord)
    spec = chart.export()
    assert _marks(spec) == ["text", "text", "rule", "rule", "point"]
    assert spec["hconcat"][2]["layer"][2]["encoding"]["x"]["title"] == (
        "Waarde t.o.v. referentie (referentie = 100)"
    )
    assert _assert_no_number_on_suppressed_rows(spec) == 1
    texts = _all_texts(spec)
    # The benchmark of a suppressed row is masked too: its datum carries no number at all.
    assert {"38,3 per 1.000", "onderdrukt", "38 dagen", "36,0 per 1.000", "36 dagen"} <= texts
    assert "36,0 %" not in texts
    points = spec["hconcat"][2]["layer"][2]["data"]
    drawn = next(v for k, v in spec["datasets"].items() if k == points["name"])
    assert [round(p["index"], 4) for p in drawn] == [round(38.3 / 36 * 100, 4)] * 2
    _render(chart)


def test_bar_with_intervals(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    chart = charts.bar_with_intervals(bereik, 36.0, titel="Bereik SO", eenheid="per 1.000")
    spec = chart.export()
    assert _marks(spec) == ["text", "bar", "rule", "rule", "text"]
    bars = spec["hconcat"][1]["layer"][0]["encoding"]
    # Every area keeps its row, the suppressed one too (an empty slot, no bar).
    assert bars["y"]["scale"]["domain"] == ["Noord", "Centrum", "Zuid"]
    assert bars["x"]["title"] == "per 1.000"
    assert spec["hconcat"][1]["layer"][1]["encoding"]["x2"] == {"field": "upper_95"}
    assert "Referentie: 36,0 per 1.000" in _all_texts(spec)
    assert _assert_no_number_on_suppressed_rows(spec) == 1
    svg_texts = _svg_texts(_render(chart))
    assert "< 15" in svg_texts
    assert "Referentie: 36,0 per 1.000" in svg_texts


def _point_x(svg: str) -> list[float]:
    return [
        float(x)
        for x in re.findall(r'aria-roledescription="point" transform="translate\(([-\d.]+),', svg)
    ]


def test_a_long_list_of_suppressed_areas_wraps_and_leaves_the_plot_its_width(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik").with_columns(
        noemer=pl.when(pl.col("area_code") == "WK000101").then(1500.0).otherwise(6000.0)
    )
    limits = pl.DataFrame({"noemer": [1000.0, 4000.0, 8000.0]}).with_columns(
        lower_95=pl.lit(30.0), upper_95=pl.lit(40.0), lower_998=pl.lit(28.0), upper_998=pl.lit(44.0)
    )
    hidden = bereik.filter(pl.col("suppressed"))
    many = pl.concat(
        [bereik]
        + [
            hidden.with_columns(
                area_code=pl.lit(f"WK99{i:04d}"),
                area_name=pl.lit(f"Wijk {i:02d} Buitengebied, Synthwoude"),
            )
            for i in range(20)
        ]
    )
    alone = charts.funnel_plot(bereik, limits, eenheid="per 1.000", benchmark_value=36.0)
    crowded = charts.funnel_plot(many, limits, eenheid="per 1.000", benchmark_value=36.0)
    subtitle = crowded.export()["title"]["subtitle"]
    assert len(subtitle) > 3
    assert all(len(line) <= charts._shared.SUBTITLE_WIDTH for line in subtitle)
    for i in range(20):
        assert f"Wijk {i:02d} Buitengebied, Synthwoude" in " ".join(subtitle)
    # The points stand where they stand without the note: the plot kept its width.
    assert _point_x(_render(crowded)) == pytest.approx(_point_x(_render(alone)))
    assert len(set(_point_x(_render(alone)))) > 1


def test_a_funnel_whose_every_area_is_suppressed_says_so_and_draws_no_limits(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik").with_columns(
        suppressed=pl.lit(True), value=None, noemer=None, reason=pl.lit("primair")
    )
    limits = pl.DataFrame({"noemer": [1000.0, 4000.0]}).with_columns(
        lower_95=pl.lit(30.0), upper_95=pl.lit(40.0), lower_998=pl.lit(28.0), upper_998=pl.lit(44.0)
    )
    chart = charts.funnel_plot(bereik, limits, eenheid="per 1.000", benchmark_value=36.0)
    assert chart.builder == "no_data"
    assert charts._shared.ALL_SUPPRESSED in _svg_texts(_render(chart))


def test_bar_without_benchmark_has_no_rule(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    assert _marks(charts.bar_with_intervals(bereik).export()) == ["text", "bar", "rule"]


def test_funnel_plot(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    limits = pl.DataFrame({"noemer": [1000.0, 4000.0, 8000.0]}).with_columns(
        lower_95=36 - 300 / pl.col("noemer").sqrt(),
        upper_95=36 + 300 / pl.col("noemer").sqrt(),
        lower_998=36 - 500 / pl.col("noemer").sqrt(),
        upper_998=36 + 500 / pl.col("noemer").sqrt(),
    )
    chart = charts.funnel_plot(bereik, limits, eenheid="per 1.000", benchmark_value=36.0)
    spec = chart.export()
    assert _marks(spec) == ["line", "point", "rule"]
    assert spec["title"]["subtitle"] == ["Onderdrukt en niet getekend: Zuid"]
    funnel = spec["layer"][0]["encoding"]
    assert funnel["strokeDash"]["scale"]["domain"] == ["95%-grenzen", "99,8%-grenzen"]
    lines = next(v for v in _datasets(spec) if v and "kant" in v[0])
    assert len(lines) == 12
    points = next(v for v in _datasets(spec) if v and "waarde_tekst" in v[0])
    assert sorted(p["area_code"] for p in points) == ["WK000101", "WK000102"]
    _render(chart)


def _rows_of(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws: its inline values or the top-level dataset it names."""
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _bold_labels(svg: str) -> list[str]:
    return [
        html.unescape(text)
        for text in re.findall(r'<text[^>]*font-weight="bold"[^>]*>([^<]*)</text>', svg)
    ]


@pytest.mark.parametrize("indicator", ["so_bereik", "wachttijd_opname"])
def test_comparison_marks_the_chosen_area(one_period, indicator):
    rows = one_period.filter(pl.col("indicator_id") == indicator)
    build = charts.bar_with_intervals if indicator == "so_bereik" else charts.wachttijd
    chart = build(rows, 36.0, gekozen="WK000101")
    spec = chart.export()
    plot = spec["hconcat"][1]["layer"]
    # A pale band behind the row, then the marks with a black outline on the chosen one.
    assert plot[0]["mark"]["type"] == "rect"
    assert _rows_of(spec, plot[0]) == [{"gebied": "Centrum"}]
    stroke = next(layer for layer in plot if "stroke" in layer.get("encoding", {}))
    assert stroke["encoding"]["stroke"]["condition"][0]["value"] == "#000000"
    svg = _render(chart)
    bold = [text for text in _bold_labels(svg) if text != spec["title"]["text"]]
    # Its name on the axis and its value in the column are bold, nothing else.
    assert "Centrum" in bold and "Noord" not in bold and "Zuid" not in bold
    assert len(bold) == 2
    assert spec["title"]["subtitle"][-1] == "Gemarkeerd (vet, zwarte rand): Centrum"
    # The highlight is data: every wijk chosen draws the same marks, with its band.
    drawn = {tuple(_marks(build(rows, 36.0, gekozen=code).export())) for code, _ in WIJKEN}
    assert len(drawn) == 1
    assert tuple(_marks(build(rows, 36.0).export())) not in drawn


def test_a_suppressed_chosen_area_keeps_its_row_without_a_number(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    chart = charts.bar_with_intervals(bereik, 36.0, gekozen="WK000103")
    spec = chart.export()
    assert _assert_no_number_on_suppressed_rows(spec) == 1
    bold = _bold_labels(_render(chart))
    assert "Zuid" in bold and "< 15" in bold


def test_funnel_plot_axes_fit_the_areas_and_mark_the_chosen_one(one_period):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik").with_columns(
        noemer=pl.Series([700.0, 1500.0, 900.0])
    )
    # Published limits start at a noemer of 10, where they reach 800 per 1.000.
    limits = pl.DataFrame({"noemer": [10.0, 100.0, 350.0, 1000.0, 4000.0, 8000.0]})
    limits = limits.with_columns(
        lower_95=(36 - 300 / pl.col("noemer").sqrt()).clip(0),
        upper_95=36 + 300 / pl.col("noemer").sqrt(),
        lower_998=(36 - 500 / pl.col("noemer").sqrt()).clip(0),
        upper_998=36 + 500 / pl.col("noemer").sqrt() * 1.5,
    )
    chart = charts.funnel_plot(bereik, limits, benchmark_value=36.0, gekozen="WK000102")
    spec = chart.export()
    x = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    y = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    assert x[0] == 0 and 1500 < x[1] < 1700
    # The y axis covers the areas and the limits from half the smallest area's noemer
    # (350 and up), not the 800 of a noemer of 10.
    upper_at_350 = 36 + 500 / 350**0.5 * 1.5
    assert y[0] < 31.25 and upper_at_350 < y[1] < upper_at_350 * 1.1
    assert spec["layer"][0]["mark"]["clip"] is True
    assert _marks(spec) == ["line", "point", "rule", "point", "text"]
    ring, label = spec["layer"][3], spec["layer"][4]
    assert ring["mark"]["stroke"] == "#000000" and ring["mark"]["filled"] is False
    assert [row["area_code"] for row in _rows_of(spec, label)] == ["WK000102"]
    assert "Noord" in _bold_labels(_render(chart))
    assert spec["title"]["subtitle"][-1] == "Zwarte ring: Noord"


def test_funnel_plot_refuses_limits_without_columns(one_period):
    with pytest.raises(charts.ChartInputError, match=r"funnel_plot \(grenzen\): kolom ontbreekt"):
        charts.funnel_plot(one_period, pl.DataFrame({"noemer": [1.0]}))


def test_wachttijd(one_period):
    wacht = one_period.filter(pl.col("indicator_id") == "wachttijd_opname")
    chart = charts.wachttijd(wacht, 36.0)
    spec = chart.export()
    assert _marks(spec) == ["text", "rule", "point", "rule", "text"]
    texts = _all_texts(spec)
    assert "1.235 dagen (n = 4.000)" in texts
    assert "Referentie: 36 dagen" in texts
    _render(chart)


def _square(lon, lat, size=0.01):
    # Clockwise exterior ring (lon, lat), as the published areas table holds it.
    ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def geometry():
    return pl.DataFrame(
        {
            "area_code": [code for code, _ in WIJKEN],
            "geometry": [_square(5.0 + i * 0.01, 52.0) for i in range(len(WIJKEN))],
        }
    )


@pytest.mark.parametrize("kleur", ["vergelijking", "waarde"])
def test_choropleth(one_period, geometry, kleur):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    chart = charts.choropleth(bereik, geometry, kleur=kleur, titel="Bereik SO", eenheid="per 1.000")
    spec = chart.export()
    expected = ["geoshape", "text"] if kleur == "vergelijking" else ["geoshape", "geoshape", "text"]
    assert _marks(spec) == expected
    assert spec["projection"] == {"type": "mercator"}
    assert _assert_no_number_on_suppressed_rows(spec) >= 1
    labels = next(v for v in _datasets(spec) if v and "lon" in v[0])
    suppressed = [label for label in labels if label["onderdrukt"]]
    assert [(label["lon"], label["lat"], label["tekst"]) for label in suppressed] == [
        (pytest.approx(5.025), pytest.approx(52.005), "< 15")
    ]
    # A map coloured by comparison writes every shown wijk's value on it (no unit: the
    # subtitle names it); a map coloured by value has its legend for that.
    shown = [label["tekst"] for label in labels if not label["onderdrukt"]]
    if kleur == "vergelijking":
        assert len(shown) == bereik.filter(~pl.col("suppressed")).height
        assert all(DUTCH_NUMBER.fullmatch(text) for text in shown), shown
        assert "Getallen: per 1.000" in spec["title"]["subtitle"]
    else:
        assert shown == []
    svg_texts = _svg_texts(_render(chart))
    assert "< 15" in svg_texts


def test_a_map_of_many_wijken_sends_shared_texts_once_and_writes_no_numbers_on_it():
    # 60 wijken, every third suppressed: more than the map can label without overlap.
    indicator = ("so_bereik", "Bereik SO", "per 1.000", 1, 1)
    wijken = [(f"WK{i:06d}", f"Wijk {i}") for i in range(60)]
    frame = _frame(
        [
            _indicator_row(indicator, wijk, "2024", 30.0 + i, ("gelijk", "hoger")[i % 2],
                           reason="primair" if i % 3 == 0 else None)
            for i, wijk in enumerate(wijken)
        ]
    )  # fmt: skip
    geometry = pl.DataFrame(
        {
            "area_code": [code for code, _ in wijken],
            "geometry": [
                _square(5.0 + (i % 10) * 0.01, 52.0 + (i // 10) * 0.01) for i in range(60)
            ],
        }
    )
    chart = charts.choropleth(frame, geometry, titel="Bereik SO", eenheid="per 1.000")
    assert charts.kaart.MAX_VALUE_LABELS < 60
    spec = chart.export()
    features = next(v for v in _datasets(spec) if v and "geometry" in v[0])
    teksten = next(v for v in _datasets(spec) if v and "toelichting" in v[0])
    # Each wijk carries its own texts; the status, period and explanation it shares with
    # others are sent once (three kinds here) and looked up by key.
    assert len(features) == 60 and len(teksten) == 3
    assert {key for f in features for key in f["properties"]} <= {
        "gebied", "waarde_tekst", "interval_tekst", "t", "suppressed"
    }  # fmt: skip
    by_key = {row["t"]: row for row in teksten}
    shared = [by_key[f["properties"]["t"]] for f in features]
    assert [row["status"] for row in shared].count("onderdrukt") == 20
    assert all(row["periode_tekst"] == "2024" for row in shared)
    assert _assert_no_number_on_suppressed_rows(spec) == 20
    # Neither values nor "< 10" written on 60 wijken: the legend says which are suppressed.
    assert _marks(spec) == ["geoshape"]
    svg = _render(chart)
    assert "Onderdrukt" in _svg_texts(svg)
    fills = re.findall(r'<path[^>]*fill="(#[0-9A-Fa-f]{6})"', svg)
    for status, count in (("onderdrukt", 20), ("gelijk", 20), ("hoger", 20)):
        assert fills.count(COMPARISON_COLOURS[status]) >= count, status


def test_choropleth_marks_the_chosen_wijk(one_period, geometry):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    chosen = bereik.filter(~pl.col("suppressed")).row(0, named=True)
    chart = charts.choropleth(bereik, geometry, titel="Bereik SO", gekozen=chosen["area_code"])
    spec = chart.export()
    assert _marks(spec) == ["geoshape", "geoshape", "text"]
    outline = spec["layer"][1]
    assert outline["mark"]["filled"] is False
    assert outline["mark"]["stroke"] == "#000000"
    features = _rows_of(spec, outline)
    assert [f["properties"]["gebied"] for f in features] == [chosen["area_name"]]
    labels = next(v for v in _datasets(spec) if v and "lon" in v[0])
    named = [label for label in labels if label["gekozen"]]
    assert len(named) == 1 and named[0]["tekst"].startswith(chosen["area_name"])
    assert f"Zwarte rand: {chosen['area_name']}" in spec["title"]["subtitle"]
    # Another wijk chosen: the same marks, other data.
    other = bereik.filter(~pl.col("suppressed")).row(1, named=True)
    other_spec = charts.choropleth(
        bereik, geometry, titel="Bereik SO", gekozen=other["area_code"]
    ).export()
    assert _marks(other_spec) == _marks(spec)
    assert [f["properties"]["gebied"] for f in _rows_of(other_spec, other_spec["layer"][1])] == [
        other["area_name"]
    ]


def test_choropleth_names_wijken_without_geometry_and_refuses_bad_geojson(one_period, geometry):
    bereik = one_period.filter(pl.col("indicator_id") == "so_bereik")
    spec = charts.choropleth(bereik, geometry.head(2)).export()
    assert spec["title"]["subtitle"] == ["Geen kaartvlak voor: Zuid"]
    broken = geometry.with_columns(geometry=pl.lit("{niet json"))
    with pytest.raises(
        charts.ChartInputError, match=r"geometrie van WK000101 is geen geldige GeoJSON"
    ):
        charts.choropleth(bereik, broken)


def test_koppel_coverage():
    frame = pl.DataFrame(
        {
            "area_level": ["resv"] * 3,
            "area_code": ["RESV01"] * 3,
            "jaar": [2022, 2023, 2024],
            "actieve_koppels": [None, 12, 1500],
            "aandeel_werkt_in_his": [None, 50.0, 62.5],
            "aandeel_vast_overleg": [None, 25.0, 80.0],
            "suppressed": [True, False, False],
            "suppression_reason": ["primair", None, None],
        }
    )
    chart = charts.koppel_coverage(frame)
    spec = chart.export()
    assert _marks(spec) == ["bar", "text"]
    bars = spec["layer"][0]["encoding"]
    assert bars["y"]["axis"] == {"format": ".0%"}
    assert bars["y"]["title"] == "Aandeel van de actieve koppels"
    texts = _all_texts(spec)
    # Koppel figures are suppressed below 3 koppels, so never "< 10" here.
    assert {"63 %", "1.500 koppels", "12 koppels", "onderdrukt"} <= texts
    assert "< 10" not in texts
    assert _assert_no_number_on_suppressed_rows(spec) == 0  # suppressed year has no bar datum
    _render(chart)
    with pytest.raises(charts.ChartInputError, match="aandeel_werkt_in_his is groter dan 100"):
        charts.koppel_coverage(frame.with_columns(aandeel_werkt_in_his=pl.lit(162.5)))


def test_learning_curve():
    frame = pl.DataFrame(
        {
            "area_level": ["regio"] * 4,
            "area_code": ["REGIO"] * 4,
            "area_name": ["Regio"] * 4,
            "kwartaal_sinds_start": [0, 1, 2, 3],
            "n_koppels": [8, 8, None, 5],
            "contacten_per_koppel": [3.5, 6.25, None, 9.0],
            "clienten_per_koppel": [2.0, 4.0, None, 5.5],
            "suppressed": [False, False, True, False],
            "suppression_reason": [None, None, "te_weinig_koppels", None],
            **{name: [value] * 4 for name, value in BUILD.items()},
        }
    )
    chart = charts.learning_curve(frame)
    spec = chart.export()
    assert _marks(spec) == ["line", "point"]
    assert spec["title"]["subtitle"] == ["Onderdrukt: kwartaal 2 (minder dan 5 koppels)"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Kwartalen sinds de start van het koppel"
    pieces = next(v for v in _datasets(spec) if v and "stuk" in v[0])
    assert [(p["kwartaal_sinds_start"], p["value"]) for p in pieces] == [(0, 3.5), (1, 6.25)]
    assert "6,3" in _all_texts(spec)
    _render(chart)


def test_stacked_share_draws_no_bar_of_an_incomplete_breakdown():
    """Without published shares, a period with a suppressed category has no bar: the shares of
    the rest would claim the whole ("100 % Wlz" over a suppressed GRZ)."""
    frame = pl.DataFrame(
        {
            "area_level": ["gemeente"] * 4,
            "area_code": ["GM0001"] * 4,
            "period": ["2023", "2023", "2024-Q1", "2024-Q1"],
            "periode_volledig": [True, True, False, False],
            "opname_type": ["GRZ", "WLZ_VERBLIJF", "GRZ", "WLZ_VERBLIJF"],
            "aantal": [30, 90, None, 40],
            "per_1000": [7.5, 22.5, None, 10.0],
            "suppressed": [False, False, True, False],
            "suppression_reason": [None, None, "primair", None],
            **{name: [value] * 4 for name, value in BUILD.items()},
        }
    )
    chart = charts.stacked_share(
        frame, categorie="opname_type", aantal="aantal", x="period", labels=OPNAME_TYPE_LABELS
    )
    spec = chart.export()
    assert _marks(spec) == ["bar", "text"]
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["scale"]["domain"] == ["Verpleeghuis (Wlz)", "Geriatrische revalidatie"]
    assert bars["x"]["sort"] == ["2023", "1e kwartaal 2024 t/m sep"]
    assert spec["title"]["subtitle"] == [
        "Onderdrukt: Geriatrische revalidatie (1e kwartaal 2024 t/m sep)",
        "Een staaf met een onderdrukte categorie is niet getekend",
    ]
    shares = {
        (d["x_tekst"], d["categorie_tekst"]): d["aandeel_tekst"]
        for v in _datasets(spec)
        for d in v
        if "aandeel_tekst" in d
    }
    assert shares == {
        ("2023", "Geriatrische revalidatie"): "25,0 %",
        ("2023", "Verpleeghuis (Wlz)"): "75,0 %",
    }
    assert "onderdrukt" in _svg_texts(_render(chart))
    with pytest.raises(charts.ChartInputError, match="stacked_share: verwacht één area_code"):
        charts.stacked_share(
            frame.with_columns(area_code=pl.Series(["A", "B", "A", "B"])),
            categorie="opname_type",
            aantal="aantal",
            x="period",
        )


def test_stacked_share_with_published_shares_fills_the_rest_grey():
    """With the published share of the whole (consulten_per_kenmerk), the shown categories keep
    their share and the suppressed ones fill the rest together, without a number."""
    frame = pl.DataFrame(
        {
            "area_code": ["WK1"] * 4,
            "kenmerk": ["uitvoerder_discipline"] * 4,
            "jaar": [2025] * 4,
            "waarde": ["SO", "VS", "PA", "BASISARTS"],
            "contacten": [300, None, None, 100],
            "aandeel": [60.0, None, None, 20.0],
            "suppressed": [False, True, True, False],
            "suppression_reason": [None, "primair", "secundair", None],
        }
    )
    chart = charts.stacked_share(
        frame, categorie="waarde", aantal="contacten", labels=DISCIPLINE_LABELS
    )
    spec = chart.export()
    parts = {
        d["categorie_tekst"]: (d["aandeel_tekst"], d["aantal_tekst"])
        for v in _datasets(spec)
        for d in v
        if "aandeel_tekst" in d
    }
    assert parts == {
        "Specialist ouderengeneeskunde": ("60,0 %", "300"),
        "Basisarts": ("20,0 %", "100"),
        "Onderdrukt (samen)": ("20,0 %", "onderdrukt"),
    }
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    # Every category stays listed, the suppressed ones too.
    assert domain == [*DISCIPLINE_LABELS.values(), "Onderdrukt (samen)"]
    _render(chart)


def test_builders_refuse_missing_columns_and_raw_rows(one_period):
    with pytest.raises(
        charts.ChartInputError, match="bar_with_intervals: kolom ontbreekt: lower_95"
    ):
        charts.bar_with_intervals(one_period.drop("lower_95"))
    raw = pl.concat([one_period] * (charts.MAX_ROWS // one_period.height + 1))
    with pytest.raises(charts.ChartInputError, match=r"overview_grid: \d+ rijen; een grafiek"):
        charts.overview_grid(raw)
    with pytest.raises(charts.ChartInputError, match="verwacht een polars DataFrame"):
        charts.trend_lines([{"value": 1}])


def test_empty_frame_gives_a_message_chart(one_period):
    chart = charts.bar_with_intervals(one_period.clear(), titel="Bereik SO")
    assert chart.spec["mark"]["type"] == "text"  # one text, no axes
    assert "Geen gegevens voor deze selectie" in _svg_texts(_render(chart))


def test_suppressed_numbers_smuggled_in_are_masked(one_period):
    # A query that joined numbers back onto a suppressed row must still not reach the chart.
    leaky = one_period.with_columns(
        value=pl.col("value").fill_null(7.0), teller=pl.col("teller").fill_null(7)
    )
    for chart in (
        charts.overview_grid(leaky),
        charts.bar_with_intervals(leaky.filter(pl.col("indicator_id") == "so_bereik")),
    ):
        spec = chart.export()
        assert _assert_no_number_on_suppressed_rows(spec) >= 1


def test_stacked_share_draws_no_bar_whose_shares_the_pipeline_left_empty():
    """Shares of a unit with too few koppels are not published even where counts are."""
    frame = pl.DataFrame(
        {
            "area_code": ["WK1"] * 4,
            "kenmerk": ["uitvoerder_discipline"] * 4,
            "jaar": [2024, 2024, 2025, 2025],
            "waarde": ["SO", "VS"] * 2,
            "contacten": [300, 100, 280, 120],
            "aandeel": [75.0, 25.0, None, None],
            "suppressed": [False] * 4,
            "suppression_reason": [None] * 4,
        }
    )
    chart = charts.stacked_share(
        frame, categorie="waarde", aantal="contacten", labels=DISCIPLINE_LABELS
    )
    spec = chart.export()
    drawn = {
        (d["x_tekst"], d["categorie_tekst"])
        for v in _datasets(spec)
        for d in v
        if "aandeel_tekst" in d
    }
    assert drawn == {
        ("2024", "Specialist ouderengeneeskunde"),
        ("2024", "Verpleegkundig specialist"),
    }
    assert "onderdrukt" in _svg_texts(_render(chart))
