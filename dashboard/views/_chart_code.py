"""Start loading Streamlit's chart code in the browser when a page opens, not when its first
chart arrives.

Streamlit's frontend fetches the code that draws a Vega-Lite chart (its ``ArrowVegaLiteChart``
element and Vega with vega-embed, ≈ 0.8 MB) only when the first chart of a session is drawn, so
after a full page load the chart waits for that code (docs/benchmarks.md). The entry script
sends `preload_html` as its first element: a script that imports those modules of Streamlit's
own bundle (the same files, so the frontend later finds them loaded) while the script run
computes the page. Nothing of Streamlit's bundle is changed. The file names carry a hash that
changes with each Streamlit release, so they are looked up in the installed package.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit

#: Where Streamlit's frontend keeps its JavaScript chunks (served at ./static/js/).
STATIC_JS = Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"

#: The chunks a first chart needs, by the name before their hash: the chart element, Vega with
#: vega-embed, and Vega's expression interpreter (Streamlit draws without eval).
CHART_CHUNKS = ("ArrowVegaLiteChart", "embed", "vega-interpreter")

#: The attribute that marks the preload script; its element container is hidden (no gap).
MARKER = "data-chart-code-preload"

#: Hides the element that holds the script: it shows nothing, and an empty element would still
#: take a gap at the top of the page.
HIDE_STYLE = (
    f'<style>[data-testid="stElementContainer"]:has(script[{MARKER}]) {{ display: none; }}</style>'
)


def chunk_files(static_js: Path = STATIC_JS) -> tuple[str, ...]:
    """The file names of `CHART_CHUNKS` in this Streamlit's bundle; empty when any one is
    missing or ambiguous (another Streamlit version: then nothing is preloaded)."""
    names = []
    for chunk in CHART_CHUNKS:
        found = sorted(p.name for p in static_js.glob(f"{chunk}.*.js"))
        if len(found) != 1:
            return ()
        names.append(found[0])
    return tuple(names)


@functools.cache
def preload_html() -> str | None:
    """The HTML (run as JavaScript: st.html(..., unsafe_allow_javascript=True)) that imports
    the chart chunks, resolved against the URL of Streamlit's own entry module, so a base URL
    path is honoured; None when the chunks are not found."""
    files = chunk_files()
    if not files:
        return None
    # The script hides its own element: it shows nothing, and an empty element would still
    # take a gap at the top of the page. (A CSS :has() rule would do the same, but made every
    # change of a long page slower to style.)
    return (
        f"<script {MARKER}>(() => {{"
        "const own = document.currentScript"
        " && document.currentScript.closest('[data-testid=\"stElementContainer\"]');"
        "if (own) { own.style.display = 'none'; }"
        'const entry = document.querySelector(\'script[type="module"][src*="/static/js/"]\');'
        "if (!entry) { return; }"
        f"for (const file of {json.dumps(list(files))}) {{"
        "import(new URL(file, entry.src).href).catch(() => {});"
        "}"
        "})();</script>"
    )
