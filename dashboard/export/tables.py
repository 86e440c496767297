"""The data behind a chart as CSV (for Dutch Excel) and as .xlsx, with title and footnote.

Both files have the same layout: line 1 the title, line 2 the selection, line 3 the footnote,
line 4 empty, line 5 the column headers (Dutch) and then one line per row of the chart's frame.
The CSV is UTF-8 with BOM, `;`-separated with a decimal comma and no thousands separator, so
Dutch Excel opens it as numbers; the .xlsx holds real numbers with number formats.

Every number of a suppressed row is emptied here again, whatever the frame holds, and the
column "Weergave" says what the screen shows ("< 15" after a build with --min-count 15,
"onderdrukt"), written by `dashboard.present`: an export never carries a
suppressed number.
"""

from __future__ import annotations

import csv
import io

import polars as pl
import xlsxwriter

from dashboard import format as fmt
from dashboard import present
from dashboard.export.meta import ExportMeta

#: Lines before the table header in CSV and xlsx (title, selection, footnote, empty line).
TABLE_START_ROW = 4

#: Published columns with the Dutch header an export gives them, in the order of the table.
COLUMN_TITLES = {
    "titel": "Indicator",
    "indicator_id": "Indicatorcode",
    "area_level": "Niveau",
    "area_name": "Gebied",
    "area_code": "Gebiedscode",
    "period": "Periode",
    "periode_volledig": "Periode volledig",
    "jaar": "Jaar",
    "kwartaal_sinds_start": "Kwartaal sinds start",
    "kenmerk": "Kenmerk",
    "waarde": "Categorie",
    "opname_type": "Opnametype",
    "leeftijdsklasse": "Leeftijdsklasse",
    "geslacht": "Geslacht",
    "fase": "Samenwerkingsfase",
    "value": "Waarde",
    "eenheid": "Eenheid",
    "lower_95": "Ondergrens 95%",
    "upper_95": "Bovengrens 95%",
    "lower_998": "Ondergrens 99,8%",
    "upper_998": "Bovengrens 99,8%",
    "teller": "Teller",
    "noemer": "Noemer",
    # A corrected funnel plot's position of the area (reports/gecorrigeerd.funnel_rows).
    "derived_noemer": "Effectieve bevolking 75+ (uit het gecorrigeerde cijfer)",
    "benchmark_code": "Referentiegebied",
    "benchmark_value": "Referentiewaarde",
    "comparison": "Vergelijking",
    # The rule of reports/gecorrigeerd.py: the row's value, interval, benchmark value and
    # comparison are corrected for age and sex ("ja") or crude ("nee").
    "gecorrigeerd": "Gecorrigeerd voor leeftijd en geslacht",
    "trend": "Trend",
    "n_koppels": "Aantal koppels",
    "actieve_koppels": "Actieve koppels",
    "contacten_per_koppel": "Contacten per koppel",
    "clienten_per_koppel": "Cliënten per koppel",
    "aandeel_werkt_in_his": "Aandeel SO werkt in HIS (%)",
    "aandeel_vast_overleg": "Aandeel vaste overlegmomenten (%)",
    "aandelen_onderdrukt": "Aandelen onderdrukt",
    "aantal": "Aantal",
    "crisis": "Waarvan crisis",
    "per_1000": "Per 1.000 inwoners 75+",
    "inwoners": "Inwoners",
    "contacten": "Contacten",
    "praktijken": "Praktijken",
    "ingeschreven_75plus": "Ingeschreven 75-plussers",
    "aandeel": "Aandeel (%)",
    # koppel_vergelijking ("Helpt een vast koppel?")
    "groep": "Groep",
    # One label for the shares and the rate (wlz_opnames): the column Eenheid says which.
    "difference": "Verschil met − zonder koppel (procentpunt of per 1.000, zie Eenheid)",
    "difference_lower_95": "Verschil ondergrens 95%",
    "difference_upper_95": "Verschil bovengrens 95%",
    "p_value": "p-waarde (toets van het verschil: twee proporties of twee Poisson-cijfers)",
    "suppressed": "Onderdrukt",
    "suppression_reason": "Reden onderdrukking",
}

#: Columns that place a row (never a disclosed number): kept on suppressed rows.
POSITION_COLUMNS = ("jaar", "kwartaal_sinds_start", "volgorde", "decimalen", *present.BUILD_COLUMNS)
#: Columns rounded to the indicator's decimals, as the screen shows them.
VALUE_COLUMNS = ("value", "lower_95", "upper_95", "lower_998", "upper_998", "benchmark_value")
#: Shares, published as percentages (0–100): exported with one decimal.
SHARE_COLUMNS = ("aandeel_werkt_in_his", "aandeel_vast_overleg", "aandeel")

