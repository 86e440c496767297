"""The national map in the browser: what the browser benchmark (`browser_latency`) needs to find,
time and weigh the map of all wijken.

The map is Vergelijken at wijk level over the whole regio (no area chosen): `map_query` names
the level in the URL, which wins over the page's default (gemeenten when the regio has too
many wijken to compare, as at national scale). It is the one chart of the page with geoshapes:

- in the websocket, its delta is the Vega-Lite chart whose layers have a ``geoshape`` mark
  (`map_delta`: the frame's bytes, as Streamlit sent them, and the wijken it carries);
- in the page, its element is the Vega chart that draws ``shape`` marks (`MAP_JS` notes when
  every chart element appeared, and when the first one's shapes are drawn).
"""

from __future__ import annotations

import json
import statistics
from urllib.parse import urlencode

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import ui_common

#: The page that draws the map.
MAP_PAGE = "vergelijken"

#: Installed before the page loads: the time (performance.now(), ms from navigation start)
#: each Vega chart element appeared; for the first chart that draws shape marks (the map),
#: when its element appeared, when its shapes were drawn and how many (the first shape layer:
#: the wijken). Vega's SVG renderer draws a scene in one go, so the observer, called after the
#: DOM changes of that task, sees all of them.
MAP_JS = """(() => {
  const m = window.__map = {element: null, drawn: null, wijken: null};
  const appeared = new WeakMap();
  const observer = new MutationObserver(() => {
    const now = performance.now();
    for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
      if (!appeared.has(chart)) { appeared.set(chart, now); }
      const shapes = chart.querySelector('.marks g.mark-shape');
      if (shapes !== null && shapes.querySelector('path') !== null) {
        Object.assign(m, {
          element: appeared.get(chart), drawn: now,
          wijken: shapes.querySelectorAll('path').length,
        });
        observer.disconnect();
        return;
      }
    }
  });
  observer.observe(document, {subtree: true, childList: true});
})();"""
MAP_DRAWN_JS = "() => window.__map !== undefined && window.__map.drawn !== null"
MAP_COLLECT_JS = "() => window.__map"


def map_query() -> str:
    """The URL query that opens `MAP_PAGE` at wijk level; no area: the whole regio."""
    # The level's URL label as the sidebar writes it.
    ui_common.quiet_app_caches()
    from dashboard.filters import KEY_NIVEAU, LEVEL_LABELS

    return f"?{urlencode({KEY_NIVEAU: LEVEL_LABELS['wijk']})}"


def vega_lite_chart(message: ForwardMsg):
    """The Vega-Lite chart a ForwardMsg adds to the page, None for any other message."""
    if (
        message.WhichOneof("type") == "delta"
        and message.delta.WhichOneof("type") == "new_element"
        and message.delta.new_element.WhichOneof("type") == "vega_lite_chart"
    ):
        return message.delta.new_element.vega_lite_chart
    return None


def _mark_type(layer: dict) -> str | None:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def map_delta(payload: bytes | str) -> dict | None:
    """For a websocket frame that adds the map (a Vega-Lite chart with a geoshape layer): its
    bytes and the number of wijken (features of the first geoshape layer's dataset; None when
    the dataset is not sent inline). None for any other frame."""
    if isinstance(payload, str):
        return None
    chart = vega_lite_chart(ForwardMsg.FromString(payload))
    if chart is None:
        return None
    spec = json.loads(chart.spec)
    shapes = [layer for layer in spec.get("layer", []) if _mark_type(layer) == "geoshape"]
    if not shapes:
        return None
    features = spec.get("datasets", {}).get(shapes[0].get("data", {}).get("name"))
    return {
        "bytes": len(payload),
        "wijken": len(features) if isinstance(features, list) else None,
    }


def map_load(drawn: dict, vega_code_loaded: float | None, delta_at: float | None, delta: dict):
    """One page load's map numbers from what `MAP_JS` collected (`drawn`), when Vega's code was
    loaded and the map's delta arrived (ms from navigation start) and `map_delta`'s result.

    ``draw_seconds`` is Vega's own work on the map (parsing the spec, projecting and drawing the
    geoshapes): from its element in the page, or from Vega's code loaded when that came later
    (the code is fetched once the page's first chart element is drawn), to its shapes drawn.
    """
    element, marks = drawn["element"], drawn["drawn"]
    ready = max(element, vega_code_loaded) if vega_code_loaded is not None else element
    return {
        "drawn_seconds": round(marks / 1000, 3),
        "draw_seconds": round((marks - ready) / 1000, 3),
        "element_to_drawn_seconds": round((marks - element) / 1000, 3),
        "delta_ms": None if delta_at is None else round(delta_at, 1),
        "element_ms": round(element, 1),
        "vega_code_loaded_ms": None if vega_code_loaded is None else round(vega_code_loaded, 1),
        "drawn_ms": round(marks, 1),
        "delta_bytes": delta["bytes"],
        "wijken_sent": delta["wijken"],
        "wijken_drawn": drawn["wijken"],
    }


#: The per-load numbers whose medians the result reports.
MEDIAN_FIELDS = ("drawn_seconds", "draw_seconds", "element_to_drawn_seconds", "delta_bytes")


def summary(query: str, first: dict | None, loads: list[dict]) -> dict:
    """The map's result: the first (cold) visit's time to the drawn map (None when it drew
    none in time), the medians of the later page loads (`MEDIAN_FIELDS`), the wijken of the
    last load and every load."""
    if not loads:
        return {"query": query, "drawn_seconds": None, "note": "no map drawn"}
    last = loads[-1]
    return {
        "query": query,
        "first_visit_seconds": None if first is None else first["drawn_seconds"],
        **{
            field: round(statistics.median(load[field] for load in loads), 3)
            for field in MEDIAN_FIELDS
        },
        "wijken_sent": last["wijken_sent"],
        "wijken_drawn": last["wijken_drawn"],
        "runs": loads,
    }
