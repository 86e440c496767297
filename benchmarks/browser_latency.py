"""Time from navigation to a rendered chart, per page, in headless Chromium (Playwright).

Starts the app with ``streamlit run`` on a free port against ``--db``, waits for
``/_stcore/health``, then measures two kinds of navigation per page, each up to the first
visible Vega chart:

- ``first_chart_seconds``, a full page load: ``goto`` the page's URL in a fresh browser page (a
  new session). Streamlit's frontend starts, opens its websocket, the script runs, the chart
  code is loaded and the chart drawn. The first visit (cold server caches) is reported apart,
  then the median of ``--repeats`` visits. The target (first chart < 2 s) is checked on this.
- ``returning_seconds``, a full page load by a returning visitor: as above, but every load is
  a new page (a new session) in one browser context that has opened the page before, so
  Streamlit's files come from the browser's cache (it marks its fingerprinted bundles
  ``immutable``), as for a board member who opened the dashboard last month; median of
  ``--repeats`` loads after one that fills the cache.
- ``in_app_seconds``, what a user does between pages: in one session per page the app is open
  on its default page with the page's URL parameters; ``--repeats`` times the user goes to a
  page without charts (NEUTRAL) and then clicks the page in the sidebar, timed from the click.

Every full page load is also taken apart (``phases_ms``, medians over the repeats, in ms from
navigation start on the browser's clock): the HTML, Streamlit's JavaScript loaded, the websocket
open, the script run started (``new_session``), the first chart's delta received, Vega's code
(the lazily loaded chart chunks) loaded, the chart's element in the page, its marks drawn and
the run finished. See ``PHASES`` and docs/benchmarks.md ("first chart after a full page load").

The national map (``map``; ``--map-only`` measures nothing else): Vergelijken at wijk level over
the whole regio (`benchmarks.map_draw`), a first, cold visit, then ``--repeats`` full page
loads; per load the seconds from navigation until the map's shapes are drawn, Vega's own work
on it (from its element, or Vega's code when that came later, to its shapes drawn), the bytes
of the websocket frame that carries its Vega-Lite chart and the wijken sent and drawn; medians
over the loads.

Pages that show their charts only for a chosen area (AREA_PAGES: Wijkprofiel, which without
one asks for it and draws only the regio's population pyramid) get the first wijk of the
database and its RESV in the URL. A page that shows no chart within NO_CHART_TIMEOUT is
reported without a time.
"""

from __future__ import annotations

import importlib
import statistics
import time
from urllib.parse import urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import map_draw, ui_common
from benchmarks.load_test import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DRAWN_JS,
    FRAMES_HANDLED_JS,
    VIEWPORT,
    RunWatch,
    running_app,
)

