"""Helpers shared by the chart builders: input checks, suppression masking, Dutch tooltip texts,
status colours and line segments.

Every builder takes a small, already aggregated polars frame with the columns of the published
database (docs/architecture.md) and returns a `Chart` (`dashboard.charts.spec`): a plain
Vega-Lite spec without config and its named datasets. The helpers here return the pieces of
such a spec (encodings, titles) as dicts.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from itertools import pairwise

import polars as pl

from dashboard import format as fmt
from dashboard import present, theme
from dashboard.charts.spec import Chart

#: A chart draws aggregates; more rows than this means raw rows were passed by mistake, and
#: Streamlit would ship all of them to the browser.
MAX_ROWS = 5000

#: Columns that position a row (never a disclosed count), so masking leaves them alone.
#: The build facts riding along (thresholds, peildatum) are not counts either.
POSITION_COLUMNS = ("jaar", "kwartaal_sinds_start", "volgorde", "decimalen", *present.BUILD_COLUMNS)

SOLID = "volledige periode"
DASHED = "onvolledige periode"

#: One tooltip row per published fact, with its Dutch title.
INDICATOR_TOOLTIP = (
    ("gebied", "Gebied"),
    ("periode_tekst", "Periode"),
    ("waarde_tekst", "Waarde"),
    ("interval_tekst", "95%-interval"),
    ("teller_tekst", "Teller"),
    ("noemer_tekst", "Noemer"),
    ("status_tekst", "Vergelijking"),
    ("toelichting", "Toelichting"),
)


class ChartInputError(ValueError):
    """A frame a chart cannot draw; the message names the chart and the problem, in Dutch."""


def check_frame(frame: object, columns: Iterable[str], chart: str) -> pl.DataFrame:
    """Return `frame` when it is a polars DataFrame with `columns` and at most MAX_ROWS rows.

    Refuses anything else with ChartInputError naming the chart and the missing columns.
    """
    if not isinstance(frame, pl.DataFrame):
        raise ChartInputError(
            f"{chart}: verwacht een polars DataFrame, niet {type(frame).__name__}"
        )
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ChartInputError(f"{chart}: kolom ontbreekt: {', '.join(missing)}")
    if frame.height > MAX_ROWS:
        raise ChartInputError(
            f"{chart}: {frame.height} rijen; een grafiek tekent geaggregeerde cijfers "
            f"(hoogstens {MAX_ROWS} rijen)"
        )
    return frame


def is_suppressed(frame: pl.DataFrame) -> pl.Expr:
    """Expression that is true for suppressed rows (a missing flag counts as not suppressed)."""
    if "suppressed" not in frame.columns:
        return pl.lit(False)
    return pl.col("suppressed").fill_null(False)


def mask_suppressed(frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with every number of a suppressed row set to null.

    The pipeline already empties them; doing it again here guarantees that no chart, and so no
    export, can carry a suppressed number even if a query joined one back in.
    """
    numeric = [
        name
        for name, dtype in frame.schema.items()
        if dtype.is_numeric() and name not in POSITION_COLUMNS
    ]
    suppressed = is_suppressed(frame)
    return frame.with_columns(
        pl.when(suppressed).then(None).otherwise(pl.col(name)).alias(name) for name in numeric
    )


def area_labels(frame: pl.DataFrame) -> pl.Expr:
    """Expression for the area label: its name, with the code added where names repeat."""
    if "area_name" not in frame.columns:
        return pl.col("area_code").cast(pl.String)
    name = pl.coalesce(pl.col("area_name"), pl.col("area_code"))
    repeated = pl.col("area_code").n_unique().over(name) > 1
    return pl.when(repeated).then(name + " (" + pl.col("area_code") + ")").otherwise(name)


def row_unit(row: dict, eenheid: str | None = None, decimalen: int = 1) -> tuple[str | None, int]:
    """Return the unit and decimals of a row: its own `eenheid`/`decimalen`, else the given."""
    unit = row.get("eenheid") or eenheid
    decimals = row.get("decimalen")
    return unit, decimalen if decimals is None else int(decimals)


