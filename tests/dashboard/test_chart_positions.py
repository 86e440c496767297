"""Every mark sits on its own row or column, and a suppressed value has no mark: checked on the
export SVG of every chart builder (vl-convert), for selections with suppressed cells.

The SVG is read as a reader sees it: each axis label where it is drawn, each mark where it is
drawn, and which row a mark belongs to from its accessible description (Vega writes the fields
of a mark, "Gebied: Zuid; Waarde: < 15", into its aria-label).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import duckdb
import polars as pl
import pytest
import vl_convert
from PIL import Image

from dashboard import charts
from dashboard.charts.spec import rows
from dashboard.export.fonts import use_embedded_fonts
from dashboard.export.images import export_svg
from dashboard.export.meta import Bron, ExportMeta
from dashboard.format import DISCIPLINE_LABELS, OPNAME_TYPE_LABELS
from tests.dashboard.test_charts import BUILD, INDICATORS, _frame, _indicator_row
from tests.dashboard.test_export_images import _every_chart

SVG = "{http://www.w3.org/2000/svg}"
BRON = Bron(dt.datetime(2026, 11, 22), dt.date(2024, 9, 30), True, 15, 50, 5)
META = ExportMeta("Test", ("Synthetica",), "2024", BRON)

#: Marks that may stand for a suppressed row: its text in a label column, grid cell or map, the
#: grid's own cell and the map's own area (slots, not positions on a value axis).
SLOT_MARKS = {"text", "rect", "geoshape"}

WIJKEN = (
    ("WK01", "Centrum"),
    ("WK02", "Noord"),
    ("WK03", "Zuid"),
    ("WK04", "Oost"),
    ("WK05", "West"),
)
#: (indicator, wijk) → reason: a suppressed cell in the middle of every row and column.
SUPPRESSED = {
    ("so_bereik", "WK03"): "primair",
    ("so_bereik", "WK05"): "kleine_noemer",
    ("crisisopnames", "WK02"): "secundair",
    ("wachttijd_opname", "WK01"): "primair",
    ("wachttijd_opname", "WK04"): "primair",
}


@pytest.fixture(scope="module")
def cells() -> pl.DataFrame:
    rows = []
    for indicator in INDICATORS:
        for i, wijk in enumerate(WIJKEN):
            reason = SUPPRESSED.get((indicator[0], wijk[0]))
            value = 20.0 + 7 * i
            rows.append(_indicator_row(indicator, wijk, "2024", value, "gelijk", reason))
    return _frame(rows)


def _translate(node: ET.Element) -> tuple[float, float]:
    match = re.search(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", node.get("transform", ""))
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _centre(node: ET.Element, x: float, y: float) -> tuple[float, float]:
    """The centre of a drawn item whose own origin is (x, y)."""
    if node.tag == f"{SVG}line":
        return x + float(node.get("x2", 0)) / 2, y + float(node.get("y2", 0)) / 2
    box = re.match(r"M([-\d.e]+),([-\d.e]+)h([-\d.e]+)v([-\d.e]+)", node.get("d", ""))
    if box:  # a rectangle (bar, cell): its middle
        left, top, width, height = map(float, box.groups())
        return x + left + width / 2, y + top + height / 2
    return x, y


def read_svg(svg: str) -> tuple[list[dict], list[dict]]:
    """Return the axis labels (text, axis 'X'/'Y', x, y) and the marks (kind, fields, x, y)
    of an SVG, at their absolute positions."""
    labels, marks = [], []

    def walk(node: ET.Element, x: float, y: float, axis: str | None, in_label: bool) -> None:
        dx, dy = _translate(node)
        x, y = x + dx, y + dy
        aria = node.get("aria-label", "")
        if "role-axis" in node.get("class", "") and aria[:6] in ("X-axis", "Y-axis"):
            axis = aria[0]
        in_label = in_label or "role-axis-label" in node.get("class", "")
        if in_label and node.tag == f"{SVG}text" and axis:
            labels.append({"text": "".join(node.itertext()), "axis": axis, "x": x, "y": y})
        if node.get("role") == "graphics-symbol" and node.get("aria-roledescription") != "axis":
            fields = dict(part.split(": ", 1) for part in aria.split("; ") if ": " in part)
            cx, cy = _centre(node, x, y)
            kind = node.get("aria-roledescription", "").removesuffix(" mark")
            marks.append({"kind": kind, "fields": fields, "x": cx, "y": cy})
        for child in node:
            walk(child, x, y, axis, in_label)

    walk(ET.fromstring(svg), 0.0, 0.0, None, False)
    return labels, marks


def assert_marks_on_their_labels(svg: str, axis: str) -> int:
    """Every mark that names one label of `axis` is nearer to that label than to any other
    label of the axis (across it: y for rows, x for columns), and within half the distance to
    its neighbours; return how many marks were checked. Lines and areas span several labels
    and are not checked here."""
    labels, marks = read_svg(svg)
    coordinate = "y" if axis == "Y" else "x"
    positions = {label["text"]: label[coordinate] for label in labels if label["axis"] == axis}
    assert len(positions) >= 2, f"no {axis} axis labels"
    checked = 0
    for mark in marks:
        if mark["kind"] in ("line", "area"):
            continue
        named = {value for value in mark["fields"].values() if value in positions}
        if len(named) != 1:
            continue
        (name,) = named
        where = mark[coordinate]
        nearest = min(positions, key=lambda text: abs(positions[text] - where))
        assert nearest == name, f"{mark['kind']} of {name} sits at {nearest}: {mark['fields']}"
        checked += 1
    return checked


def assert_no_mark_for(svg: str, names: set[str]) -> None:
    """No mark other than a slot (text, grid cell, map area) names a suppressed row."""
    _, marks = read_svg(svg)
    for mark in marks:
        if mark["kind"] in SLOT_MARKS:
            continue
        hit = names & set(mark["fields"].values())
        assert not hit, f"{mark['kind']} drawn for suppressed {hit}: {mark['fields']}"


def assert_suppressed_text_beside_the_value_axis(svg: str, names: set[str]) -> int:
    """The text of a suppressed row ("< 15") stands in the label column, left of where the
    value axis starts (not at its 0); return how many such texts were seen."""
    labels, marks = read_svg(svg)
    axis_start = min(label["x"] for label in labels if label["axis"] == "X")
    seen = 0
    for mark in marks:
        if mark["kind"] == "text" and names & set(mark["fields"].values()):
            assert mark["x"] < axis_start - 5, f"{mark['fields']} drawn on the value axis"
            seen += 1
    return seen


def _svg(chart) -> str:
    return export_svg(chart, META)


def _suppressed_names(indicator: str) -> set[str]:
    codes = {code for (ind, code), _ in SUPPRESSED.items() if ind == indicator}
    return {name for code, name in WIJKEN if code in codes}


@pytest.mark.parametrize("indicator", ["so_bereik", "crisisopnames"])
def test_bars_sit_on_their_areas_and_suppressed_areas_have_none(cells, indicator):
    rows = cells.filter(pl.col("indicator_id") == indicator)
    svg = _svg(charts.bar_with_intervals(rows, 36.0, titel="Bars", eenheid="per 1.000"))
    assert assert_marks_on_their_labels(svg, "Y") >= rows.height * 2
    assert_no_mark_for(svg, _suppressed_names(indicator))
    shown = assert_suppressed_text_beside_the_value_axis(svg, _suppressed_names(indicator))
    assert shown == len(_suppressed_names(indicator))
    texts = [mark["fields"] for mark in read_svg(svg)[1] if mark["kind"] == "text"]
    assert any("< 15" in fields.values() for fields in texts) or indicator != "so_bereik"


def test_waiting_time_sits_on_its_areas_and_suppressed_areas_have_none(cells):
    rows = cells.filter(pl.col("indicator_id") == "wachttijd_opname")
    svg = _svg(charts.wachttijd(rows, 40.0))
    assert assert_marks_on_their_labels(svg, "Y") >= rows.height
    assert_no_mark_for(svg, _suppressed_names("wachttijd_opname"))
    assert assert_suppressed_text_beside_the_value_axis(svg, _suppressed_names("wachttijd_opname"))


def test_spine_chart_dots_stay_on_their_indicator(cells):
    """The Wijkprofiel chart: with indicators suppressed, each dot stays on its own row."""
    for code, _name in WIJKEN:
        area = cells.filter(pl.col("area_code") == code)
        svg = _svg(charts.spine_chart(area, titel="Profiel"))
        checked = assert_marks_on_their_labels(svg, "Y")
        assert checked >= area.height  # the label column names every indicator
        hidden = {
            titel
            for (indicator, wijk), _ in SUPPRESSED.items()
            if wijk == code
            for ind, titel, *_ in INDICATORS
            if ind == indicator
        }
        assert_no_mark_for(svg, hidden)


def test_overview_grid_cells_sit_on_their_row_and_column(cells):
    svg = _svg(charts.overview_grid(cells))
    assert assert_marks_on_their_labels(svg, "Y") >= cells.height
    assert assert_marks_on_their_labels(svg, "X") >= cells.height
    texts = [m["fields"] for m in read_svg(svg)[1] if m["kind"] == "text"]
    # No threshold in a grid of numbers: a suppressed cell says "onderdrukt".
    assert not any(re.fullmatch(r"<\s*\d+", text) for text in _drawn_texts(svg))
    assert texts


def _drawn_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [
        "".join(node.itertext())
        for node in root.iter(f"{SVG}text")
        if node.get("role") == "graphics-symbol"
    ]


def test_trend_lines_draw_nothing_for_a_suppressed_year():
    rows = [
        _indicator_row(INDICATORS[0], WIJKEN[0], str(year), 30.0 + year - 2020, "gelijk", reason)
        for year, reason in ((2020, None), (2021, "primair"), (2022, None), (2023, None))
    ]
    svg = _svg(charts.trend_lines(_frame(rows), titel="Trend", eenheid="per 1.000"))
    assert assert_marks_on_their_labels(svg, "X") >= 3
    _, marks = read_svg(svg)
    assert not [m for m in marks if m["fields"].get("Periode") == "2021"]


def test_funnel_and_map_have_no_mark_for_a_suppressed_area(cells):
    rows = cells.filter(pl.col("indicator_id") == "so_bereik")
    limits = pl.DataFrame(
        {
            "noemer": [1000.0, 8000.0],
            "lower_95": [20.0, 30.0],
            "upper_95": [50.0, 40.0],
            "lower_998": [15.0, 28.0],
            "upper_998": [55.0, 42.0],
        }
    )
    svg = _svg(charts.funnel_plot(rows, limits, eenheid="per 1.000", benchmark_value=36.0))
    assert_no_mark_for(svg, _suppressed_names("so_bereik"))
    drawn = [m for m in read_svg(svg)[1] if m["kind"] == "point"]
    assert len(drawn) == rows.height - len(_suppressed_names("so_bereik"))


def test_a_corrected_funnel_places_each_area_at_its_derived_noemer(cells):
    """With `noemer_field` (the corrected funnel, reports/gecorrigeerd.funnel_rows) each point
    stands over its derived noemer on the x axis as the axis labels read, not over its noemer;
    a suppressed area (no derived noemer) has no mark."""
    derived = {"Centrum": 600.0, "Noord": 1700.0, "Zuid": None, "Oost": 3900.0, "West": None}
    rows = cells.filter(pl.col("indicator_id") == "so_bereik")
    rows = rows.with_columns(
        pl.col("area_name").replace_strict(derived, return_dtype=pl.Float64).alias("derived_noemer")
    )
    limits = pl.DataFrame(
        {
            "noemer": [100.0, 4500.0],
            "lower_95": [20.0, 30.0],
            "upper_95": [50.0, 40.0],
            "lower_998": [15.0, 28.0],
            "upper_998": [55.0, 42.0],
        }
    )
    chart = charts.funnel_plot(
        rows,
        limits,
        eenheid="per 1.000",
        benchmark_value=36.0,
        noemer_titel="Effectieve bevolking",
        noemer_field="derived_noemer",
    )
    labels, marks = read_svg(_svg(chart))
    ticks = [
        (float(label["text"].replace(".", "")), label["x"])
        for label in labels
        if label["axis"] == "X"
    ]
    (v0, x0), (v1, x1) = ticks[0], ticks[-1]
    points = [m for m in marks if m["kind"] == "point"]
    assert {m["fields"]["Gebied"] for m in points} == {"Centrum", "Noord", "Oost"}
    for mark in points:
        expected = x0 + (derived[mark["fields"]["Gebied"]] - v0) * (x1 - x0) / (v1 - v0)
        assert mark["x"] == pytest.approx(expected, abs=1.5), mark["fields"]["Gebied"]
    assert_no_mark_for(_svg(chart), _suppressed_names("so_bereik"))


def test_koppel_coverage_has_no_bar_for_a_suppressed_year():
    frame = pl.DataFrame(
        {
            "area_code": ["RESV01"] * 3,
            "jaar": [2022, 2023, 2024],
            "actieve_koppels": [None, 12, 15],
            "aandeel_werkt_in_his": [None, 50.0, 62.5],
            "aandeel_vast_overleg": [None, 25.0, 80.0],
            "suppressed": [True, False, False],
            "suppression_reason": ["te_weinig_koppels", None, None],
            **{name: [value] * 3 for name, value in BUILD.items()},
        }
    )
    svg = _svg(charts.koppel_coverage(frame))
    assert assert_marks_on_their_labels(svg, "X") >= 4
    assert_no_mark_for(svg, {"2022"})


def test_learning_curve_has_no_point_for_a_suppressed_quarter():
    frame = pl.DataFrame(
        {
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
    _, marks = read_svg(_svg(charts.learning_curve(frame)))
    points = [m for m in marks if m["kind"] == "point"]
    assert sorted(m["fields"]["Kwartaal sinds start"] for m in points) == ["0", "1", "3"]


def test_breakdowns_list_every_category_and_draw_no_suppressed_one():
    kenmerk = pl.DataFrame(
        {
            "area_code": ["WK01"] * 8,
            "kenmerk": ["uitvoerder_discipline"] * 8,
            "jaar": [2024] * 4 + [2025] * 4,
            "waarde": ["SO", "VS", "PA", "BASISARTS"] * 2,
            "contacten": [300, 60, 40, 100, 300, None, None, 100],
            "aandeel": [60.0, 12.0, 8.0, 20.0, 60.0, None, None, 20.0],
            "suppressed": [False] * 5 + [True, True, False],
            "suppression_reason": [None] * 5 + ["primair", "secundair", None],
        }
    )
    svg = _svg(
        charts.stacked_share(
            kenmerk, categorie="waarde", aantal="contacten", labels=DISCIPLINE_LABELS
        )
    )
    assert assert_marks_on_their_labels(svg, "X") >= 7
    _, marks = read_svg(svg)
    bars_2025 = {m["fields"]["Categorie"] for m in marks if m["fields"].get("Periode") == "2025"}
    # Never "100 % SO" over a suppressed VS/PA: SO keeps 60 %, the rest is grey and unnamed.
    assert bars_2025 == {"Specialist ouderengeneeskunde", "Basisarts", "Onderdrukt (samen)"}
    svg_text = " ".join(_svg_texts(svg))
    for label in DISCIPLINE_LABELS.values():
        assert label in svg_text  # every category stays listed in the legend

    opnames = pl.DataFrame(
        {
            "area_code": ["GM01"] * 4,
            "period": ["2023", "2023", "2024", "2024"],
            "periode_volledig": [True] * 4,
            "opname_type": ["GRZ", "WLZ_VERBLIJF"] * 2,
            "aantal": [30, 90, None, 40],
            "suppressed": [False, False, True, False],
            "suppression_reason": [None, None, "primair", None],
        }
    )
    svg = _svg(
        charts.stacked_share(
            opnames, categorie="opname_type", aantal="aantal", x="period", labels=OPNAME_TYPE_LABELS
        )
    )
    _, marks = read_svg(svg)
    assert not [m for m in marks if m["kind"] == "bar" and m["fields"].get("Periode") == "2024"]
    assert "onderdrukt" in _drawn_texts(svg)


def _svg_texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_selection_with_everything_suppressed_is_still_a_readable_chart(cells):
    """No empty value axis (Vega sizes one with no domain to infinity): the areas stay listed
    with their texts, or the chart says that everything is suppressed."""
    hidden = cells.with_columns(
        suppressed=pl.lit(True),
        suppression_reason=pl.lit("primair"),
        value=pl.lit(None, pl.Float64),
        lower_95=pl.lit(None, pl.Float64),
        upper_95=pl.lit(None, pl.Float64),
    )
    bereik = hidden.filter(pl.col("indicator_id") == "so_bereik")
    years = pl.concat(
        [bereik.head(1).with_columns(period=pl.lit(str(y))) for y in (2022, 2023, 2024)]
    )
    built = {
        "bar_with_intervals": charts.bar_with_intervals(bereik, eenheid="per 1.000"),
        "wachttijd": charts.wachttijd(hidden.filter(pl.col("indicator_id") == "wachttijd_opname")),
        "trend_lines": charts.trend_lines(years, titel="Trend"),
        "indicator_tile_sparkline": charts.indicator_tile_sparkline(years),
    }
    for name, chart in built.items():
        svg = _svg(chart)
        root = ET.fromstring(svg)
        assert float(root.get("width")) == 960, name
        texts = " ".join(_svg_texts(svg))
        assert "< 15" in texts or "alles in deze selectie is onderdrukt" in texts, name
    bar_texts = _svg_texts(_svg(built["bar_with_intervals"]))
    assert {name for _, name in WIJKEN} <= set(bar_texts)


def _pyramid_rows(hidden: set[tuple[str, str]]) -> pl.DataFrame:
    rows = []
    for i, klasse in enumerate(("65-74", "75-79", "80-84", "85-89", "90+")):
        for geslacht, base in (("M", 300), ("V", 340)):
            suppressed = (klasse, geslacht) in hidden
            # a suppressed row as published: no number
            inwoners = None if suppressed else base - 60 * i
            rows.append(
                {
                    "leeftijdsklasse": klasse,
                    "geslacht": geslacht,
                    "inwoners": inwoners,
                    "suppressed": suppressed,
                }
            )
    return pl.DataFrame(rows)


def test_pyramid_bars_sit_on_their_age_class_and_suppressed_counts_have_none():
    """Each bar on its own age class, men and women on the same rows; a suppressed count has no
    bar, only its "onderdrukt" text on its row, at the middle line of its half."""
    hidden = {("90+", "M"), ("85-89", "V")}
    svg = _svg(charts.population_pyramid(_pyramid_rows(hidden), titel="Bevolkingsopbouw"))
    assert assert_marks_on_their_labels(svg, "Y") == 10  # 8 bars and 2 texts
    _labels, marks = read_svg(svg)
    sexes = {"M": "Mannen", "V": "Vrouwen"}
    names = {(klasse, sexes[geslacht]) for klasse, geslacht in hidden}
    bars = [m for m in marks if m["kind"] == "bar"]
    assert len(bars) == 8
    assert not [m for m in bars if (m["fields"]["Leeftijd"], m["fields"]["Geslacht"]) in names]
    texts = [m for m in marks if m["kind"] == "text"]
    assert {(m["fields"]["Leeftijd"], m["fields"]["Geslacht"]) for m in texts} == names
    assert all(m["fields"]["Inwoners"] == "onderdrukt" for m in texts)
    # Men run leftwards from the middle, women rightwards: the men's bars end left of the
    # women's, and a suppressed text stands beside the middle of its own half.
    middle_left = max(m["x"] for m in bars if m["fields"]["Geslacht"] == "Mannen")
    middle_right = min(m["x"] for m in bars if m["fields"]["Geslacht"] == "Vrouwen")
    assert middle_left < middle_right
    men_text = next(m for m in texts if m["fields"]["Geslacht"] == "Mannen")
    women_text = next(m for m in texts if m["fields"]["Geslacht"] == "Vrouwen")
    assert men_text["x"] < middle_right and women_text["x"] > middle_left


def _steps(hidden: set[str]) -> pl.DataFrame:
    names = (
        "Cliënten met een SO-contact",
        "Cliënten met een zorgtraject",
        "Opnames ELV",
        "Opnames Wlz",
    )
    rows = []
    for volgorde, (stap, value) in enumerate(zip(names, (180.0, 60.0, 25.0, 30.0), strict=True)):
        suppressed = stap in hidden
        rows.append(
            {
                "stap": stap,
                "volgorde": volgorde,
                "value": value,  # planted: a suppressed step must not be drawn at it
                "lower_95": value * 0.8,
                "upper_95": value * 1.2,
                "label": "< 15" if suppressed else f"{int(value * 8)} · {value:.1f} per 1.000",
                "suppressed": suppressed,
            }
        )
    return pl.DataFrame(rows)


def test_stepped_care_bars_sit_on_their_step_and_a_suppressed_step_has_none():
    hidden = {"Opnames ELV"}
    svg = _svg(charts.stepped_care(_steps(hidden), titel="Getrapte zorg"))
    # 3 bars, 3 interval rules, 3 texts beside them, 1 text in the suppressed step's slot.
    assert assert_marks_on_their_labels(svg, "Y") == 10
    assert_no_mark_for(svg, hidden)
    _labels, marks = read_svg(svg)
    slot = [m for m in marks if hidden & set(m["fields"].values())]
    assert [(m["kind"], m["fields"]["Aantal en waarde"]) for m in slot] == [("text", "< 15")]
    assert "Onderdrukt, niet getekend: Opnames ELV" in svg


# --- The chart's title on screen ---------------------------------------------------------------

#: The width Streamlit gives a chart in the main column of a 1.400 px wide window (measured in
#: Chromium, tests/browser), and a narrower window's.
SCREEN_WIDTHS = (940, 640)


def screen_svg(chart, width: int) -> str:
    """The SVG of `chart` as Streamlit draws it on screen, by vl-convert: `Chart.screen()` with
    what `st.vega_lite_chart` adds — an autosize "fit" where the spec has none
    (streamlit/elements/vega_charts.py, `_prepare_vega_lite_spec`) — and what its front end
    adds: the container's `width`, the title's `limit` 40 px less, a padding of 20 px at the
    bottom only."""
    spec = chart.screen()
    spec["datasets"] = {name: rows(data) for name, data in spec["datasets"].items()}
    if "autosize" not in spec:
        kind = "fit-x" if "vconcat" in spec else "fit"
        spec["autosize"] = {"type": kind, "contains": "padding"}
    spec["width"] = width
    if isinstance(spec.get("title"), dict):
        spec["title"] = {"limit": max(width - 40, 0), **spec["title"]}
    spec["padding"] = {"bottom": 20, **(spec.get("padding") or {})}
    return vl_convert.vegalite_to_svg(spec)


def _only(svg: str, role: str, axis: str | None = None) -> ET.Element:
    """The SVG with only the text of one role drawn (`title` or, with `axis`, that axis's
    `axis-title`): every other item hidden."""
    root = ET.fromstring(svg)
    keep = set()

    def walk(node: ET.Element, inside: bool, in_axis: str | None) -> None:
        aria = node.get("aria-label", "")
        if "role-axis" in node.get("class", "").split() and aria[:6] in ("X-axis", "Y-axis"):
            in_axis = aria[0]
        classes = node.get("class", "").split()
        inside = inside or (f"role-{role}" in classes and (axis is None or in_axis == axis))
        if inside and node.tag == f"{SVG}text":
            keep.add(node)
        for child in node:
            walk(child, inside, in_axis)

    walk(root, False, None)
    for node in root.iter():
        drawing = node.tag in {f"{SVG}{t}" for t in ("text", "path", "line", "rect", "circle")}
        if drawing and node not in keep:
            node.set("visibility", "hidden")
    return root


def ink_box(svg: str, role: str, axis: str | None = None) -> tuple[int, int, int, int] | None:
    """The box (left, top, right, bottom; pixels at 2 × the SVG's size) of the ink of the text
    of `role` (see `_only`), as drawn: None when nothing of it is drawn."""
    use_embedded_fonts()
    png = vl_convert.svg_to_png(ET.tostring(_only(svg, role, axis), encoding="unicode"), scale=2)
    drawn = Image.open(io.BytesIO(png)).convert("RGBA")
    image = Image.new("RGBA", drawn.size, "white")
    image.alpha_composite(drawn)
    image = image.convert("L")
    ink = image.point(lambda level: 255 if level < 160 else 0)
    return ink.getbbox()


def title_origin(svg: str) -> tuple[float, float]:
    """Where Vega placed the chart's title (the top left of its text box) in the SVG."""
    for node, x, y in _walk_positions(ET.fromstring(svg)):
        if "role-title-text" in node.get("class", "").split():
            return x, y
    raise AssertionError("no title")


def _walk_positions(node: ET.Element, x: float = 0.0, y: float = 0.0):
    dx, dy = _translate(node)
    x, y = x + dx, y + dy
    yield node, x, y
    for child in node:
        yield from _walk_positions(child, x, y)


def assert_title_inside_and_clear(svg: str, name: str) -> None:
    """The chart's bold title starts inside the SVG (its text box at x ≥ 0, y ≥ 0), its ink is
    not cut off at the top or left, and it does not overlap the y axis's title."""
    x, y = title_origin(svg)
    assert x >= 0 and y >= 0, f"{name}: title placed at ({x:.1f}, {y:.1f}), outside the chart"
    title = ink_box(svg, "title")
    assert title is not None, f"{name}: title not drawn"
    assert title[0] > 0 and title[1] > 0, f"{name}: title cut off at the edge: {title}"
    y_title = ink_box(svg, "axis-title", "Y")
    if y_title is not None:
        apart = title[3] <= y_title[1] or y_title[3] <= title[1]
        apart = apart or title[2] <= y_title[0] or y_title[2] <= title[0]
        assert apart, f"{name}: title {title} overlaps the y-axis title {y_title}"


def _learning_curve_rows(quarters: int = 40) -> pl.DataFrame:
    """A koppel learning curve of `quarters` quarters, some suppressed (notes in the
    subtitle): the sample region's chart whose y-axis title ("Contacten per koppel per
    kwartaal") is longer than its plot is high on screen."""
    hidden = {3, 9, 17, 25, 33, 38}
    return pl.DataFrame(
        {
            "area_code": ["REGIO"] * quarters,
            "area_name": ["Regio"] * quarters,
            "kwartaal_sinds_start": list(range(quarters)),
            "n_koppels": [None if q in hidden else 8 for q in range(quarters)],
            "contacten_per_koppel": [None if q in hidden else 3.0 + q % 5 for q in range(quarters)],
            "clienten_per_koppel": [None if q in hidden else 2.0 + q % 3 for q in range(quarters)],
            "suppressed": [q in hidden for q in range(quarters)],
            "suppression_reason": [
                "te_weinig_koppels" if q in hidden else None for q in range(quarters)
            ],
            **{name: [value] * quarters for name, value in BUILD.items()},
        }
    )


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
def test_a_long_y_axis_title_leaves_the_chart_title_on_screen(width):
    """On screen Streamlit fits a chart to the page's width and the spec's height. Vega used
    to compute that fit once, at the plot's full height: the plot then shrank, a y-axis title
    longer than the shrunken plot (centred on it) stood out above it, and pushed the chart's
    title out of the top of the picture."""
    chart = charts.learning_curve(_learning_curve_rows())
    assert_title_inside_and_clear(screen_svg(chart, width), "learning_curve")


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
def test_every_chart_keeps_its_title_on_screen(published_db, width):
    with duckdb.connect(str(published_db), read_only=True) as con:
        built = _every_chart(con)
    # The tile's sparkline has no title: the tile around it carries the indicator's.
    titled = {name: chart for name, chart in built.items() if chart.spec.get("title")}
    assert set(built) - set(titled) == {"indicator_tile_sparkline"}
    for name, chart in titled.items():
        assert_title_inside_and_clear(screen_svg(chart, width), name)
