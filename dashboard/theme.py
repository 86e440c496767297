"""The one chart theme of the dashboard, used on screen and in every export.

Streamlit's own chart theme does not reach vl-convert, so the screen must not rely on it
either: every Vega-Lite spec goes through `finish()`, on screen (``st.vega_lite_chart(...,
theme=None)``) and before an export, so both look the same.

Colours are Okabe & Ito's colour-blind-safe palette (Okabe & Ito 2008, "Color Universal
Design"); they stay distinct in greyscale print because they differ in lightness too.
"""

from __future__ import annotations

import vl_convert

#: The Vega-Lite version the specs are written for.
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"

#: vl-convert embeds Liberation Sans; without the generic fallback a missing font makes all text
#: vanish silently from PNG exports.
FONT = '"Liberation Sans", Arial, sans-serif'

TEXT_COLOUR = "#222222"
GRID_COLOUR = "#E3E3E3"

#: Okabe–Ito, ordered so that the first series print well; yellow last (faint on white).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#F0E442",  # yellow
)

#: Fill per status (a comparison code, or 'onderdrukt'). Better/worse are green/vermillion, which
#: differ for every kind of colour blindness; higher/lower (no judgement) are blues as in
#: Fingertips; suppressed is the lightest grey so it never reads as a value.
COMPARISON_COLOURS = {
    "beter": "#009E73",
    "slechter": "#D55E00",
    "gelijk": "#F0E442",
    "hoger": "#0072B2",
    "lager": "#56B4E9",
    "niet_vergeleken": "#BBBBBB",
    "onderdrukt": "#EEEEEE",
}

#: Text drawn on top of a status fill: white on the dark fills, dark on the light ones.
COMPARISON_TEXT_COLOURS = {
    "beter": "#FFFFFF",
    "slechter": "#FFFFFF",
    "gelijk": TEXT_COLOUR,
    "hoger": "#FFFFFF",
    "lager": TEXT_COLOUR,
    "niet_vergeleken": TEXT_COLOUR,
    "onderdrukt": "#555555",
}

#: Outline of a suppressed cell or wijk, so it stays visible on white paper.
SUPPRESSED_STROKE = "#999999"

#: Sequential scheme for maps coloured by value; perceptually uniform and colour-blind safe.
SEQUENTIAL_SCHEME = "viridis"

BENCHMARK_COLOUR = "#444444"


#: The nl-NL number and time locale (decimal comma, thousands dot, Dutch months).
_LOCALE = {
    "number": vl_convert.get_format_locale("nl-NL"),
    "time": vl_convert.get_time_format_locale("nl-NL"),
}


def dutch_locale() -> dict:
    """Return the nl-NL number and time locale (decimal comma, thousands dot, Dutch months)."""
    return {"number": dict(_LOCALE["number"]), "time": dict(_LOCALE["time"])}


def theme_config() -> dict:
    """Return the theme: fonts, sizes, grid and the categorical palette."""
    return {
        "config": {
            "background": "#FFFFFF",
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 300},
            "title": {
                "font": FONT,
                "fontSize": 15,
                "fontWeight": "bold",
                "color": TEXT_COLOUR,
                "anchor": "start",
                "subtitleFontSize": 12,
                "subtitleColor": "#555555",
                "subtitleFont": FONT,
            },
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "labelColor": TEXT_COLOUR,
                "titleColor": TEXT_COLOUR,
                "gridColor": GRID_COLOUR,
                "domainColor": "#888888",
                "tickColor": "#888888",
                "labelLimit": 260,
            },
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "labelColor": TEXT_COLOUR,
                "titleColor": TEXT_COLOUR,
                "labelLimit": 260,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "text": {"font": FONT, "fontSize": 11, "color": TEXT_COLOUR},
            "range": {"category": list(PALETTE)},
            "line": {"strokeWidth": 2},
            "point": {"size": 50, "filled": True},
            "bar": {"color": PALETTE[0]},
        }
    }


#: How a single or layered view fills a box it is given (a slide's, a file's): exactly, titles
#: and legends included. Vega fits once by default (`resize: false`), from the first layout with
#: the plot at its full height; the plot then shrinks, and what stands out above it (a y-axis
#: title longer than the shrunken plot is high: it is centred on the plot) grows upward past
#: the top that first layout fixed, pushing the chart's title out of the picture. `resize`
#: lays the fit out again after the change.
FIT = {"type": "fit", "contains": "padding", "resize": True}
#: On screen: the page's width, and the chart's own height for its plot with the titles and
#: legends added below and above. Streamlit gives a chart the page's width and, unless the
#: spec names an autosize, "fit" at the spec's height (streamlit/elements/vega_charts.py): the
#: same squeeze as above, and worse, since Streamlit sends the data after the spec, so the
#: first layout has none. The Leercurve's "Contacten per koppel per kwartaal", the trend
#: lines and every chart with a few subtitle lines lost the top of their title. Fitting the
#: width only leaves nothing to squeeze; `resize` lays the chart out again once the data
#: have arrived.
SCREEN_FIT = {"type": "fit-x", "contains": "padding", "resize": True}


def finish(
    spec: dict, width: int | None = None, height: int | None = None, screen: bool = False
) -> dict:
    """Return the Vega-Lite `spec` (a chart's, without config) with the theme and the Dutch
    locale, ready to show or export; `spec` itself is left alone.

    A single or layered view fits the page's width with `screen` (SCREEN_FIT); with `width`
    and `height` the whole image is exactly that many pixels at 72 ppi, for slides (FIT);
    otherwise it keeps its own size. This refuses a size for concatenated charts with
    ValueError, because Vega-Lite can only fit a single or layered view.
    """
    config = theme_config()["config"]
    out = {"$schema": SCHEMA, **spec}
    fits = "mark" in spec or "layer" in spec
    if width is not None or height is not None:
        if not fits:
            kind = next((key for key in ("hconcat", "vconcat", "concat") if key in spec), "?")
            raise ValueError(
                "finish: een vaste breedte en hoogte kan alleen voor een enkelvoudige of "
                f"gelaagde grafiek, niet voor {kind}"
            )
        out.update({key: value for key, value in (("width", width), ("height", height)) if value})
        out["autosize"] = dict(FIT)
    elif fits and screen:
        out["autosize"] = dict(SCREEN_FIT)
    out["config"] = {**config, "locale": dutch_locale()}
    return out


#: The chosen area in a comparison (bars, funnel, map): a pale band behind its row and a black
#: outline on its mark, which no comparison colour uses and which survives greyscale print.
HIGHLIGHT_FILL = "#E8DDF0"
HIGHLIGHT_STROKE = "#000000"
HIGHLIGHT_STROKE_WIDTH = 2.5