#: Vega draws a chart into an element with class "marks" (svg or canvas); the embed's own
#: action icon is an svg too, so a bare ".vega-embed svg" would match before any chart.
CHART = ".vega-embed .marks"
NO_CHART_TIMEOUT_MS = 20_000
#: Pages that show their charts only for a chosen area (by design).
AREA_PAGES = ("wijkprofiel",)
#: The page the in-app measure leaves from: it has no chart, so any chart after the click
#: belongs to the page clicked.
NEUTRAL = "over_de_data"
NO_CHARTS_JS = f"() => document.querySelectorAll('{CHART}').length === 0"
RUN_FINISHED_JS = (
    "() => document.querySelector('[data-testid=\"stApp\"]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)
#: The national map's delta is megabytes and its thousands of shapes take seconds to draw on
#: a loaded machine: it gets longer than a page's first chart.
MAP_TIMEOUT_MS = 60_000


#: Installed before a page loads: the times (performance.now(), ms from navigation start) when
#: the app's websocket was created and opened and each of its messages arrived, and when the
#: first chart element and the first drawn marks appeared in the page.
PHASES_JS = """(() => {
  const t = window.__phases = {messages: [], chartElement: null, marks: null};
  const Native = window.WebSocket;
  const Timed = function (...args) {
    const socket = new Native(...args);
    t.websocketCreated = performance.now();
    socket.addEventListener('open', () => { t.websocketOpen = performance.now(); });
    socket.addEventListener('message', () => { t.messages.push(performance.now()); });
    return socket;
  };
  Timed.prototype = Native.prototype;
  Object.assign(Timed, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Timed;
  new MutationObserver(() => {
    if (t.chartElement === null
        && document.querySelector('[data-testid="stVegaLiteChart"]')) {
      t.chartElement = performance.now();
    }
    if (t.marks === null && document.querySelector('.vega-embed .marks')) {
      t.marks = performance.now();
    }
  }).observe(document, {subtree: true, childList: true});
})();"""

#: What the page knows once its chart is drawn: the times above, the navigation's and every
#: fetched file's (name, start, end).
PHASES_COLLECT_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    phases: window.__phases,
    html: nav.responseEnd,
    resources: performance.getEntriesByType('resource').map(
      (r) => [r.name.split('?')[0].split('/').pop(), r.startTime, r.responseEnd]),
  };
}"""

#: Streamlit's chunks that draw a Vega-Lite chart: the element's own code, and Vega with
#: vega-embed (fetched by the element when it first draws).
VEGA_CHUNKS = ("ArrowVegaLiteChart.", "embed.", "vega-interpreter.")

#: The phases of a full page load, in the order they happen.
PHASES = (
    "html",
    "scripts_loaded",
    "websocket_open",
    "run_started",
    "chart_delta",
    "vega_code_loaded",
    "chart_element",
    "chart_drawn",
    "run_finished",
)


def message_kind(payload: bytes | str) -> str:
    """What a websocket frame from the server is: a ForwardMsg's type, "chart" for a delta that
    adds a Vega-Lite chart."""
    if isinstance(payload, str):
        return "text"
    message = ForwardMsg.FromString(payload)
    if map_draw.vega_lite_chart(message) is not None:
        return "chart"
    return message.WhichOneof("type") or "empty"


def load_phases(collected: dict, kinds: list[str]) -> dict[str, float | None]:
    """The phases (ms from navigation start) of one page load from what `PHASES_JS` and
    `PHASES_COLLECT_JS` collected and the `kinds` of the websocket's messages, in order."""
    t = collected["phases"]
    messages = t["messages"]

    def first(kind: str) -> float | None:
        return next((at for at, k in zip(messages, kinds, strict=False) if k == kind), None)

    created = t.get("websocketCreated")
    resources = collected["resources"]
    scripts = [
        end
        for name, start, end in resources
        if name.endswith(".js") and created is not None and start < created
    ]
    vega = [end for name, _, end in resources if name.startswith(VEGA_CHUNKS)]
    phases = {
        "html": collected["html"],
        "scripts_loaded": max(scripts) if scripts else None,
        "websocket_open": t.get("websocketOpen"),
        "run_started": first("new_session"),
        "chart_delta": first("chart"),
        "vega_code_loaded": max(vega) if len(vega) == len(VEGA_CHUNKS) else None,
        "chart_element": t["chartElement"],
        "chart_drawn": t["marks"],
        "run_finished": first("script_finished"),
    }
    return {name: None if ms is None else round(ms, 1) for name, ms in phases.items()}


def median_phases(loads: list[dict[str, float | None]]) -> dict[str, float | None]:
    """The median of each phase over page loads (None where no load had it)."""
    medians = {}
    for name in PHASES:
        values = [load[name] for load in loads if load.get(name) is not None]
        medians[name] = round(statistics.median(values), 1) if values else None
    return medians


def _title(page: str) -> str:
    return importlib.import_module(f"dashboard.views.{page}").TITLE


