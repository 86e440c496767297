"""What a page load does before its first chart: the chart code is asked for first, the scripts
need no "magic", and the objects alive after the first run are left out of garbage collection
(docs/benchmarks.md, "first chart after a full page load")."""

from __future__ import annotations

import ast
import gc
import re
import tomllib

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.views import _chart_code
from tests.dashboard.conftest import APP, REPO_ROOT, TIMEOUT

VIEWS = REPO_ROOT / "dashboard" / "views"


def _only(pattern: str) -> str:
    (path,) = _chart_code.STATIC_JS.glob(pattern)
    return path.read_text(encoding="utf-8")


def _entry_module() -> str:
    """Streamlit's entry module, as its index.html names it."""
    index = (_chart_code.STATIC_JS.parent.parent / "index.html").read_text(encoding="utf-8")
    (name,) = re.findall(r'<script type="module"[^>]* src="\./static/js/([^"]+)"', index)
    return (_chart_code.STATIC_JS / name).read_text(encoding="utf-8")


def test_the_preloaded_chunks_are_the_ones_streamlit_loads_for_a_chart():
    element, embed, interpreter = _chart_code.chunk_files()
    # Streamlit's entry module loads the chart element lazily, and the element loads Vega with
    # vega-embed and the interpreter through loadVegaEmbed: the same files, so the frontend
    # finds them loaded.
    assert f"./{element}" in _entry_module()
    vega_loader = _only("loadVegaEmbed.*.js")
    assert f"./{embed}" in vega_loader
    assert f"./{interpreter}" in vega_loader


def test_without_the_chunks_nothing_is_preloaded(tmp_path):
    (tmp_path / "ArrowVegaLiteChart.abc.js").write_text("")
    (tmp_path / "embed.abc.js").write_text("")
    assert _chart_code.chunk_files(tmp_path) == ()
    (tmp_path / "vega-interpreter.abc.js").write_text("")
    assert _chart_code.chunk_files(tmp_path) == (
        "ArrowVegaLiteChart.abc.js",
        "embed.abc.js",
        "vega-interpreter.abc.js",
    )


def test_every_page_load_asks_for_the_chart_code_before_anything_else(open_page):
    at = open_page("trends")
    first = at.get("html")[0].proto
    assert first.unsafe_allow_javascript
    assert first.body == _chart_code.preload_html()
    for name in _chart_code.chunk_files():
        assert name in first.body
    # Sent before the page's own elements: the title and the chart come after it.
    assert at.title[0].value == "Trends"
    assert at.get("vega_lite_chart")


def test_the_scripts_streamlit_runs_need_no_magic():
    with open(REPO_ROOT / ".streamlit" / "config.toml", "rb") as file:
        config = tomllib.load(file)
    assert config["runner"]["magicEnabled"] is False
    # Magic would write a bare expression that is neither a call nor a docstring to the page;
    # with magic off it would silently show nothing.
    for script in [APP, *sorted(VIEWS.glob("*.py"))]:
        tree = ast.parse(script.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Expr) or isinstance(node.value, ast.Call):
                continue
            value = node.value
            assert isinstance(value, ast.Constant) and isinstance(value.value, str), (
                f"{script.name}:{node.lineno} relies on Streamlit's magic"
            )


def test_after_the_first_run_the_objects_alive_are_left_out_of_collection(
    published_db, monkeypatch
):
    monkeypatch.setenv("DASHBOARD_DB", str(published_db))
    gc.unfreeze()
    # Once per process: forget that an earlier test's run already froze them.
    st.cache_resource.clear()
    try:
        assert gc.get_freeze_count() == 0
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.run()
        assert not at.exception
        frozen = gc.get_freeze_count()
        assert frozen > 10_000
        at.run()
        # Not again on later runs (frozen objects that are freed leave the count).
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
