"""Chart specs assembled by Altair once per *shape*, then filled with each call's values.

Building an Altair chart and turning it into a Vega-Lite dict costs 30–150 ms per chart
(Altair copies and validates its objects on every step, vega/altair#3547): several charts
per page made a filter change take 300–900 ms at national scale. A builder is therefore split
in two:

* a cheap part that computes, from the frame, the chart's **datasets** (polars frames), its
  **holes** (the small values of the spec that depend on the data: sort orders, colour
  domains, titles and notes) and its **shape** (everything else that decides the spec: which
  layers, which tooltip fields, the unit on an axis);
* an ``assemble(shape, holes)`` function that builds the Altair chart from the shape alone,
  with ``named(...)`` data and ``holes[...]`` placeholders where the values go.

The assembled chart and its finished Vega-Lite dict are cached per shape; a call only fills
the holes and attaches its data. :meth:`Parts.chart` gives the Altair chart with its data
inline (exports, tests: the same spec as before), :meth:`Parts.spec` the finished dict with
polars frames as named datasets (the screen: Streamlit sends them as Arrow, no JSON rows).

The screen gets only the columns its spec names (a field, a tooltip, ``datum.x`` in an
expression): the builders' frames carry every published column, and sending them all made
the Overzicht grid 0.9 MB at national scale. Datasets that are equal after that are sent once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import polars as pl
import pyarrow as pa
from altair.utils.schemapi import SchemaBase

from dashboard import theme

_MARK = "\x00hole:"
#: A list hole is a one-element list holding this marker, so that Altair's checks of a
#: property that must be a list (a scale's domain) still pass while the template is built.
_LIST_MARK = "\x00holes:"

#: Fill a hole with this to leave the property out altogether (e.g. a title without subtitle).
OMIT = alt.Undefined

#: Altair's own format for dates and datetimes in inline data (``sanitize_narwhals_dataframe``).
_ISO = "%Y-%m-%dT%H:%M:%S"


#: A field read in a Vega expression: ``datum.name`` or ``datum['name']``.
_DATUM = re.compile(r"""datum\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])""")


#: Columns sent even when the spec does not read them: the suppression flag (one bit a row)
#: lets the app's tests check that no suppressed datum on screen carries a number.
_ALWAYS_SENT = frozenset({"suppressed"})


class Holes:
    """Placeholders for `assemble`: ``holes["title"]`` is a marker string filled later, and
    ``holes.list("domain")`` a marker for a list value (where Altair insists on a list)."""

    def __getitem__(self, name: str) -> str:
        return f"{_MARK}{name}"

    def list(self, name: str) -> list[str]:
        return [f"{_LIST_MARK}{name}"]


def dataset_name(builder: str, role: str) -> str:
    """The name of a dataset: stable across calls, so Streamlit can update a chart's data in
    place when only the data changed."""
    return f"{builder}-{role}"


def named(builder: str, role: str) -> alt.NamedData:
    """The data of one layer: the dataset of `role` in the chart of `builder`."""
    return alt.NamedData(name=dataset_name(builder, role))


def _hole_name(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(_MARK):
        return value[len(_MARK) :]
    return None


def _list_hole_name(value: list) -> str | None:
    if len(value) == 1 and isinstance(value[0], str) and value[0].startswith(_LIST_MARK):
        return value[0][len(_LIST_MARK) :]
    return None


def _children(node: Any) -> list:
    if isinstance(node, SchemaBase):
        return [*node._args, *node._kwds.values()]
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return node
    return []


def _live(node: Any, live: set[int]) -> bool:
    """Add to `live` the id of every container in `node` that holds a hole or a named dataset
    (those must be copied when filled; all others are shared). True when `node` is live."""
    found = (
        isinstance(node, alt.NamedData)
        or _hole_name(node) is not None
        or (isinstance(node, list) and _list_hole_name(node) is not None)
    )
    for child in _children(node):
        found = _live(child, live) or found
    if found and _children(node):
        live.add(id(node))
    return found


def _fill_plain(node: Any, values: Mapping[str, Any], live: set[int]) -> Any:
    """Return `node` (JSON-like) with every hole marker replaced (OMIT drops a dict key);
    containers without holes are shared with the template."""
    if isinstance(node, dict):
        if id(node) not in live:
            return node
        out = {}
        for key, value in node.items():
            filled = _fill_plain(value, values, live)
            if filled is not OMIT:
                out[key] = filled
        return out
    if isinstance(node, list):
        name = _list_hole_name(node)
        if name is not None:
            return values[name]
        if id(node) not in live:
            return node
        return [_fill_plain(value, values, live) for value in node]
    name = _hole_name(node)
    return node if name is None else values[name]


def _fill_schema(
    node: Any, values: Mapping[str, Any], data: Mapping[str, Any], live: set[int]
) -> Any:
    """Return `node` (Altair objects, lists, dicts) with holes filled and each named dataset
    replaced by its data (`data`: name → frame or ``alt.Data``), copying only what holds a
    hole; everything else is shared with the cached template (never mutated)."""
    if isinstance(node, alt.NamedData) and node._kwds.get("name") in data:
        return data[node._kwds["name"]]
    if isinstance(node, list):
        name = _list_hole_name(node)
        if name is not None:
            return values[name]
    name = _hole_name(node)
    if name is not None:
        return values[name]
    if id(node) not in live:
        return node
    if isinstance(node, SchemaBase):
        copy = object.__new__(type(node))
        copy.__dict__.update(node.__dict__)
        object.__setattr__(
            copy, "_args", tuple(_fill_schema(a, values, data, live) for a in node._args)
        )
        kwds = {key: _fill_schema(v, values, data, live) for key, v in node._kwds.items()}
        object.__setattr__(copy, "_kwds", kwds)
        return copy
    if isinstance(node, dict):
        filled = {key: _fill_schema(v, values, data, live) for key, v in node.items()}
        return {key: value for key, value in filled.items() if value is not OMIT}
    return [_fill_schema(value, values, data, live) for value in node]


def _inline(data: pl.DataFrame | list) -> pl.DataFrame | alt.Data:
    return data if isinstance(data, pl.DataFrame) else alt.Data(values=data)


def _screen(data: pl.DataFrame | list) -> pl.DataFrame | list:
    return json_frame(data) if isinstance(data, pl.DataFrame) else data


def json_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with the column types Vega-Lite reads as Altair sends them: dates and
    datetimes as ISO text (as ``alt.Chart(frame)`` would), decimals as floats."""
    if not any(
        dtype == pl.Date or isinstance(dtype, pl.Datetime | pl.Decimal)
        for dtype in frame.schema.values()
    ):
        return frame
    columns = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            columns.append(pl.col(name).cast(pl.Datetime).dt.to_string(_ISO))
        elif isinstance(dtype, pl.Datetime):
            suffix = "%.f%z" if dtype.time_zone is not None else "%.f"
            columns.append(pl.col(name).dt.to_string(_ISO + suffix))
        elif isinstance(dtype, pl.Decimal):
            columns.append(pl.col(name).cast(pl.Float64))
        else:
            columns.append(pl.col(name))
    return frame.select(columns)


