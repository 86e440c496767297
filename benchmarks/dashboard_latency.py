"""Server-side time of a filter change on every page, with Streamlit's AppTest.

Per page: open it (the first run, cold caches, is reported apart), then change one sidebar
filter ``--repeats`` times, each time to a value not shown before (so no cached query answers
it), and time ``at.run()``. The filter is the first of FILTER_PREFERENCE the page has.

A page in AREA_WITHIN profiles one chosen area: there each repeat first chooses another RESV
(not timed) and then times choosing an area inside it (its first wijk), so the measured run
draws the area's charts.
"""

from __future__ import annotations

import os
import time

from streamlit.testing.v1 import AppTest

from benchmarks import ui_common

#: Which sidebar filter to change, in order of preference: the area filter is on every page
#: that shows figures and narrows every query.
FILTER_PREFERENCE = ("resv", "jaar", "indicator", "gemeente", "wijk")
TIMEOUT = 300
#: Page → the filter that chooses an area inside the RESV (see the module docstring).
AREA_WITHIN = {"wijkprofiel": "wijk"}


def _filter(at: AppTest):
    """Return the first preferred sidebar selectbox with at least two options, else None."""
    boxes = {box.key: box for box in at.sidebar.selectbox if box.key}
    for key in FILTER_PREFERENCE:
        box = boxes.get(key)
        if box is not None and len(box.options) >= 2:
            return box
    return None


def measure_page(page: str, repeats: int) -> dict:
    """Return the first-run time and the filter changes of one page (ms); an error when the
    page raised an exception."""
    at = AppTest.from_file(str(ui_common.APP), default_timeout=TIMEOUT)
    at.switch_page(f"views/{page}.py")
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        return {"error": "; ".join(e.message for e in at.exception)[:500]}
    box = _filter(at)
    if box is None:
        return {"first_run_ms": round(first * 1000, 1), "widget": None, "filter_change_ms": None}
    key = box.key
    options = len(box.options)
    area = AREA_WITHIN.get(page)
    changes = []
    for repeat in range(repeats):
        # Options 1, 2, … then back to 0: every change asks for something new.
        at.sidebar.selectbox(key=key).select_index((repeat + 1) % options)
        if area is not None:
            at.run()
            # Option 0 is "Alle wijken"; the first wijk of the new RESV is new every time.
            at.sidebar.selectbox(key=area).select_index(1)
        started = time.perf_counter()
        at.run()
        changes.append(time.perf_counter() - started)
        if at.exception:
            return {"error": "; ".join(e.message for e in at.exception)[:500], "widget": key}
    return {
        "first_run_ms": round(first * 1000, 1),
        "widget": key if area is None else f"{area} (inside another {key} each time)",
        "filter_change_ms": ui_common.median_ms(changes),
        "filter_change_runs_ms": [round(s * 1000, 1) for s in changes],
        #: Charts on the page after the last change: what the timed runs drew.
        "charts_after_change": len(at.get("vega_lite_chart")),
    }


def main() -> None:
    args = ui_common.parse_args(__doc__.splitlines()[0])
    os.environ["DASHBOARD_DB"] = str(args.db.resolve())
    result = {"status": "measured", "method": "streamlit AppTest, at.run() after a filter change"}
    result["pages"] = {page: measure_page(page, args.repeats) for page in ui_common.pages()}
    ui_common.write(args.json, result)


if __name__ == "__main__":
    main()
