"""The quarantine as "Over de data" and its download show it: Dutch texts (never a reason code,
never "None"), the share of each file against the limit, and the CSV. No Streamlit here.

The reason texts and the CSV layout are the pipeline's own (``pipelines/ingest/summary.py``), so
the page says what ``python -m pipelines build`` printed and wrote to ``quarantaine.csv``.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from dashboard import format as fmt
from pipelines.contract import DEFAULT_MAX_QUARANTINE_SHARE
from pipelines.ingest import summary

#: The share of a file's rows the pipeline quarantines before it refuses the delivery (unless
#: the data steward allows more; the published database does not say so).
LIMIT = DEFAULT_MAX_QUARANTINE_SHARE
#: The download when the database has row-level lines, and when it has only counts per reason.
ROWS_FILE = summary.QUARANTINE_CSV
REASONS_FILE = "quarantaine_per_reden.csv"
REASONS_HEADER = ("bestand", "melding", "rijen")


def percent(share: float) -> str:
    """A share as a Dutch percentage with one decimal: "0,3 %"."""
    return f"{fmt.format_number(share * 100, 1)} %"


def reasons(quarantine_summary: pl.DataFrame) -> pl.DataFrame:
    """Return file, melding (the Dutch text of reason and column) and rows, most rows first
    within each file."""
    texts = [
        summary.reason_text(reason, column)
        for reason, column in zip(
            quarantine_summary["reason"], quarantine_summary["column_name"], strict=True
        )
    ]
    return (
        quarantine_summary.with_columns(pl.Series("melding", texts, dtype=pl.String))
        .group_by("file", "melding")
        .agg(pl.col("rows").sum())
        .sort(["file", "rows", "melding"], descending=[False, True, False])
        .select("file", "melding", "rows")
    )


def headline(build_inputs: pl.DataFrame, reason_rows: pl.DataFrame) -> str | None:
    """'12 rijen in quarantaine: 7 × …, 5 × …' over every file; None when there are none."""
    total = int(build_inputs["rows_quarantined"].sum())
    if total == 0:
        return None
    per_text = reason_rows.group_by("melding").agg(pl.col("rows").sum())
    counts = dict(zip(per_text["melding"], per_text["rows"], strict=True))
    return f"{summary.rows_text(total)} in quarantaine: {summary.breakdown(counts)}."


def shares(build_inputs: pl.DataFrame) -> pl.DataFrame:
    """Return build_inputs with ``aandeel`` (the share quarantined, 0 for an empty file) and
    ``boven_grens`` (more than LIMIT: the data steward allowed it explicitly)."""
    share = (
        pl.when(pl.col("rows_read") > 0)
        .then(pl.col("rows_quarantined") / pl.col("rows_read"))
        .otherwise(0.0)
    )
    return build_inputs.with_columns(share.alias("aandeel")).with_columns(
        (pl.col("aandeel") > LIMIT).alias("boven_grens")
    )


def rows_csv(quarantine_rows: pl.DataFrame) -> bytes:
    """quarantaine.csv as the pipeline writes it (``;``, UTF-8 with BOM, bestand, rij, kolom,
    waarde, melding), from the published rows (a withheld value is empty)."""
    stream = io.StringIO(newline="")
    summary.write_quarantine_csv(
        quarantine_rows.select("file", "row", "column_name", "value", "message").iter_rows(),
        stream,
    )
    return stream.getvalue().encode(summary.QUARANTINE_CSV_ENCODING)


def reasons_csv(reason_rows: pl.DataFrame) -> bytes:
    """The counts per file and reason in the same CSV dialect (bestand, melding, rijen)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=summary.QUARANTINE_CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(REASONS_HEADER)
    writer.writerows(reason_rows.select("file", "melding", "rows").iter_rows())
    return stream.getvalue().encode(summary.QUARANTINE_CSV_ENCODING)