def _names(node: Any, out: set[str]) -> bool:
    """Add to `out` every string in `node` (JSON-like) and every field its expressions read;
    return False when a tooltip shows all fields of a datum (``content: "data"``)."""
    if isinstance(node, str):
        out.add(node)
        if "datum" in node:
            out.update(a or b for a, b in _DATUM.findall(node))
        return True
    if isinstance(node, dict):
        if node.get("content") == "data":
            return False
        return all([_names(value, out) for value in node.values()])
    if isinstance(node, list):
        return all([_names(value, out) for value in node])
    return True


def _used(frame: pl.DataFrame, names: frozenset[str] | None) -> pl.DataFrame:
    """Return `frame` with only the columns the spec names (all of them when `names` is None)."""
    if names is None:
        return frame
    kept = [name for name in frame.columns if name in names or name in _ALWAYS_SENT]
    return frame if len(kept) == frame.width else frame.select(kept)


def _renamed(node: Any, renames: Mapping[str, str]) -> Any:
    """Return `node` (JSON-like) with each ``{"name": old}`` data reference renamed; parts
    without such a reference are shared."""
    if isinstance(node, dict):
        if node.keys() == {"name"} and node["name"] in renames:
            return {"name": renames[node["name"]]}
        out = {key: _renamed(value, renames) for key, value in node.items()}
        same = all(out[key] is value for key, value in node.items())
        return node if same else out
    if isinstance(node, list):
        out = [_renamed(value, renames) for value in node]
        return node if all(a is b for a, b in zip(out, node, strict=True)) else out
    return node