def without_build(frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` without the build facts the data layer adds to each row (its texts are
    made; a chart's data carry no thresholds)."""
    return frame.drop([name for name in present.BUILD_COLUMNS if name in frame.columns])


def indicator_rows(
    frame: pl.DataFrame, eenheid: str | None = None, decimalen: int = 1
) -> pl.DataFrame:
    """Return indicator_values rows masked and with the Dutch texts every chart shows.

    Adds `gebied` and the texts of `dashboard.present` (`status`, `status_tekst`,
    `waarde_tekst`, `interval_tekst`, `teller_tekst`, `noemer_tekst`, `periode_tekst`,
    `toelichting`), written with the build's thresholds the rows carry. The unit and decimals
    come from the frame's `eenheid`/`decimalen` columns when it has them (a query that joined
    the catalogue), else from the arguments.
    """
    masked = mask_suppressed(frame)
    if "suppression_reason" not in masked.columns:
        masked = masked.with_columns(suppression_reason=pl.lit(None, pl.String))
    masked = masked.with_columns(
        gebied=area_labels(masked) if "area_code" in masked.columns else pl.lit(""),
        suppressed=is_suppressed(masked),
    )
    return without_build(present.indicator_texts(masked, eenheid, decimalen))


def tooltip(fields: Sequence[tuple[str, str]], frame: pl.DataFrame) -> list[dict]:
    """Return tooltips for the (column, Dutch title) pairs the frame has."""
    return tooltip_of((name, title) for name, title in fields if name in frame.columns)


def tooltip_of(fields: Iterable[tuple[str, str]]) -> list[dict]:
    """Return tooltips for (column, Dutch title) pairs."""
    return [{"field": name, "title": title, "type": "nominal"} for name, title in fields]


def status_colour(
    frame: pl.DataFrame, title: str = "Vergelijking", field: str = "status_tekst"
) -> dict:
    """Return a colour (or fill) encoding of the statuses in `frame` (column `status`) with the
    fixed comparison colours: only the statuses present, in the fixed order, Dutch labels."""
    found = set(frame.get_column("status").to_list())
    codes = [code for code in theme.COMPARISON_COLOURS if code in found]
    return {
        "field": field,
        "legend": {"title": title},
        "scale": {
            "domain": [fmt.STATUS_LABELS[code] for code in codes],
            "range": [theme.COMPARISON_COLOURS[code] for code in codes],
        },
        "title": title,
        "type": "nominal",
    }


def status_text_colour(frame: pl.DataFrame) -> dict:
    """Return a text colour encoding that stays readable on the status fills (no legend)."""
    found = set(frame.get_column("status").to_list())
    codes = [code for code in theme.COMPARISON_TEXT_COLOURS if code in found]
    return {
        "field": "status",
        "legend": None,
        "scale": {
            "domain": codes,
            "range": [theme.COMPARISON_TEXT_COLOURS[code] for code in codes],
        },
        "type": "nominal",
    }


def when(test: str, then: object, otherwise: object) -> dict:
    """A conditional value encoding: `then` where the Vega expression `test` holds."""
    return {"condition": [{"test": test, "value": then}], "value": otherwise}


def suppressed_note(frame: pl.DataFrame, label_column: str = "gebied") -> str | None:
    """Return a Dutch note naming the suppressed rows a chart leaves out, or None if there are
    none."""
    names = frame.filter(is_suppressed(frame)).get_column(label_column).cast(pl.String).to_list()
    if not names:
        return None
    shown = ", ".join(dict.fromkeys(names))
    return f"Onderdrukt en niet getekend: {shown}"


#: The boolean column that marks the chosen area's row (see `with_chosen`).
CHOSEN = "gekozen"
#: The Vega expression that is true for the chosen area's datum.
CHOSEN_TEST = f"datum.{CHOSEN} === true"


#: A text mark's weight: bold for the chosen area (a mark property read per datum).
CHOSEN_WEIGHT = {"expr": f"{CHOSEN_TEST} ? 'bold' : 'normal'"}


def with_chosen(rows: pl.DataFrame, gekozen: str | None) -> pl.DataFrame:
    """Return `rows` with the column `gekozen`: true on the row of area `gekozen` (an area
    code), false elsewhere. The highlight is data: marks read it per datum."""
    if gekozen is None or "area_code" not in rows.columns:
        return rows.with_columns(pl.lit(False).alias(CHOSEN))
    return rows.with_columns((pl.col("area_code") == gekozen).fill_null(False).alias(CHOSEN))


def has_chosen(rows: pl.DataFrame) -> bool:
    """True when one of `rows` is the chosen area (the chart then draws its highlight)."""
    return CHOSEN in rows.columns and bool(rows.get_column(CHOSEN).any())


def chosen_note(rows: pl.DataFrame, how: str) -> str | None:
    """The subtitle line that names the chosen area and how it is marked ("Omrand en
    gemarkeerd: Wijk 03 Zuid, Synthveen"), None without one."""
    if not has_chosen(rows):
        return None
    name = rows.filter(pl.col(CHOSEN)).get_column("gebied").item(0)
    return f"{how}: {name}"


def chosen_label_weight(rows: pl.DataFrame, field: str = "gebied") -> str:
    """The Vega expression for an axis whose labels are `field`: bold for the chosen area's
    label."""
    if not has_chosen(rows):
        return "'normal'"
    label = rows.filter(pl.col(CHOSEN)).get_column(field).item(0)
    return f"datum.value === {json.dumps(label)} ? 'bold' : 'normal'"


#: Characters per subtitle line: a longer note (a list of suppressed areas) wraps, so a fitted
#: export never squeezes its plot to make room for one long line.
SUBTITLE_WIDTH = 110


def title(text: str, *notes: str | None) -> dict:
    """Return a chart title: `text`, with the non-empty notes as subtitle lines, each wrapped
    at SUBTITLE_WIDTH characters."""
    lines = [
        line
        for note in notes
        if note
        for line in textwrap.wrap(note, SUBTITLE_WIDTH, break_long_words=False)
    ]
    return {"text": text, "subtitle": lines} if lines else {"text": text}


#: What a chart says when every value of the selection is suppressed.
ALL_SUPPRESSED = "Geen cijfers te tonen: alles in deze selectie is onderdrukt"


def no_data(titel: str, message: str = "Geen gegevens voor deze selectie") -> Chart:
    """Return a chart that says there is nothing to show (an empty selection, or `message`:
    one whose every value is suppressed, which must not become an empty axis)."""
    spec = {
        "data": {"name": "tekst"},
        "mark": {"type": "text", "color": "#555555", "fontSize": 13},
        "encoding": {"text": {"field": "tekst", "type": "nominal"}},
        "height": 60,
        "title": {"text": titel},
        "width": 300,
    }
    return Chart(spec, {"tekst": pl.DataFrame({"tekst": [message]})}, "no_data")


def line_segments(
    frame: pl.DataFrame,
    series: str,
    order: str,
    value: str = "value",
    extra: Sequence[str] = (),
) -> pl.DataFrame:
    """Return two-point line pieces between consecutive drawn periods of each series.

    A piece touching an incomplete period is `onvolledige periode` (drawn dashed); a suppressed
    or missing value breaks the line, so nothing is drawn across it. Columns: `reeks`, the
    `order` column, `value`, the `extra` columns, `stuk` (piece id) and `lijn`.
    """
    pieces: list[dict] = []
    has_complete = "periode_volledig" in frame.columns
    # Grouped in Python: one conversion of the frame instead of one polars query per series.
    groups: dict = {}
    for record in frame.sort(order).to_dicts():
        groups.setdefault(record[series], []).append(record)
    for name, records in groups.items():
        for left, right in pairwise(records):
            if left[value] is None or right[value] is None:
                continue
            incomplete = has_complete and (
                left["periode_volledig"] is False or right["periode_volledig"] is False
            )
            piece = len(pieces) // 2
            for point in (left, right):
                pieces.append(
                    {
                        "reeks": name,
                        order: point[order],
                        "value": point[value],
                        **{name: point[name] for name in extra},
                        "stuk": piece,
                        "lijn": DASHED if incomplete else SOLID,
                    }
                )
    schema = {
        "reeks": pl.String,
        order: frame.schema[order],
        "value": pl.Float64,
        **{name: pl.Float64 for name in extra},
        "stuk": pl.Int64,
        "lijn": pl.String,
    }
    return pl.DataFrame(pieces, schema=schema)


def has_dashed(segments: pl.DataFrame) -> bool:
    """True when the line pieces include an incomplete period."""
    return DASHED in set(segments.get_column("lijn").to_list())


def line_dash(show_legend: bool) -> dict:
    """Return the stroke-dash encoding: solid for complete periods, dashed for incomplete ones.

    With `show_legend` the legend says 'onvolledige periode' (only when the chart has one).
    """
    return {
        "field": "lijn",
        "legend": {"title": None} if show_legend else None,
        "scale": {"domain": [SOLID, DASHED], "range": [[1, 0], [5, 4]]},
        "type": "nominal",
    }


def require_single(frame: pl.DataFrame, column: str, chart: str) -> None:
    """Refuse (ChartInputError) a frame that holds more than one value of `column`."""
    if column in frame.columns and frame.get_column(column).n_unique() > 1:
        values = ", ".join(str(v) for v in frame.get_column(column).unique(maintain_order=True))
        raise ChartInputError(f"{chart}: verwacht één {column}, kreeg: {values}")
