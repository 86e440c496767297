"""Over de data: build date, period covered, inputs and row counts, quarantined rows,
suppression thresholds, and whether the data are synthetic."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import format as fmt
from dashboard import queries
from dashboard.views import _common as common

TITLE = "Over de data"


def render() -> None:
    """Render the Over de data page."""
    st.title(TITLE)
    database = common.database()
    info = queries.build_info(database)
    if info.get("synthetisch"):
        st.warning(
            "Dit dashboard toont **synthetische gegevens**: verzonnen cliënten, praktijken en "
            "koppels, gemaakt om het dashboard te laten zien. Trek er geen conclusies uit.",
            icon=":material/science:",
        )
    st.markdown(
        "\n".join(
            [
                f"- **Gebouwd op:** {info['built_at']:%d-%m-%Y %H:%M} (UTC), pipelineversie "
                f"{info['pipeline_version']}",
                f"- **Periode:** {info['data_start']:%d-%m-%Y} tot en met "
                f"{info['peildatum']:%d-%m-%Y}; laatste volledige jaar "
                f"{info['laatste_volledige_jaar']}",
                f"- **Onderdrukking:** aantallen van 1 tot {info['min_telling']} worden niet "
                f"getoond (“< {info['min_telling']}”); cijfers per 1.000 inwoners alleen bij "
                f"ten minste {fmt.format_number(info['min_noemer'])} inwoners van 75+; "
                f"koppelcijfers alleen bij ten minste {info['min_koppels']} koppels.",
            ]
        )
    )
    st.subheader("Aangeleverde bestanden")
    inputs = queries.build_inputs(database)
    common.show_table(
        inputs.select(
            pl.col("file").alias("Bestand"),
            pl.col("format").alias("Formaat"),
            *[
                fmt.format_number_expr(pl.col(column)).alias(title)
                for column, title in (
                    ("rows_read", "Rijen gelezen"),
                    ("rows_loaded", "Rijen geladen"),
                    ("rows_quarantined", "Rijen in quarantaine"),
                )
            ],
        ),
        key="data_bestanden",
    )
    st.subheader("Rijen in quarantaine")
    quarantine = queries.quarantine_summary(database)
    if quarantine.is_empty():
        st.markdown("Er zijn geen rijen in quarantaine gezet: elke rij voldeed aan de regels.")
    else:
        common.show_table(
            quarantine.select(
                pl.col("file").alias("Bestand"),
                pl.col("column_name").alias("Kolom"),
                pl.col("reason").str.replace_all("_", " ").alias("Reden"),
                fmt.format_number_expr(pl.col("rows")).alias("Rijen"),
            ),
            key="data_quarantaine",
        )


if __name__ == "__main__":
    render()
