"""The browser benchmark (benchmarks/browser_latency.py): its two measures of navigation on the
sample app, the area it gives pages that need one, the report's two columns, and the map of all
wijken (benchmarks/map_draw.py): found, timed and weighed."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import duckdb
import pytest

from benchmarks import browser_latency, map_draw, report, ui_common


def test_first_wijk_params_choose_the_first_wijk_as_the_sidebar_labels_it(browser_db):
    con = duckdb.connect(str(browser_db), read_only=True)
    try:
        wijk, resv = con.execute(
            "select w.area_name || ', ' || g.area_name, r.area_name from areas w join areas r "
            "on r.area_code = w.resv_code and r.area_level = 'resv' "
            "join areas g on g.area_code = w.gemeente_code "
            "where w.area_level = 'wijk' order by w.area_code limit 1"
        ).fetchone()
    finally:
        con.close()
    params = ui_common.first_wijk_params(browser_db)
    assert params["resv"] == resv
    # The sidebar names a wijk with its gemeente (the sample's names repeat across gemeenten).
    assert params["wijk"] == wijk


def _page_row(**browser: object) -> str:
    results = {"dashboard": {}, "browser": {"status": "measured", "pages": {"trends": browser}}}
    return next(line for line in report._dashboard_lines(results) if line.startswith("| trends"))


def test_report_shows_page_load_returning_visit_and_in_app_navigation_side_by_side():
    row = _page_row(first_chart_seconds=2.5, returning_seconds=1.25, in_app_seconds=0.75)
    assert row == "| trends | – | – | 2.50 | 1.25 | 0.75 |"
    assert _page_row(first_chart_seconds=None, note="no chart shown") == (
        "| trends | – | – | no chart shown | no chart shown | no chart shown |"
    )


def test_the_returning_visitors_worst_page_is_a_target_of_its_own():
    pages = {
        "trends": {"first_chart_seconds": 2.4, "returning_seconds": 1.5},
        "koppels": {"first_chart_seconds": 3.1, "returning_seconds": 2.2},
        "indicatoren": {"first_chart_seconds": None, "note": "no chart shown"},
    }
    values = report.measured_values(
        {"scales": [], "browser": {"status": "measured", "pages": pages}}
    )
    assert values["first_chart_seconds_worst_page"] == 3.1
    assert values["first_chart_seconds_returning_worst_page"] == 2.2


@pytest.mark.browser
def test_page_load_and_in_app_navigation_reach_a_chart(chromium, app_url, browser_db):
    assert browser_latency._visit(chromium, f"{app_url}/trends") > 0
    assert all(t > 0 for t in browser_latency._returning(chromium, f"{app_url}/trends", 2))
    assert all(t > 0 for t in browser_latency._in_app(chromium, app_url, "trends", "", 2))


@pytest.mark.browser
def test_wijkprofiel_is_measured_with_the_area_the_benchmark_gives_it(
    chromium, app_url, browser_db
):
    # Without an area the page asks for one and draws only the regio's population pyramid;
    # the benchmark measures what a coordinator opens: the profile of a wijk.
    assert "wijkprofiel" in browser_latency.AREA_PAGES
    query = f"?{urlencode(ui_common.first_wijk_params(browser_db))}"
    assert browser_latency._visit(chromium, f"{app_url}/wijkprofiel{query}") > 0
    (in_app,) = browser_latency._in_app(chromium, app_url, "wijkprofiel", query, 1)
    assert in_app > 0


def test_message_kind_names_a_chart_delta_and_the_end_of_a_run():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    chart = ForwardMsg()
    chart.delta.new_element.vega_lite_chart.spec = "{}"
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    text = ForwardMsg()
    text.delta.new_element.markdown.body = "tekst"
    kinds = [browser_latency.message_kind(m.SerializeToString()) for m in (chart, finished, text)]
    assert kinds == ["chart", "script_finished", "delta"]


@pytest.mark.browser
def test_a_page_load_is_taken_apart_in_the_order_it_happens(chromium, app_url):
    loads: list[dict] = []
    seconds = browser_latency._visit(chromium, f"{app_url}/trends", loads)
    (phases,) = loads
    assert set(phases) == set(browser_latency.PHASES)
    assert all(phases[name] is not None for name in browser_latency.PHASES), phases
    in_order = [
        phases[name]
        for name in (
            "html",
            "websocket_open",
            "run_started",
            "chart_delta",
            "chart_element",
            "chart_drawn",
        )
    ]
    assert in_order == sorted(in_order), phases
    # Streamlit's own scripts load after the HTML and before the chart is drawn; the run may
    # finish before or after the chart is drawn.
    assert phases["html"] <= phases["scripts_loaded"] <= phases["chart_drawn"]
    assert phases["run_started"] <= phases["run_finished"]
    # The chart is drawn with Vega's code, within the time the benchmark measured.
    assert phases["vega_code_loaded"] <= phases["chart_drawn"] <= seconds * 1000
    assert browser_latency.median_phases(loads + loads) == phases


def _chart_frame(spec: dict) -> bytes:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.delta.new_element.vega_lite_chart.spec = json.dumps(spec)
    return message.SerializeToString()


def test_the_map_delta_is_the_chart_with_geoshapes_weighed_as_sent():
    features = [{"type": "Feature", "geometry": None, "properties": {}} for _ in range(3)]
    spec = {
        "layer": [
            {"data": {"name": "k-wijken"}, "mark": {"type": "geoshape"}},
            {"data": {"name": "k-labels"}, "mark": "text"},
        ],
        "datasets": {"k-wijken": features},
    }
    frame = _chart_frame(spec)
    assert map_draw.map_delta(frame) == {"bytes": len(frame), "wijken": 3}
    assert browser_latency.message_kind(frame) == "chart"
    # A mark given by its name alone; the features sent as Arrow are not counted.
    bare = _chart_frame({"layer": [{"data": {"name": "k-wijken"}, "mark": "geoshape"}]})
    assert map_draw.map_delta(bare) == {"bytes": len(bare), "wijken": None}
    bars = _chart_frame({"mark": "bar", "layer": [{"mark": {"type": "rule"}}]})
    assert map_draw.map_delta(bars) is None
    assert map_draw.map_delta("text frame") is None


def test_vega_draws_the_map_from_its_element_or_from_its_code_when_that_comes_later():
    delta = {"bytes": 1000, "wijken": 31}
    drawn = {"element": 2000.0, "drawn": 2600.0, "wijken": 31}
    late_code = map_draw.map_load(drawn, 2400.0, 1500.0, delta)
    assert late_code["drawn_seconds"] == 2.6
    assert late_code["draw_seconds"] == 0.2
    assert late_code["element_to_drawn_seconds"] == 0.6
    early_code = map_draw.map_load(drawn, 1800.0, 1500.0, delta)
    assert early_code["draw_seconds"] == 0.6
    assert (
        map_draw.summary("?q", early_code, [late_code, early_code, early_code])["draw_seconds"]
        == 0.6
    )


def test_map_query_opens_vergelijken_at_wijk_level_for_the_whole_regio():
    assert map_draw.MAP_PAGE == "vergelijken"
    # The label the sidebar writes for the level; no RESV, gemeente or wijk: the whole regio.
    assert map_draw.map_query() == "?niveau=Wijken"


def test_report_says_how_big_the_map_is_and_how_fast_it_is_drawn():
    drawn = {"element": 2000.0, "drawn": 2600.0, "wijken": 31}
    load = map_draw.map_load(drawn, 1000.0, 1500.0, {"bytes": 68587, "wijken": 31})
    found = map_draw.summary("?niveau=Wijken", load, [load])
    assert report.map_line(found, 1.0) == (
        "Map (scale 1, Vergelijken `?niveau=Wijken`, the whole regio, 31 wijken drawn, median "
        "of 1 page loads): 68,587 bytes in its websocket delta; drawn 2.60 s after navigation, "
        "Vega's drawing 0.60 s (from its element 0.60 s); first visit 2.60 s."
    )
    # A first visit that drew no map in time (a cold server) leaves the loads after it.
    cold = report.map_line(map_draw.summary("?niveau=Wijken", None, [load]), 1.0)
    assert cold.endswith("Vega's drawing 0.60 s (from its element 0.60 s); first visit –.")
    assert report.map_line(map_draw.summary("?niveau=Wijken", None, []), 70.0) == (
        "Map (scale 70, Vergelijken `?niveau=Wijken`, the whole regio): no map drawn."
    )


@pytest.mark.browser
def test_the_map_of_all_wijken_is_found_drawn_and_weighed(chromium, app_url, browser_db):
    con = duckdb.connect(str(browser_db), read_only=True)
    try:
        wijken, geometry_bytes = con.execute(
            "select count(geometry), sum(strlen(geometry)) from areas where area_level = 'wijk'"
        ).fetchone()
    finally:
        con.close()
    found = browser_latency._measure_map(chromium, app_url, 2)
    assert found["query"] == map_draw.map_query()
    assert len(found["runs"]) == 2
    # Every wijk of the regio is sent and drawn: the element timed is the map's.
    assert found["wijken_sent"] == found["wijken_drawn"] == wijken > 1
    # Its delta carries every wijk's outline (as JSON, so more than the published text).
    assert found["delta_bytes"] > geometry_bytes
    assert 0 < found["draw_seconds"] <= found["element_to_drawn_seconds"] < found["drawn_seconds"]
    for run in found["runs"]:
        assert run["delta_ms"] < run["element_ms"] < run["drawn_ms"], run
        assert run["vega_code_loaded_ms"] < run["drawn_ms"], run
    assert found["first_visit_seconds"] > 0
