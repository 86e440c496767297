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
