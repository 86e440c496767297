"""A chart as plain data: a Vega-Lite spec (dicts and lists) and its named datasets.

Every builder in `dashboard.charts` returns a :class:`Chart`. Its ``spec`` is the Vega-Lite
spec without config and without data values: each layer reads a dataset by its role
(``{"data": {"name": "rijen"}}``) and ``datasets`` holds those by role, as polars frames (or
JSON rows, for GeoJSON features). Two ways out, both with the theme and the Dutch locale
(`dashboard.theme.finish`) and the datasets named ``<builder>-<role>`` (so a spec on screen
or in a file says which builder drew it, and Streamlit can update a chart's data in place):

* :meth:`Chart.screen` for ``st.vega_lite_chart``: the datasets stay polars frames (the page
  sends them as Arrow, `compact_arrow`), with only the columns the spec names (the
  builders' frames carry every published column: sending them all made the Overzicht grid
  0.9 MB at national scale) and equal datasets sent once;
* :meth:`Chart.export` for vl-convert (PNG, SVG, slides): the datasets inline as JSON rows.

Building the dicts costs microseconds; Altair's objects cost 30–150 ms per chart
(vega/altair#3547), which is why the builders do not use them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
import pyarrow as pa

from dashboard import theme

#: The format of dates and datetimes in a chart's data: ISO text, as Vega parses it.
_ISO = "%Y-%m-%dT%H:%M:%S"

#: A field read in a Vega expression: ``datum.name`` or ``datum['name']``.
_DATUM = re.compile(r"""datum\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])""")

#: Columns sent to the screen even when the spec does not read them: the suppression flag
#: (one bit a row) lets the app's tests check that no suppressed datum carries a number.
ALWAYS_SENT = frozenset({"suppressed"})

Data = pl.DataFrame | list


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec without config or data values, its datasets by role, and the name of
    the builder that drew it."""

    spec: dict
    datasets: Mapping[str, Data] = field(default_factory=dict)
    builder: str = "chart"

    @property
    def notes(self) -> list[str]:
        """The subtitle lines of the chart's own title (its notes), [] without any."""
        title = self.spec.get("title")
        subtitle = title.get("subtitle") if isinstance(title, dict) else None
        if not subtitle:
            return []
        return [subtitle] if isinstance(subtitle, str) else [str(line) for line in subtitle]

    def with_title(self, title: dict) -> Chart:
        """The same chart under another title (a Vega-Lite title object)."""
        return replace(self, spec={**self.spec, "title": title})

    @property
    def fits(self) -> bool:
        """True when Vega-Lite can fit the chart to a given size (a single or layered view)."""
        return "mark" in self.spec or "layer" in self.spec

    def export(self, width: int | None = None, height: int | None = None) -> dict:
        """The finished spec with every dataset inline as JSON rows, for vl-convert; `width`
        and `height` fit the whole image to that size (`theme.finish`)."""
        names = {role: self.dataset_name(role) for role in self.datasets}
        spec = theme.finish(_renamed(self.spec, names), width, height)
        spec["datasets"] = {names[role]: rows(data) for role, data in self.datasets.items()}
        return spec

    def screen(self) -> dict:
        """The finished spec with the datasets as polars frames, for ``st.vega_lite_chart``:
        only the columns the spec names, and equal datasets once."""
        read = spec_names(self.spec)
        kept: dict[str, Data] = {}
        names: dict[str, str] = {}
        for role, data in self.datasets.items():
            name = self.dataset_name(role)
            if isinstance(data, pl.DataFrame):
                data = only_named(json_frame(data), read)
                name = next((k for k, v in kept.items() if _equal(v, data)), name)
            names[role] = name
            kept.setdefault(name, data)
        spec = theme.finish(_renamed(self.spec, names), screen=True)
        spec["datasets"] = kept
        return spec

    def dataset_name(self, role: str) -> str:
        """The name of the dataset of `role` on screen and in files: ``<builder>-<role>``."""
        return f"{self.builder}-{role}"


def rows(data: Data) -> list:
    """A dataset as the JSON rows Vega-Lite reads inline."""
    return json_frame(data).to_dicts() if isinstance(data, pl.DataFrame) else data


def json_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with the column types Vega-Lite reads: dates and datetimes as ISO text,
    decimals as floats."""
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


def spec_names(spec: Any) -> frozenset[str] | None:
    """Every string in `spec` (but its data references) and every field its expressions read
    (``datum.x``); None when a tooltip shows all fields of a datum (``content: "data"``: then
    every column is needed)."""
    found: set[str] = set()

    def walk(node: Any) -> bool:
        if isinstance(node, str):
            found.add(node)
            if "datum" in node:
                found.update(a or b for a, b in _DATUM.findall(node))
            return True
        if isinstance(node, dict):
            if node.get("content") == "data":
                return False
            # A layer's data reference names a dataset, not a column.
            return all([walk(value) for key, value in node.items() if key != "data"])
        if isinstance(node, list):
            return all([walk(value) for value in node])
        return True

    return frozenset(found) if walk(spec) else None


def only_named(frame: pl.DataFrame, names: frozenset[str] | None) -> pl.DataFrame:
    """Return `frame` with only the columns in `names` (and ALWAYS_SENT); all for None."""
    if names is None:
        return frame
    kept = [name for name in frame.columns if name in names or name in ALWAYS_SENT]
    return frame if len(kept) == frame.width else frame.select(kept)


def _equal(a: Data, b: pl.DataFrame) -> bool:
    return isinstance(a, pl.DataFrame) and a.shape == b.shape and a.equals(b)


def _renamed(node: Any, renames: Mapping[str, str]) -> Any:
    """Return `node` with each data reference ``{"name": old}`` renamed."""
    if isinstance(node, dict):
        if node.keys() == {"name"} and node["name"] in renames:
            return {"name": renames[node["name"]]}
        return {key: _renamed(value, renames) for key, value in node.items()}
    if isinstance(node, list):
        return [_renamed(value, renames) for value in node]
    return node


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
