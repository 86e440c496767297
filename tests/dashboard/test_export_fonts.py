"""vl-convert draws the exports with its embedded Liberation Sans only (dashboard/export/fonts.py).

vl-convert builds its font database once per process, so each check runs in a fresh Python
process: in this one an earlier test may already have built it with the system fonts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Draws each character of stdin (a JSON list) alone and prints those drawn as the font's
#: missing-glyph box, found by comparison with a private-use character no font here has.
_GLYPH_PROBE = """
import io, json, sys
from xml.sax.saxutils import escape
from PIL import Image
import vl_convert
from dashboard.export.fonts import use_embedded_fonts

use_embedded_fonts()

def pixels(text, family='"Liberation Sans", Arial, sans-serif'):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48">'
        '<rect width="48" height="48" fill="#FFFFFF"/>'
        f"<text x=\\"8\\" y=\\"36\\" font-size=\\"32\\" font-family='{family}'>"
        f"{escape(text)}</text></svg>"
    )
    return Image.open(io.BytesIO(vl_convert.svg_to_png(svg))).convert("L").tobytes()

box = pixels("\\ue000")
request = json.load(sys.stdin)
print(json.dumps({
    "missing": [c for c in request["chars"] if pixels(c) == box],
    "blank": [f for f in request["families"] if min(pixels("a", f)) > 128],
    "fontconfig_file": __import__("os").environ.get("FONTCONFIG_FILE"),
}))
"""


def probe(chars: list[str], families: tuple[str, ...] = (), env: dict | None = None) -> dict:
    """Run the glyph probe in a fresh process; return missing chars and blank families."""
    done = subprocess.run(
        [sys.executable, "-c", _GLYPH_PROBE],
        input=json.dumps({"chars": chars, "families": list(families)}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def missing_glyphs(texts) -> list[str]:
    """The characters of `texts` that the exports would draw as a missing-glyph box."""
    chars = sorted({char for text in texts for char in text if not char.isspace()})
    return probe(chars)["missing"]


def test_probe_recognises_a_missing_glyph_and_accepts_letters():
    # Liberation Sans has no star; the Dutch letters, the euro and the typography it has.
    assert missing_glyphs(["Aé€ “·–≥” ★"]) == ["★"]


@pytest.mark.skipif(
    not list(Path("/usr/share/fonts").rglob("DejaVuSans.ttf")),
    reason="needs a system font vl-convert does not embed (DejaVu Sans)",
)
def test_system_fonts_stay_out_of_vl_converts_database():
    # Named alone, a font vl-convert lacks draws nothing; the theme's own list still draws.
    result = probe([], families=("DejaVu Sans", '"Liberation Sans", Arial, sans-serif'))
    assert result["blank"] == ["DejaVu Sans"]


def test_fontconfig_variable_is_restored(tmp_path):
    own = str(tmp_path / "fonts.conf")
    assert probe([], env={"FONTCONFIG_FILE": own})["fontconfig_file"] == own
    without = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; from dashboard.export.fonts import use_embedded_fonts; "
            "use_embedded_fonts(); print(os.environ.get('FONTCONFIG_FILE'))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=without,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"