def _visit(browser, url: str, phases: list | None = None, context=None) -> float | None:
    """Return seconds from navigation to the first visible chart, None without a chart; with
    `phases`, append the load's phases (`load_phases`) to it. The page is new in `context`
    (sharing its cache), or in a new context of `browser` (an empty cache)."""
    page = context.new_page() if context is not None else browser.new_page(viewport=VIEWPORT)
    kinds: list[str] = []
    if phases is not None:
        page.add_init_script(PHASES_JS)
        page.on(
            "websocket",
            lambda socket: socket.on("framereceived", lambda p: kinds.append(message_kind(p))),
        )
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(CHART).first.wait_for(state="visible", timeout=NO_CHART_TIMEOUT_MS)
        seconds = time.perf_counter() - started
        if phases is not None:
            # The run may still be sending the rest of the page.
            page.wait_for_function(RUN_FINISHED_JS, timeout=NO_CHART_TIMEOUT_MS)
            phases.append(load_phases(page.evaluate(PHASES_COLLECT_JS), kinds))
        return seconds
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def _visit_map(browser, url: str) -> dict | None:
    """Load `url` (the map's page) in a fresh browser page; return the map's numbers of this
    load (`map_draw.map_load`), None when no map was drawn in MAP_TIMEOUT_MS."""
    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(PHASES_JS)
    page.add_init_script(map_draw.MAP_JS)
    kinds: list[str] = []
    deltas: list[tuple[int, dict]] = []

    def received(payload: bytes | str) -> None:
        delta = map_draw.map_delta(payload)
        if delta is not None:
            deltas.append((len(kinds), delta))
        kinds.append(message_kind(payload))

    page.on("websocket", lambda socket: socket.on("framereceived", received))
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(map_draw.MAP_DRAWN_JS, timeout=MAP_TIMEOUT_MS, polling=50)
        page.wait_for_function(RUN_FINISHED_JS, timeout=MAP_TIMEOUT_MS)
        collected = page.evaluate(PHASES_COLLECT_JS)
        drawn = page.evaluate(map_draw.MAP_COLLECT_JS)
    except PlaywrightTimeout:
        return None
    finally:
        page.close()
    if not deltas:
        return None
    index, delta = deltas[0]
    messages = collected["phases"]["messages"]
    return map_draw.map_load(
        drawn,
        load_phases(collected, kinds)["vega_code_loaded"],
        messages[index] if index < len(messages) else None,
        delta,
    )


def _measure_map(browser, base: str, repeats: int) -> dict:
    """The national map (`map_draw`): a first, cold visit, then `repeats` page loads."""
    query = map_draw.map_query()
    url = f"{base}/{map_draw.MAP_PAGE}{query}"
    first = _visit_map(browser, url)
    loads = [_visit_map(browser, url) for _ in range(repeats)]
    return map_draw.summary(query, first, [load for load in loads if load is not None])


def _settle(page, watch: RunWatch, before: int) -> None:
    """Wait until the server has finished a run after the `before`-th and the page drew it."""
    deadline = time.monotonic() + NO_CHART_TIMEOUT_MS / 1000
    while watch.finished <= before and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    page.wait_for_function(DRAWN_JS, arg=watch.frame, timeout=NO_CHART_TIMEOUT_MS, polling=50)


def _click(page, watch: RunWatch, title: str) -> float | None:
    """Click `title` in the sidebar navigation; return seconds to its first visible chart
    (None without one), after the run has finished and is drawn."""
    before = watch.finished
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    started = time.perf_counter()
    link.click()
    seconds = None
    if title != _title(NEUTRAL):
        try:
            page.locator(CHART).first.wait_for(state="visible", timeout=NO_CHART_TIMEOUT_MS)
            seconds = time.perf_counter() - started
        except PlaywrightTimeout:
            pass
    _settle(page, watch, before)
    return seconds


