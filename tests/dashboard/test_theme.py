"""The dashboard's Altair theme, locale and finish() (dashboard/theme.py)."""

import io
import re

import altair as alt
import polars as pl
import pytest
import vl_convert
from PIL import Image

from dashboard import theme


def _bar_chart() -> alt.Chart:
    frame = pl.DataFrame({"wijk": ["Centrum", "Noord"], "waarde": [1234.5, 2000.0]})
    return (
        alt.Chart(frame, title="Titel van de grafiek")
        .mark_bar()
        .encode(
            x=alt.X("waarde:Q", axis=alt.Axis(format=",.1f"), title="Waarde"),
            y=alt.Y("wijk:N", title="Wijk"),
        )
    )


def _dark_pixels(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(1 for pixel in image.get_flattened_data() if pixel < 128)


def test_theme_is_registered_and_enabled():
    assert theme.THEME_NAME in alt.theme.names()
    assert alt.theme.active == theme.THEME_NAME


def test_font_has_quoted_family_and_generic_fallback():
    assert theme.FONT == '"Liberation Sans", Arial, sans-serif'
    config = theme.theme_config()["config"]
    assert config["font"] == theme.FONT
    assert config["axis"]["labelFont"] == theme.FONT
    assert config["range"]["category"] == list(theme.PALETTE)


def test_comparison_colours_cover_every_status():
    expected = {"beter", "slechter", "gelijk", "hoger", "lager", "niet_vergeleken", "onderdrukt"}
    assert set(theme.COMPARISON_COLOURS) == expected
    assert set(theme.COMPARISON_TEXT_COLOURS) == expected
    assert len(set(theme.COMPARISON_COLOURS.values())) == len(expected)


def test_dutch_locale():
    locale = theme.dutch_locale().to_dict()
    assert locale["number"]["decimal"] == ","
    assert locale["number"]["thousands"] == "."
    assert locale["time"]["months"][2] == "maart"


def test_finish_sets_locale_and_theme_config():
    spec = theme.finish(_bar_chart()).to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["background"] == "#FFFFFF"
    assert "autosize" not in spec["config"]


def test_svg_shows_dutch_numbers_and_text():
    svg = vl_convert.vegalite_to_svg(theme.finish(_bar_chart()).to_dict())
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "1.000,0" in texts
    assert "2.000,0" in texts
    assert "Titel van de grafiek" in texts
    assert "Centrum" in texts


def test_png_text_does_not_vanish():
    frame = pl.DataFrame({"t": ["Bereik 1.234,5"]})
    text_only = alt.Chart(frame).mark_text(fontSize=20).encode(text="t:N")
    png = vl_convert.vegalite_to_png(theme.finish(text_only, 200, 50).to_dict(), ppi=72)
    # With a font vl-convert lacks and no generic fallback this count is 0.
    assert _dark_pixels(png) > 100


@pytest.mark.parametrize(("width", "height", "ppi"), [(400, 300, 72), (400, 300, 144)])
def test_png_has_exact_size_for_width_height_and_ppi(width, height, ppi):
    spec = theme.finish(_bar_chart(), width=width, height=height).to_dict()
    png = vl_convert.vegalite_to_png(spec, ppi=ppi)
    assert Image.open(io.BytesIO(png)).size == (width * ppi // 72, height * ppi // 72)


def test_finish_refuses_a_fixed_size_for_concatenated_charts():
    both = alt.hconcat(_bar_chart(), _bar_chart())
    with pytest.raises(ValueError, match="niet voor HConcatChart"):
        theme.finish(both, width=400, height=300)
    assert theme.finish(both).to_dict()["config"]["locale"]["number"]["thousands"] == "."
