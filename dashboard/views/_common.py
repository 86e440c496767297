"""Small helpers the pages share: the database path, showing a chart, texts for a value."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboard import db
from dashboard import format as fmt
from dashboard.charts._template import Parts, compact_arrow
from dashboard.theme import finish

#: How a page explains the suppressed values in its charts and tables.
SUPPRESSED_LEGEND = (
    "Onderdrukte cijfers staan er als “< 10” of “onderdrukt”: te weinig personen of "
    "gebeurtenissen om te tonen zonder dat iemand herkenbaar wordt."
)


#: A value that is not suppressed but does not exist, because its denominator is 0.
NO_VALUE = "geen waarde (noemer is 0)"


def database() -> str:
    """Return the real path of the published database (checked by the entry script)."""
    return db.real_path()


def show_chart(chart: alt.TopLevelMixin | Parts, key: str) -> None:
    """Show `chart` with the dashboard theme and the Dutch locale (the same as in exports).

    Give a builder's parts (``charts.<builder>.parts(...)``): their spec is assembled once per
    shape and only filled with this run's values, and their data go to Streamlit as Arrow
    tables (text dictionary-encoded where it repeats: `compact_arrow`), not JSON rows. The
    spec is not validated against the Vega-Lite schema here: the chart tests validate every
    builder's spec already.
    """
    if isinstance(chart, Parts):
        spec = chart.spec()
        spec["datasets"] = {
            name: compact_arrow(data) if isinstance(data, pl.DataFrame) else data
            for name, data in spec["datasets"].items()
        }
    else:
        spec = finish(chart).to_dict(validate=False)
    st.vega_lite_chart(spec, theme=None, key=key)


def value_text(row: dict, short: bool = False) -> str:
    """Return a published value as the screen shows it: with its unit, or the suppression text.

    Never returns a number for a suppressed row.
    """
    if row.get("suppressed"):
        return fmt.format_suppressed(
            row.get("suppression_reason"), short=short, methode=row.get("methode")
        )
    if row.get("value") is None:
        # Not suppressed but empty: nothing to divide by (e.g. no practices in the wijk).
        return NO_VALUE
    decimals = int(row.get("decimalen") or 0)
    return fmt.format_value(row.get("value"), row.get("eenheid"), decimals)


def interval_text(row: dict) -> str:
    """Return the 95 % interval of a row ("28,1–34,6"), or "–" when it has none."""
    if row.get("suppressed"):
        return fmt.MISSING
    return fmt.format_interval(row.get("lower_95"), row.get("upper_95"), int(row["decimalen"]))


def period_text(period: str, volledig: bool | None) -> str:
    """Return a period label, marked "(onvolledig)" when incomplete."""
    return fmt.period_label(period, volledig is not False)


def indicator_table(frame: pl.DataFrame, first: str, first_title: str) -> pl.DataFrame:
    """Return indicator rows as a table of Dutch texts (no raw numbers): value, interval,
    numerator, denominator, comparison, trend, and the suppression explanation."""
    rows = []
    for row in frame.to_dicts():
        suppressed = bool(row.get("suppressed"))
        rows.append(
            {
                first_title: str(row[first]),
                "Waarde": value_text(row),
                "95%-interval": interval_text(row),
                "Teller": fmt.MISSING if suppressed else fmt.format_number(row.get("numerator")),
                "Noemer": fmt.format_number(row.get("denominator")),
                "Referentie": fmt.format_value(
                    row.get("benchmark_value"), row.get("eenheid"), int(row["decimalen"])
                ),
                "Vergelijking": fmt.label_for(
                    fmt.STATUS_LABELS, "onderdrukt" if suppressed else row.get("comparison")
                ),
                "Trend": fmt.label_for(fmt.TREND_LABELS, row.get("trend")),
                "Toelichting": fmt.suppression_explanation(row.get("suppression_reason"))
                if suppressed
                else "",
            }
        )
    return pl.DataFrame(
        rows,
        schema=dict.fromkeys(
            [
                first_title,
                "Waarde",
                "95%-interval",
                "Teller",
                "Noemer",
                "Referentie",
                "Vergelijking",
                "Trend",
                "Toelichting",
            ],
            pl.String,
        ),
    )


def show_table(table: pl.DataFrame, key: str) -> None:
    """Show a table of texts, without an index."""
    st.dataframe(table, hide_index=True, key=key)


def incomplete_note(period: str, volledig: bool | None) -> None:
    """Say that a period is incomplete, and therefore has no benchmark verdict or trend."""
    if volledig is False:
        st.caption(
            f"{fmt.period_label(period)} is nog niet compleet: de cijfers zijn voorlopig en "
            "worden niet vergeleken met de referentie."
        )