_CODE_LABELS = {
    "area_level": fmt.AREA_LEVEL_LABELS,
    "comparison": fmt.COMPARISON_LABELS,
    "trend": fmt.TREND_LABELS,
    "opname_type": fmt.OPNAME_TYPE_LABELS,
    "kenmerk": fmt.KENMERK_LABELS,
    "geslacht": {"M": "Mannen", "V": "Vrouwen"},
    "fase": fmt.FASE_LABELS,
    "groep": {"met_koppel": "Met vast koppel", "zonder_koppel": "Zonder vast koppel"},
    "suppression_reason": {
        "primair": "Kleine aantallen",
        "secundair": "Terugrekenbaar",
        "kleine_noemer": "Kleine noemer",
        present.TOO_FEW_KOPPELS: "Te weinig koppels",
        present.TOO_FEW_PRACTICES: "Te weinig praktijken",
    },
}


def _suppressed(frame: pl.DataFrame) -> pl.Expr:
    if "suppressed" not in frame.columns:
        return pl.lit(False)
    return pl.col("suppressed").fill_null(False)


def mask_suppressed(frame: pl.DataFrame) -> pl.DataFrame:
    """Return `frame` with every number of a suppressed row emptied (positions excepted)."""
    numeric = [
        name
        for name, dtype in frame.schema.items()
        if dtype.is_numeric() and name not in POSITION_COLUMNS
    ]
    suppressed = _suppressed(frame)
    return frame.with_columns(
        pl.when(suppressed).then(None).otherwise(pl.col(name)).alias(name) for name in numeric
    )


#: Probabilities keep four decimals: at two, p = 0,0004 would read as 0,00.
P_VALUE_COLUMNS = ("p_value",)


def _round_values(frame: pl.DataFrame) -> pl.DataFrame:
    present = [name for name in VALUE_COLUMNS if name in frame.columns]
    floats = [
        name
        for name, dtype in frame.schema.items()
        if dtype.is_float()
        and name not in present
        and name not in SHARE_COLUMNS
        and name not in P_VALUE_COLUMNS
    ]
    if "decimalen" in frame.columns:
        decimals = frame.get_column("decimalen").fill_null(1).unique().sort().to_list()

        def rounded(name: str) -> pl.Expr:
            expr = pl.col(name).round(1)
            for d in decimals:
                expr = pl.when(pl.col("decimalen") == d).then(pl.col(name).round(d)).otherwise(expr)
            return expr.alias(name)

        frame = frame.with_columns(rounded(name) for name in present)
    else:
        frame = frame.with_columns(pl.col(name).round(2) for name in present)
    shares = [name for name in SHARE_COLUMNS if name in frame.columns]
    return frame.with_columns(
        *(pl.col(name).round(2) for name in floats),
        *(pl.col(name).round(1).alias(name) for name in shares),
        *(pl.col(name).round(4) for name in P_VALUE_COLUMNS if name in frame.columns),
    )


def _labels(frame: pl.DataFrame) -> pl.DataFrame:
    labelled = []
    for name, labels in _CODE_LABELS.items():
        if name in frame.columns:
            labelled.append(pl.col(name).replace(labels).alias(name))
    if "waarde" in frame.columns and "kenmerk" in frame.columns:
        waarde = pl.col("waarde")
        for kenmerk, labels in fmt.KENMERK_WAARDE_LABELS.items():
            waarde = (
                pl.when(pl.col("kenmerk") == kenmerk)
                .then(pl.col("waarde").replace(labels))
                .otherwise(waarde)
            )
        labelled.append(waarde.alias("waarde"))
    if "period" in frame.columns:
        volledig = (
            pl.col("periode_volledig") if "periode_volledig" in frame.columns else pl.lit(True)
        )
        peildatum = pl.col("peildatum") if "peildatum" in frame.columns else pl.lit(None)
        labelled.append(
            pl.struct(
                pl.col("period"), volledig.alias("periode_volledig"), peildatum.alias("peildatum")
            )
            .map_elements(present.row_period_text, return_dtype=pl.String)
            .alias("period")
        )
    booleans = [name for name, dtype in frame.schema.items() if dtype == pl.Boolean]
    labelled.extend(
        pl.when(pl.col(name))
        .then(pl.lit("ja"))
        .when(pl.col(name).is_null())
        .then(None)
        .otherwise(pl.lit("nee"))
        .alias(name)
        for name in booleans
    )
    return frame.with_columns(labelled)


