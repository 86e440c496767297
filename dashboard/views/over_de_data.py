"""Over de data: build date, period covered, inputs and row counts, quarantined rows,
suppression thresholds, and whether the data are synthetic."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import format as fmt
from dashboard import present, queries
from dashboard.data import quarantaine
from dashboard.views import _common as common

TITLE = "Over de data"


def render() -> None:
    """Render the Over de data page."""
    st.title(TITLE)
    database = common.database()
    limit = quarantaine.percent(quarantaine.LIMIT)
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
                f"- **Gebouwd op:** {present.date_text(info.get('built_at'), with_time=True)} "
                f"(UTC), pipelineversie {info.get('pipeline_version') or 'onbekend'}",
                f"- **Periode:** {_period_covered(info)}; {_last_complete_year(info)}",
                f"- **Onderdrukking:** aantallen van 1 tot {info['min_telling']} worden niet "
                f"getoond (“< {info['min_telling']}”); cijfers per 1.000 inwoners alleen bij "
                f"ten minste {fmt.format_number(info['min_noemer'])} inwoners van 75+; "
                f"koppelcijfers alleen bij ten minste {info['min_koppels']} koppels.",
            ]
        )
    )
    st.subheader("Aangeleverde bestanden")
    inputs = quarantaine.shares(queries.build_inputs(database))
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
            pl.Series(
                f"Aandeel in quarantaine (grens {limit})",
                [
                    _share_text(share, over)
                    for share, over in inputs.select("aandeel", "boven_grens").iter_rows()
                ],
                dtype=pl.String,
            ),
        ),
        key="data_bestanden",
    )
    st.caption(
        f"Een bestand met meer dan {limit} van de rijen in quarantaine wordt niet gebruikt, "
        "tenzij de databeheerder die quarantaine uitdrukkelijk toestaat."
    )
    _quarantine(database, inputs)


def _period_covered(info: dict) -> str:
    """ "01-01-2020 tot en met 30-09-2026", saying which end the build did not record."""
    start, end = info.get("data_start"), info.get("peildatum")
    if end is None:
        return f"vanaf {present.date_text(start)}; de peildatum is onbekend"
    return f"{present.date_text(start)} tot en met {present.date_text(end)}"


def _last_complete_year(info: dict) -> str:
    year = info.get("laatste_volledige_jaar")
    return "nog geen volledig jaar" if year is None else f"laatste volledige jaar {year}"


def _share_text(share: float, over: bool) -> str:
    text = quarantaine.percent(share)
    return f"{text}, boven de grens (toegestaan)" if over else text


def _quarantine(database: str, inputs: pl.DataFrame) -> None:
    """The quarantined rows: the total per reason, per file, the rows themselves where the
    database has them, and a download."""
    st.subheader("Rijen in quarantaine")
    reasons = quarantaine.reasons(queries.quarantine_summary(database))
    headline = quarantaine.headline(inputs, reasons)
    if headline is None:
        st.markdown("Er zijn geen rijen in quarantaine gezet: elke rij voldeed aan de regels.")
        return
    st.markdown(f"{headline} Deze rijen zijn niet gebruikt: ze tellen in geen enkel cijfer mee.")
    common.show_table(
        reasons.select(
            pl.col("file").alias("Bestand"),
            pl.col("melding").alias("Melding"),
            fmt.format_number_expr(pl.col("rows")).alias("Rijen"),
        ),
        key="data_quarantaine",
    )
    rows = queries.quarantine_rows(database)
    if rows is None:
        st.caption(
            "Per rij (met rijnummer en de foute waarde) staat de lijst in quarantaine.csv bij "
            "de build; vraag die aan de databeheerder."
        )
        st.download_button(
            "Meldingen per reden (CSV)",
            data=lambda: quarantaine.reasons_csv(reasons),
            file_name=quarantaine.REASONS_FILE,
            mime="text/csv",
            on_click="ignore",
            key="download_quarantaine",
        )
        return
    common.show_table(
        rows.select(
            pl.col("file").alias("Bestand"),
            fmt.format_number_expr(pl.col("row")).alias("Rij"),
            pl.col("column_name").fill_null("–").alias("Kolom"),
            pl.col("value").fill_null("–").alias("Waarde"),
            pl.col("message").alias("Melding"),
        ),
        key="data_quarantaine_rijen",
    )
    st.caption(
        "Rij is het regelnummer in het aangeleverde bestand (de kopregel is rij 1). Waarden die "
        "naar een persoon kunnen wijzen (sleutels, pseudoniemen, datums) worden niet getoond."
    )
    st.download_button(
        "Quarantainelijst (CSV)",
        data=lambda: quarantaine.rows_csv(rows),
        file_name=quarantaine.ROWS_FILE,
        mime="text/csv",
        on_click="ignore",
        key="download_quarantaine",
    )


if __name__ == "__main__":
    render()
