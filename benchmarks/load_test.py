"""Load test: concurrent browser sessions change the dashboard's filters for a bounded time.

Starts the app (``streamlit run``) on a free port against a published database, opens one
headless Chromium with one browser context per session (each its own Streamlit session), opens
a page in every session at once and then, for the given time, lets every session pick another
wijk or year in the sidebar, again and again. A response time runs from the click on the option
until the app has rerun and every chart on the page is drawn. An error is a step that fails or
times out, or an exception shown on the page. The result (machine, date, sessions, duration,
median, p95, errors) goes to ``benchmarks/results/load.md``.

Run by hand::

    .venv/bin/python -m benchmarks.load_test --db data/dashboard.duckdb --sessions 20 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

# Streamlit's protocol: the app's websocket carries ForwardMsg protobufs.
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import machine

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = REPO_ROOT / "dashboard" / "app.py"
RESULTS = REPO_ROOT / "benchmarks" / "results" / "load.md"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)
VIEWPORT = {"width": 1400, "height": 900}
START_TIMEOUT_S = 90
#: 20 sessions share 2 cores with the server: one step can wait for many reruns ahead of it.
STEP_TIMEOUT_MS = 90_000

#: Pages the sessions are spread over: those whose sidebar has the wijk and year filters.
#: The default page (overzicht) is served at "/"; its url_path only names it in st.navigation.
LOAD_PAGES = ("", "koppels", "opnames", "wijkprofiel", "vergelijken")

EXCEPTION = '[data-testid="stException"]'

#: Installed before the page loads: counts the websocket messages the app's frontend has
#: dispatched. Streamlit decodes a message asynchronously and then applies it, so a message the
#: browser received may not be on screen yet; the count goes up a task after its handler ran.
FRAMES_HANDLED_JS = """(() => {
  window.__framesHandled = 0;
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message') { return add.call(this, type, listener, options); }
    const counted = function (event) {
      try { return listener.call(this, event); }
      finally { setTimeout(() => { window.__framesHandled += 1; }, 0); }
    };
    return add.call(this, type, counted, options);
  };
})();"""

#: True when the frontend has handled message `frames` (the argument) of its websocket, the app
#: is idle and connected, no element still waits for its code (Streamlit loads charts and
#: download buttons lazily and shows a skeleton meanwhile), and every chart on the page has
#: drawn its marks (Vega draws asynchronously after the run).
DRAWN_JS = """(frames) => {
  if ((window.__framesHandled || 0) < frames) { return false; }
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') { return false; }
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') { return false; }
  if (document.querySelector('[data-testid="stSkeleton"]')) { return false; }
  const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
  return document.querySelectorAll('.vega-embed .marks').length >= charts;
}"""

#: What the page is doing, for an error message.
PAGE_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const attr = (name) => app && app.getAttribute(name);
  const count = (selector) => document.querySelectorAll(selector).length;
  return `messages handled ${window.__framesHandled}, script ${attr('data-test-script-state')}, `
    + `connection ${attr('data-test-connection-state')}, `
    + `loading ${count('[data-testid="stSkeleton"]')}, `
    + `charts ${count('[data-testid="stVegaLiteChart"]')}, `
    + `drawn ${count('.vega-embed .marks')}`;
}"""


def is_finished_run(payload: bytes | str) -> bool:
    """Return whether a websocket frame from the server says a script run finished successfully
    (Streamlit's ForwardMsg ``script_finished``)."""
    if isinstance(payload, str):
        return False
    message = ForwardMsg.FromString(payload)
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    )


class RunWatch:
    """Counts the script runs the server reports finished on a page's websocket.

    The page's own run state (``data-test-script-state``) cannot tell whether a run happened:
    a fast run's "running" and "notRunning" can reach the screen in one render, and the idle
    state before a rerun looks like the one after it. The server's message cannot be missed.
    `frame` is the number of the websocket message that finished the last run: wait for
    ``DRAWN_JS`` with it (the page needs FRAMES_HANDLED_JS as an init script). Works with
    Playwright's sync and async pages alike.
    """

    def __init__(self, page) -> None:
        self.finished = 0
        self.frames = 0
        self.frame = 0
        #: time.perf_counter() when the last finished run was reported.
        self.finished_at = 0.0
        page.on("websocket", self._watch)

    def _watch(self, websocket) -> None:
        # A new websocket (a page load or a reconnect) numbers its messages from 1 again.
        self.frames = 0
        websocket.on("framereceived", self._frame)

    def _frame(self, payload: bytes | str) -> None:
        self.frames += 1
        if is_finished_run(payload):
            self.finished += 1
            self.frame = self.frames
            self.finished_at = time.perf_counter()


