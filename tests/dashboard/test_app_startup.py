"""What makes a full page load's script run short: the scripts need no "magic", and the objects
alive after the first run are left out of garbage collection (docs/benchmarks.md, "first chart
after a full page load")."""

from __future__ import annotations

import ast
import gc
import tomllib

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, REPO_ROOT, TIMEOUT

VIEWS = REPO_ROOT / "dashboard" / "views"


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