def _in_app(browser, base: str, page_name: str, query: str, repeats: int) -> list[float | None]:
    """Return the seconds of `repeats` sidebar clicks to `page_name`, each from NEUTRAL."""
    page = browser.new_page(viewport=VIEWPORT)
    page.add_init_script(FRAMES_HANDLED_JS)
    watch = RunWatch(page)
    try:
        # The default page draws a chart: its chart code is loaded, as in a session in use.
        page.goto(f"{base}/{query}")
        _settle(page, watch, 0)
        times = []
        for _ in range(repeats):
            _click(page, watch, _title(NEUTRAL))
            page.wait_for_function(NO_CHARTS_JS, timeout=NO_CHART_TIMEOUT_MS)
            times.append(_click(page, watch, _title(page_name)))
        return times
    finally:
        page.close()


def _returning(browser, url: str, repeats: int) -> list[float | None]:
    """Return the seconds of `repeats` full loads of `url`, each a new page (a new session) in
    one browser context whose cache a first load has filled."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        _visit(browser, url, context=context)
        return [_visit(browser, url, context=context) for _ in range(repeats)]
    finally:
        context.close()


def _median_seconds(runs: list[float | None]) -> float | None:
    measured = [s for s in runs if s is not None]
    return round(ui_common.median_ms(measured) / 1000, 3) if measured else None


def _rounded(runs: list[float | None]) -> list[float | None]:
    return [None if s is None else round(s, 3) for s in runs]


def _measure_pages(browser, base: str, area: dict[str, str], repeats: int) -> dict:
    """Every page: first chart after a full page load (cold, then `repeats` loads with their
    phases) and after in-app navigation."""
    pages = {}
    for page in ui_common.pages():
        query = f"?{urlencode(area)}" if page in AREA_PAGES else ""
        first = _visit(browser, f"{base}/{page}{query}")
        if first is None:
            pages[page] = {"first_chart_seconds": None, "note": "no chart shown"}
            continue
        loads: list[dict] = []
        warm = [_visit(browser, f"{base}/{page}{query}", loads) for _ in range(repeats)]
        returning = _returning(browser, f"{base}/{page}{query}", repeats)
        try:
            in_app = _in_app(browser, base, page, query, repeats)
            in_app_note = None
        except PlaywrightTimeout as timeout:
            # On a loaded machine a page may not settle in time: keep what was
            # measured (a timeout lost a whole run once) and say so.
            in_app, in_app_note = [], f"in-app timed out: {str(timeout)[:120]}"
        pages[page] = {
            "query": query,
            "first_visit_seconds": round(first, 3),
            "first_chart_seconds": _median_seconds(warm),
            "runs_seconds": _rounded(warm),
            "phases_ms": median_phases(loads),
            "returning_seconds": _median_seconds(returning),
            "returning_runs_seconds": _rounded(returning),
            "in_app_seconds": _median_seconds(in_app),
            "in_app_runs_seconds": _rounded(in_app),
        }
        if in_app_note:
            pages[page]["in_app_note"] = in_app_note
    return pages


def _map_only(parser) -> None:
    parser.add_argument(
        "--map-only", action="store_true", help="measure only the national map, no pages"
    )


def main() -> None:
    args = ui_common.parse_args(__doc__.splitlines()[0], _map_only)
    result = {
        "status": "measured",
        "method": "playwright + chromium: goto → visible chart (full load: a new context; "
        "returning visitor: a new page in a context that loaded it before); sidebar click → "
        "visible chart (in-app); goto → the map's shapes drawn (map)",
    }
    log = args.json.with_suffix(".server.log")
    with running_app(args.db.resolve(), log) as server, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            if not args.map_only:
                area = ui_common.first_wijk_params(args.db)
                result["pages"] = _measure_pages(browser, server.url, area, args.repeats)
            result["map"] = _measure_map(browser, server.url, args.repeats)
        finally:
            browser.close()
    ui_common.write(args.json, result)


if __name__ == "__main__":
    main()