@dataclass(frozen=True)
class AppServer:
    """A running app: its base URL (no trailing slash), process and log file."""

    url: str
    process: subprocess.Popen
    log_path: Path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def running_app(db: Path, log_path: Path) -> Iterator[AppServer]:
    """Yield the app serving the published database `db` (passed as DASHBOARD_DB, unresolved,
    so that a new build behind the symlink is picked up); stop it afterwards.

    Refuses with RuntimeError, quoting the server log, when /_stcore/health does not answer
    within START_TIMEOUT_S or the server exits.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    env = {**os.environ, "DASHBOARD_DB": str(db)}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO_ROOT
        )
    server = AppServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_for_health(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_health(server: AppServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(
                f"the app did not start on {server.url}; log {server.log_path}:\n"
                + _log_tail(server.log_path)
            )
        time.sleep(0.25)


def filter_choices(db: Path) -> dict[str, list[str]]:
    """Return the labels the sidebar offers, per filter label: every wijk and every year.

    Uses the app's own SQL and labelling, so a label here is the option text on screen.
    """
    # The labels must match the screen exactly, so reuse the filters module's labelling. Its
    # cached queries warn once per function when imported outside a Streamlit server: quiet.
    from streamlit.runtime.caching import cache_data_api

    logging.getLogger(cache_data_api.__name__).setLevel(logging.ERROR)
    from dashboard.data import load_sql, read_areas
    from dashboard.filters import _unique_labels
    from dashboard.present import period_text

    con = duckdb.connect(str(db), read_only=True)
    try:
        # As the app reads it: a wijk named with its gemeente.
        areas = read_areas(con)
        periods = con.sql(load_sql("periods")).pl()
        peildatum = con.sql(load_sql("build_info")).pl().item(0, "peildatum")
    finally:
        con.close()
    wijken = _unique_labels(areas.filter(pl.col("area_level") == "wijk"))
    years = periods.filter(pl.col("period_type") == "jaar").to_dicts()
    # An incomplete year is offered as "2026 t/m sep" (dashboard.present.period_text).
    jaar = [period_text(y["period"], y["periode_volledig"], peildatum) for y in years]
    return {"Wijk": sorted(wijken.values()), "Jaar": jaar}


def describe_database(db: Path) -> str:
    """Return which build the published database `db` is, for the report (build_info no
    longer names the delivery folder)."""
    from dashboard.data import load_sql

    con = duckdb.connect(str(db), read_only=True)
    try:
        info = con.sql(load_sql("build_info")).pl().row(0, named=True)
    finally:
        con.close()
    return f"built {info['built_at']:%Y-%m-%d %H:%M} (peildatum {info['peildatum']})"


@dataclass
class LoadResult:
    """What a load run measured: response times in seconds and the errors, per step."""

    sessions: int
    seconds: float
    pages: tuple[str, ...]
    response_times: list[float] = field(default_factory=list)
    #: Seconds from the click to the server's "run finished" reaching the browser, per change.
    server_times: list[float] = field(default_factory=list)
    #: Seconds from opening a session's page to its first complete run (before the clock runs).
    open_times: list[float] = field(default_factory=list)
    #: The machine (with its load average) and the time when the run started.
    host: dict = field(default_factory=dict)
    started_at: str = ""
    #: CPU seconds the app server used over the whole run, and the run's wall-clock seconds.
    server_cpu_seconds: float | None = None
    wall_seconds: float | None = None
    errors: list[str] = field(default_factory=list)

    def percentile(self, share: float, times: list[float] | None = None) -> float | None:
        """Return the `share` (0.01–0.99) quantile of the response times (or of `times`),
        None without any."""
        times = self.response_times if times is None else times
        if len(times) < 2:
            return times[0] if times else None
        return statistics.quantiles(times, n=100, method="inclusive")[round(share * 100) - 1]


async def _choose(page, label: str, option: str, timeout_ms: float) -> None:
    """Pick `option` in the sidebar selectbox `label` (typing filters the virtualised list);
    refuses with AssertionError when the box does not show it afterwards."""
    from playwright.async_api import expect

    combo = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label, exact=True)
    await combo.click(timeout=timeout_ms)
    await combo.fill(option, timeout=timeout_ms)
    await page.get_by_role("option", name=option, exact=True).click(timeout=timeout_ms)
    await expect(combo).to_have_value(option, timeout=timeout_ms)


@dataclass
class _Clock:
    """The shared start line: filter changes start when every session has opened its page;
    and how long one step (opening, choosing, waiting for the app) may take."""

    sessions: int
    seconds: float
    step_timeout_ms: float = STEP_TIMEOUT_MS
    opened: int = 0
    all_open: asyncio.Event = field(default_factory=asyncio.Event)
    deadline: float = 0.0

    def session_opened(self) -> None:
        self.opened += 1
        if self.opened == self.sessions:
            self.deadline = time.monotonic() + self.seconds
            self.all_open.set()


async def _after_run(page, watch: RunWatch, before: int, timeout_ms: float) -> None:
    """Wait until the server has finished a run after the `before`-th and the page has drawn
    it; refuses with TimeoutError after `timeout_ms`."""
    deadline = time.monotonic() + timeout_ms / 1000
    while watch.finished <= before:
        if time.monotonic() > deadline:
            raise TimeoutError("the server finished no run")
        await asyncio.sleep(0.02)
    await page.wait_for_function(DRAWN_JS, arg=watch.frame, timeout=timeout_ms, polling=50)


async def _open(page, watch: RunWatch, base: str, path: str, timeout_ms: float) -> float:
    started = time.perf_counter()
    before = watch.finished
    await page.goto(f"{base}/{path}", timeout=timeout_ms)
    await _after_run(page, watch, before, timeout_ms)
    return time.perf_counter() - started


async def _page_state(page) -> str:
    """Return what the page was doing, for an error message; never raises."""
    try:
        return await page.evaluate(PAGE_STATE_JS)
    except Exception as error:  # the page itself may be gone
        return f"page unreachable: {type(error).__name__}"


def _choosable(options: list[str], label: str, current: str) -> list[str]:
    """The options the box offers now: once a wijk is chosen its gemeente is too, and the wijk
    box lists that gemeente's wijken ("Wijk 03 Zuid, Synthveen": the gemeente after the last
    comma)."""
    if label != "Wijk" or ", " not in current:
        return options
    gemeente = current.rsplit(", ", 1)[1]
    return [o for o in options if o.rsplit(", ", 1)[-1] == gemeente]


async def _change_filters(page, watch: RunWatch, where: str, rng, clock: _Clock, result, choices):
    while time.monotonic() < clock.deadline:
        label = rng.choice(("Wijk", "Jaar"))
        combo = page.get_by_test_id("stSidebar").get_by_role("combobox", name=label)
        current = await combo.input_value()
        option = rng.choice([o for o in _choosable(choices[label], label, current) if o != current])
        before = watch.finished
        started = time.perf_counter()
        step = "choosing"
        try:
            await _choose(page, label, option, clock.step_timeout_ms)
            step = "waiting for the app"
            await _after_run(page, watch, before, clock.step_timeout_ms)
        except Exception as error:  # a failed step counts as an error, and the run goes on
            state = await _page_state(page)
            result.errors.append(
                f"{where}: {label} → {option}: {step}: {type(error).__name__} ({state})"
            )
            continue
        elapsed = time.perf_counter() - started
        if await page.locator(EXCEPTION).count():
            text = await page.locator(EXCEPTION).first.inner_text()
            result.errors.append(f"{where}: {label} → {option}: exception: {text[:200]}")
        else:
            result.response_times.append(elapsed)
            result.server_times.append(watch.finished_at - started)


async def _session(browser, base: str, number: int, clock: _Clock, result: LoadResult, choices):
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.add_init_script(FRAMES_HANDLED_JS)
    watch = RunWatch(page)
    path = LOAD_PAGES[number % len(LOAD_PAGES)]
    where = f"session {number} (/{path})"
    # Seeded per session: a run can be repeated, and sessions do not move in step.
    rng = random.Random(number)
    opened = False
    try:
        result.open_times.append(await _open(page, watch, base, path, clock.step_timeout_ms))
        opened = True
    except Exception as error:  # the session could not open its page at all
        result.errors.append(f"{where}: opening failed: {type(error).__name__}: {error}")
    finally:
        clock.session_opened()
    try:
        await clock.all_open.wait()
        if opened:
            await _change_filters(page, watch, where, rng, clock, result, choices)
    finally:
        await context.close()


async def _drive(base: str, clock: _Clock, choices) -> LoadResult:
    from playwright.async_api import async_playwright

    result = LoadResult(sessions=clock.sessions, seconds=clock.seconds, pages=LOAD_PAGES)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            await asyncio.gather(
                *(_session(browser, base, n, clock, result, choices) for n in range(clock.sessions))
            )
        finally:
            await browser.close()
    return result


def run_load(
    db: Path,
    sessions: int,
    seconds: float,
    log_path: Path,
    step_timeout_ms: float = STEP_TIMEOUT_MS,
) -> LoadResult:
    """Start the app on `db`, drive `sessions` browser sessions for `seconds`; return the result.
    A step that takes longer than `step_timeout_ms` counts as an error.

    Refuses with RuntimeError when the app does not start. Failed steps do not raise: they are
    counted in LoadResult.errors.
    """
    choices = filter_choices(db)
    host, started_at = machine.describe_machine(), machine.now()
    with running_app(db, log_path) as server:
        started = time.monotonic()
        # Its own thread: a running event loop in this one (Playwright's sync API, as the
        # browser tests' shared Chromium holds) makes asyncio.run refuse.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
            drive = worker.submit(
                asyncio.run, _drive(server.url, _Clock(sessions, seconds, step_timeout_ms), choices)
            )
            result = drive.result()
        result.wall_seconds = time.monotonic() - started
        result.server_cpu_seconds = _cpu_seconds(server.process.pid)
        if server.process.poll() is not None:
            result.errors.append(f"the app stopped (exit {server.process.returncode})")
    result.host, result.started_at = host, started_at
    return result


def _cpu_seconds(pid: int) -> float | None:
    """Return the user + system CPU seconds of process `pid` so far (Linux), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


