"""PNG and SVG of a chart, looking exactly like the screen (same theme, colours, Dutch locale).

Every image is a 16:9 canvas of 960 × 540 points (13,333 × 7,5 inch, a whole slide): the
chart's own title is replaced by the export's title, with the selection and the chart's own
notes (interval, suppressed areas) as subtitle lines, and the footnote (source, build date,
synthetic data, suppression rule) is drawn below it. PNGs are written at 144 ppi, so 1920 × 1080
pixels. Charts are rendered by vl-convert from `Chart.export()`: the spec finished by
`dashboard.theme.finish`, the same call the screen makes, with its data inline.

Pass the chart as the builder in `dashboard.charts` returned it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import vl_convert

from dashboard import theme
from dashboard.charts.spec import Chart
from dashboard.export.fonts import use_embedded_fonts
from dashboard.export.meta import ExportMeta, wrap_lines

#: The canvas of a standalone image, in points (1/72 inch): a full 16:9 slide.
CANVAS_WIDTH = 960
CANVAS_HEIGHT = 540
#: PNG resolution; 144 ppi makes text sharp on a projector and in print.
PPI = 144

_SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

_MARGIN = 18
_FOOTNOTE_SIZE = 8.5
_FOOTNOTE_LEADING = 11
#: Liberation Sans averages about half an em per character; wrap a little earlier to be safe.
_CHARACTER_WIDTH = 0.47


def chart_notes(chart: Chart) -> list[str]:
    """Return the subtitle lines of the chart's own title (its notes), or [] when it has none."""
    return chart.notes


def retitle(chart: Chart, titel: str | None, subtitle: list[str]) -> Chart:
    """Return `chart` with its title replaced: `titel` with `subtitle` lines, or — without a
    title — the subtitle lines alone, drawn small (the slide shows the title itself)."""
    lines = [line for line in subtitle if line]
    if titel:
        return chart.with_title({"text": titel, "subtitle": lines} if lines else {"text": titel})
    if not lines:
        return chart.with_title({"text": ""})
    small = {"text": lines[0], "color": "#555555", "fontSize": 12, "fontWeight": "normal"}
    if lines[1:]:
        small["subtitle"] = lines[1:]
    return chart.with_title(small)


def fitted_svg(chart: Chart, width: int, height: int) -> ET.Element:
    """Return the finished chart as an <svg> element of exactly `width` × `height` points.

    A single or layered chart is laid out by Vega-Lite to fill the size; a concatenated chart
    keeps its own layout and is scaled to fit, centred, on a white canvas.
    """
    use_embedded_fonts()
    spec = chart.export(width, height) if chart.fits else chart.export()
    root = ET.fromstring(vl_convert.vegalite_to_svg(spec))
    root.set("x", "0")
    root.set("y", "0")
    root.set("width", str(width))
    root.set("height", str(height))
    root.set("preserveAspectRatio", "xMidYMid meet")
    return root


def _text(parent: ET.Element, x: float, y: float, text: str, size: float, colour: str) -> None:
    element = ET.SubElement(
        parent,
        f"{{{_SVG_NS}}}text",
        {
            "x": f"{x:g}",
            "y": f"{y:g}",
            "font-family": theme.FONT,
            "font-size": f"{size:g}",
            "fill": colour,
        },
    )
    element.text = text


def export_svg(chart: Chart, meta: ExportMeta) -> str:
    """Return the chart as a standalone 16:9 SVG (960 × 540 points) with title, subtitle
    (selection and the chart's notes) and footnote. Refuses nothing: a chart the builders made
    always renders; vl-convert errors (a broken spec) propagate as ValueError."""
    chars = int((CANVAS_WIDTH - 2 * _MARGIN) / (_FOOTNOTE_SIZE * _CHARACTER_WIDTH))
    footnote = wrap_lines(meta.voetnoot_regels, chars)
    footer_height = len(footnote) * _FOOTNOTE_LEADING + 10
    chart_height = CANVAS_HEIGHT - _MARGIN - footer_height - 6
    titled = retitle(chart, meta.titel, [meta.ondertitel, *chart_notes(chart)])
    inner = fitted_svg(titled, CANVAS_WIDTH - 2 * _MARGIN, chart_height)
    inner.set("x", str(_MARGIN))
    inner.set("y", str(_MARGIN))
    # A nested <svg> clips to its viewport by default, and resvg draws such a clip through
    # canvas-sized layers: rasterising at 1920 × 1080 took 3–3.5 times as long. Vega draws
    # inside its own viewport (autosize "fit", or the scaled viewBox): nothing to clip.
    inner.set("overflow", "visible")
    canvas = ET.Element(
        f"{{{_SVG_NS}}}svg",
        {
            "version": "1.1",
            "width": str(CANVAS_WIDTH),
            "height": str(CANVAS_HEIGHT),
            "viewBox": f"0 0 {CANVAS_WIDTH} {CANVAS_HEIGHT}",
        },
    )
    ET.SubElement(
        canvas,
        f"{{{_SVG_NS}}}rect",
        {"width": str(CANVAS_WIDTH), "height": str(CANVAS_HEIGHT), "fill": "#FFFFFF"},
    )
    canvas.append(inner)
    top = CANVAS_HEIGHT - footer_height + _FOOTNOTE_LEADING
    for number, line in enumerate(footnote):
        _text(canvas, _MARGIN, top + number * _FOOTNOTE_LEADING, line, _FOOTNOTE_SIZE, "#555555")
    return ET.tostring(canvas, encoding="unicode")


def canvas_png(svg: str, ppi: int = PPI) -> bytes:
    """Return the canvas `export_svg` made as a PNG at `ppi`: a caller that writes both files
    lays the chart out once (Vega-Lite compile and Vega layout) and rasterises that SVG."""
    use_embedded_fonts()
    return vl_convert.svg_to_png(svg, scale=1.0, ppi=ppi)


def export_png(chart: Chart, meta: ExportMeta, ppi: int = PPI) -> bytes:
    """Return the chart as a 16:9 PNG of 960 × 540 points at `ppi` (1920 × 1080 pixels at the
    default 144 ppi), identical in content to `export_svg`."""
    return canvas_png(export_svg(chart, meta), ppi)


def slide_png(chart: Chart, width: int, height: int, ppi: int = PPI) -> bytes:
    """Return the chart alone (the slide carries title and footnote) as a PNG of `width` ×
    `height` points at `ppi`; its notes stay above it as small text."""
    untitled = retitle(chart, None, chart_notes(chart))
    svg = ET.tostring(fitted_svg(untitled, width, height), encoding="unicode")
    return vl_convert.svg_to_png(svg, scale=1.0, ppi=ppi)