def data_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the frame behind a chart as the table an export holds.

    Suppressed rows lose every number; values are rounded as on screen; codes become Dutch
    labels, booleans "ja"/"nee", shares with one decimal; known columns get Dutch headers in a fixed
    order, unknown ones keep their name; geometry and sort helpers are left out. A frame with
    `value` gets "Weergave", the text the screen shows. Refuses a non-polars frame (TypeError).
    """
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(f"data_table: verwacht een polars DataFrame, niet {type(frame).__name__}")
    masked = mask_suppressed(frame)
    shown = None
    if "value" in masked.columns:
        shown = pl.Series("Weergave", [present.value_text(r) for r in masked.to_dicts()], pl.String)
    table = _labels(_round_values(masked))
    ordered = [name for name in COLUMN_TITLES if name in table.columns]
    skipped = {
        "geometry",
        "volgorde",
        "decimalen",
        "polariteit",
        "methode",
        "period_start",
        "period_type",
        "parent_code",
        "gemeente_code",
        "resv_code",
        *present.BUILD_COLUMNS,
        # The standardised twins: a view shows them in value, limits and comparison when the
        # user chose the correction (column "gecorrigeerd"); otherwise they are not shown.
        "std_value",
        "std_lower_95",
        "std_upper_95",
        "std_lower_998",
        "std_upper_998",
        "std_comparison",
        "benchmark_std_value",
    }
    extra = [name for name in table.columns if name not in COLUMN_TITLES and name not in skipped]
    table = table.select(ordered + extra).rename({name: COLUMN_TITLES[name] for name in ordered})
    if shown is not None:
        position = table.columns.index("Waarde")
        table = table.insert_column(position, shown)
    return table


def _preamble(meta: ExportMeta) -> list[str]:
    return [meta.titel, meta.ondertitel, meta.voetnoot, ""]


def export_csv(frame: pl.DataFrame, meta: ExportMeta) -> bytes:
    """Return the data behind a chart as CSV bytes for Dutch Excel (see the module docstring)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    for line in _preamble(meta):
        writer.writerow([line] if line else [])
    body = data_table(frame).write_csv(
        separator=";", decimal_comma=True, null_value="", float_scientific=False
    )
    return ("\ufeff" + buffer.getvalue() + body).encode("utf-8")


def _number_format(dtype: pl.DataType, decimals: int | None) -> str:
    if dtype.is_integer():
        return "#,##0"
    places = 2 if decimals is None else decimals
    return "#,##0" + ("." + "0" * places if places else "")


def export_xlsx(frame: pl.DataFrame, meta: ExportMeta) -> bytes:
    """Return the data behind a chart as an .xlsx workbook (sheet "Gegevens"), numbers as
    numbers with a number format (Dutch Excel shows them with a decimal comma)."""
    table = data_table(frame)
    decimals = frame.get_column("decimalen").to_list() if "decimalen" in frame.columns else None
    value_titles = {COLUMN_TITLES[name] for name in VALUE_COLUMNS}
    share_titles = {COLUMN_TITLES[name] for name in SHARE_COLUMNS}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {"title": meta.titel, "subject": meta.ondertitel, "comments": meta.voetnoot}
    )
    sheet = book.add_worksheet("Gegevens")
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, meta.titel, book.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, meta.ondertitel)
    sheet.write(2, 0, meta.voetnoot, book.add_format({"font_color": "#555555", "font_size": 9}))
    formats: dict[str, xlsxwriter.format.Format] = {}

    def number(code: str):
        if code not in formats:
            formats[code] = book.add_format({"num_format": code})
        return formats[code]

    for col, name in enumerate(table.columns):
        sheet.write(TABLE_START_ROW, col, name, bold)
        dtype = table.schema[name]
        width = len(name)
        for offset, value in enumerate(table.get_column(name).to_list()):
            row = TABLE_START_ROW + 1 + offset
            if value is None:
                continue
            if dtype.is_numeric():
                places = 1 if name in share_titles else None
                if name in value_titles and decimals is not None:
                    places = decimals[offset] if decimals[offset] is not None else 1
                sheet.write_number(row, col, value, number(_number_format(dtype, places)))
                width = max(width, len(str(value)) + 2)
            else:
                sheet.write_string(row, col, str(value))
                width = max(width, len(str(value)))
        sheet.set_column(col, col, min(width + 2, 60))
    if table.width:
        sheet.autofilter(TABLE_START_ROW, 0, TABLE_START_ROW + table.height, table.width - 1)
    sheet.freeze_panes(TABLE_START_ROW + 1, 0)
    book.close()
    return buffer.getvalue()