def _cpu_share(result: LoadResult) -> str:
    if result.server_cpu_seconds is None or not result.wall_seconds:
        return "–"
    share = result.server_cpu_seconds / result.wall_seconds
    return (
        f"{result.server_cpu_seconds:.0f} CPU-s in {result.wall_seconds:.0f} s "
        f"({share:.2f} cores on average)"
    )


def render_report(result: LoadResult, db: Path) -> str:
    """Return the Markdown report of a load run, with the machine and the date."""
    host = result.host or machine.describe_machine()
    versions = machine.describe_versions()
    commit = machine.describe_commit(REPO_ROOT)
    errors = "\n".join(f"- {error}" for error in result.errors[:50]) or "none"
    pages = ", ".join(f"/{page}" for page in result.pages)
    return f"""# Load test: concurrent dashboard sessions

Written by `benchmarks/load_test.py`; each session is a browser context in one headless
Chromium. All sessions open their page at once; when every one has, the clock starts and each
session picks another wijk or year in the sidebar, waits until the app has rerun and drawn its
charts, and repeats until the time is up. A response time runs from the click on the option to
that moment. Opening a page is timed separately (goto → first run done, charts drawn).
The app server, the one Chromium that renders every session's charts, and anything else on the
machine (see the load average) share its cores: the times are those of the whole system.

| | |
|---|---|
| date (UTC) | {result.started_at or machine.now()} |
| machine | {host["cpu_model"]}, {host["cores"]} cores, {host["memory_gib"]} GiB |
| os | {host["os"]} |
| load average at start | {", ".join(str(x) for x in host["load_average_at_start"])} |
| python, streamlit, playwright | {versions["python"]}, {versions["streamlit"]}, \
{versions["playwright"]} |
| commit | {commit["commit"]} |
| database | {describe_database(db)} |
| sessions | {result.sessions} |
| duration | {result.seconds:.0f} s |
| pages | {pages} |
| page opens, median / p95 | {_ms(result.percentile(0.5, result.open_times))} / \
{_ms(result.percentile(0.95, result.open_times))} |
| filter changes | {len(result.response_times)} |
| median response | {_ms(result.percentile(0.5))} |
| p95 response | {_ms(result.percentile(0.95))} |
| of which until the server's run finished, median / p95 | \
{_ms(result.percentile(0.5, result.server_times))} / \
{_ms(result.percentile(0.95, result.server_times))} |
| errors | {len(result.errors)} |
| app server CPU | {_cpu_share(result)} |

Errors:

{errors}
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=REPO_ROOT / "data" / "dashboard.duckdb")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown report")
    parser.add_argument(
        "--log", type=Path, default=REPO_ROOT / "benchmarks" / "work" / "load_server.log"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the load test and write the report; return 0 without errors, 1 with errors."""
    args = parse_args(argv)
    if not args.db.exists():
        print(f"no published database at {args.db}; build one first", file=sys.stderr)
        return 2
    result = run_load(args.db, args.sessions, args.seconds, args.log)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render_report(result, args.db), encoding="utf-8")
    print(
        f"{result.sessions} sessions, {len(result.response_times)} filter changes, "
        f"median {_ms(result.percentile(0.5))}, p95 {_ms(result.percentile(0.95))}, "
        f"{len(result.errors)} errors → {args.output}"
    )
    return 0 if not result.errors else 1


if __name__ == "__main__":
    sys.exit(main())