def _deduplicated(datasets: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the datasets with equal frames kept once, and the renames of the others."""
    kept: dict[str, Any] = {}
    renames: dict[str, str] = {}
    for name, data in datasets.items():
        for other, seen in kept.items():
            if (
                isinstance(data, pl.DataFrame)
                and isinstance(seen, pl.DataFrame)
                and data.shape == seen.shape
                and data.equals(seen)
            ):
                renames[name] = other
                break
        else:
            kept[name] = data
    return kept, renames


#: Below this many rows a dictionary costs more (its own message) than the repeats it saves.
_DICTIONARY_ROWS = 100


def compact_arrow(frame: pl.DataFrame) -> pa.Table:
    """Return `frame` as the Arrow table Streamlit sends: text with 32-bit offsets (polars'
    64-bit ones cost 4 bytes a cell more) and dictionary-encoded where values repeat (each
    distinct text sent once). The rows the browser reads are the same."""
    table = frame.to_arrow()
    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_large_string(column.type) or pa.types.is_string(column.type):
            column = column.cast(pa.string())
            distinct = frame.get_column(name).n_unique()
            if frame.height >= _DICTIONARY_ROWS and distinct * 2 <= frame.height:
                index = pa.int16() if distinct < 2**15 else pa.int32()
                column = column.dictionary_encode().cast(pa.dictionary(index, pa.string()))
        columns.append(column)
    return pa.table(columns, names=table.column_names)


@dataclass(frozen=True)
class _Template:
    chart: alt.TopLevelMixin
    spec: dict
    #: ids of the containers in `chart` and `spec` that hold a hole or a named dataset.
    live: frozenset[int]
    #: Every string of `spec` and field its expressions read; None when a tooltip shows all
    #: fields (then every column is sent).
    names: frozenset[str] | None


@functools.lru_cache(maxsize=256)
def _template(assemble: Callable[[Hashable, Holes], alt.TopLevelMixin], shape: Hashable):
    chart = assemble(shape, Holes())
    spec = theme.finish(chart).to_dict(validate=False)
    live: set[int] = set()
    _live(chart, live)
    _live(spec, live)
    names: set[str] = set()
    complete = _names(spec, names)
    return _Template(chart, spec, frozenset(live), frozenset(names) if complete else None)


@dataclass(frozen=True)
class Parts:
    """A chart as its shape, the values of its holes and its datasets (see the module)."""

    #: The builder's name: datasets are named ``<builder>-<role>`` (see `named`).
    builder: str
    assemble: Callable[[Hashable, Holes], alt.TopLevelMixin]
    shape: Hashable
    holes: Mapping[str, Any] = field(default_factory=dict)
    #: Role → a polars frame (or a list of JSON rows, e.g. GeoJSON features); `assemble` refers
    #: to each with ``named(builder, role)``.
    datasets: Mapping[str, pl.DataFrame | list] = field(default_factory=dict)

    def chart(self) -> alt.TopLevelMixin:
        """Return the Altair chart with its data inline, as if built directly with
        ``alt.Chart(frame)``: exports and tests get the same spec as before the templates."""
        template = _template(self.assemble, self.shape)
        data = {
            dataset_name(self.builder, role): _inline(frame)
            for role, frame in self.datasets.items()
        }
        chart = _fill_schema(template.chart, self.holes, data, template.live)
        return chart.copy(deep=False) if chart is template.chart else chart

    def spec(self) -> dict:
        """Return the finished Vega-Lite dict (theme and locale applied) with the datasets as
        polars frames, for ``st.vega_lite_chart``: only the columns the spec names, and
        equal datasets once (the layers that used a copy read the one kept)."""
        template = _template(self.assemble, self.shape)
        spec = dict(_fill_plain(template.spec, self.holes, template.live))
        names = template.names
        if names is not None:
            extra: set[str] = set()
            names = names | extra if _names(list(self.holes.values()), extra) else None
        datasets, renames = _deduplicated(
            {
                dataset_name(self.builder, role): _screen(data)
                if isinstance(data, list)
                else _used(_screen(data), names)
                for role, data in self.datasets.items()
            }
        )
        if renames:
            spec = _renamed(spec, renames)
        spec["datasets"] = datasets
        return spec


def templated(parts: Callable[..., Parts]) -> Callable[..., alt.TopLevelMixin]:
    """Turn a function returning :class:`Parts` into a builder returning the Altair chart;
    the builder keeps the parts function as ``builder.parts`` (for the screen)."""

    @functools.wraps(parts)
    def builder(*args, **kwargs) -> alt.TopLevelMixin:
        return parts(*args, **kwargs).chart()

    builder.parts = parts  # type: ignore[attr-defined]
    return builder
