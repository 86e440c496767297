"""Time from navigation to a rendered chart, per page, in headless Chromium (Playwright).

Starts the app with ``streamlit run`` on a free port against ``--db``, waits for
``/_stcore/health``, then per page: the first visit (cold server caches) and ``--repeats``
visits in fresh browser pages (new sessions), each timed from ``goto`` to the first visible
Vega chart. A page that shows no chart within NO_CHART_TIMEOUT is reported without a time.
"""

from __future__ import annotations

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from benchmarks import ui_common
from benchmarks.load_test import CHROMIUM, CHROMIUM_ARGS, running_app

#: Vega draws a chart into an element with class "marks" (svg or canvas); the embed's own
#: action icon is an svg too, so a bare ".vega-embed svg" would match before any chart.
CHART = ".vega-embed .marks"
NO_CHART_TIMEOUT_MS = 20_000


def _visit(browser, url: str) -> float | None:
    """Return seconds from navigation to the first visible chart, None without a chart."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(CHART).first.wait_for(state="visible", timeout=NO_CHART_TIMEOUT_MS)
        return time.perf_counter() - started
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def main() -> None:
    args = ui_common.parse_args(__doc__.splitlines()[0])
    result = {"status": "measured", "method": "playwright + chromium, goto → visible chart"}
    pages = {}
    log = args.json.with_suffix(".server.log")
    with running_app(args.db.resolve(), log) as server, sync_playwright() as p:
        base = server.url
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            for page in ui_common.pages():
                url = f"{base}/{page}"
                first = _visit(browser, url)
                if first is None:
                    pages[page] = {"first_chart_seconds": None, "note": "no chart shown"}
                    continue
                warm = [_visit(browser, url) for _ in range(args.repeats)]
                seconds = [s for s in warm if s is not None]
                pages[page] = {
                    "first_visit_seconds": round(first, 3),
                    "first_chart_seconds": round(ui_common.median_ms(seconds) / 1000, 3)
                    if seconds
                    else None,
                    "runs_seconds": [None if s is None else round(s, 3) for s in warm],
                }
        finally:
            browser.close()
    result["pages"] = pages
    ui_common.write(args.json, result)


if __name__ == "__main__":
    main()
