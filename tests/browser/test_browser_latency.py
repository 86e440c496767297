"""The browser benchmark (benchmarks/browser_latency.py): its two measures of navigation on the
sample app, the area it gives pages that need one, and the report's two columns."""

from __future__ import annotations

from urllib.parse import urlencode

import duckdb
import pytest

from benchmarks import browser_latency, report, ui_common


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


def test_report_shows_page_load_and_in_app_navigation_side_by_side():
    assert _page_row(first_chart_seconds=2.5, in_app_seconds=0.75) == (
        "| trends | – | – | 2.50 | 0.75 |"
    )
    assert _page_row(first_chart_seconds=None, note="no chart shown") == (
        "| trends | – | – | no chart shown | no chart shown |"
    )


@pytest.mark.browser
def test_page_load_and_in_app_navigation_reach_a_chart(chromium, app_url, browser_db):
    assert browser_latency._visit(chromium, f"{app_url}/trends") > 0
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
