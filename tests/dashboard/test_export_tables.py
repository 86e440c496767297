"""CSV and XLSX exports (dashboard/export/tables.py): Dutch format, the expected columns, and
no suppressed number, checked against the published suppressed cells of the sample build."""

import csv
import io
import zipfile

import duckdb
import polars as pl
import pytest

from dashboard.export.meta import ExportMeta, bron_from_build_info
from dashboard.export.tables import TABLE_START_ROW, data_table, export_csv, export_xlsx
from dashboard.reports import gecorrigeerd

INDICATOR_COLUMNS = [
    "Indicator",
    "Indicatorcode",
    "Niveau",
    "Gebied",
    "Gebiedscode",
    "Periode",
    "Periode volledig",
    "Weergave",
    "Waarde",
    "Eenheid",
    "Ondergrens 95%",
    "Bovengrens 95%",
    "Ondergrens 99,8%",
    "Bovengrens 99,8%",
    "Teller",
    "Noemer",
    "Referentiegebied",
    "Referentiewaarde",
    "Vergelijking",
    "Trend",
    "Onderdrukt",
    "Reden onderdrukking",
]
NUMBER_COLUMNS = [
    "Waarde",
    "Ondergrens 95%",
    "Bovengrens 95%",
    "Ondergrens 99,8%",
    "Bovengrens 99,8%",
    "Teller",
    "Noemer",
    "Referentiewaarde",
]


@pytest.fixture(scope="module")
def published(published_db):
    con = duckdb.connect(str(published_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def wijken(published):
    """Every indicator of the wijken of RESV01 in 2025, as the pages query it."""
    return published.sql(
        "select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde "
        "from indicator_values v join indicator_catalogue c using (indicator_id) "
        "join areas a using (area_code) "
        "where v.area_level = 'wijk' and a.resv_code = $resv and v.period = $period "
        "order by c.volgorde, v.area_code",
        params={"resv": "RESV01", "period": "2025"},
    ).pl()


@pytest.fixture(scope="module")
def gemeenten(published):
    """Every indicator of the gemeenten in 2025, as the pages query it: unlike the sample's
    wijken, they have standardised rates to show."""
    return published.sql(
        "select v.*, c.titel, c.eenheid, c.decimalen, c.volgorde "
        "from indicator_values v join indicator_catalogue c using (indicator_id) "
        "where v.area_level = 'gemeente' and v.period = $period "
        "order by c.volgorde, v.area_code",
        params={"period": "2025"},
    ).pl()


@pytest.fixture(scope="module")
def meta(published):
    info = published.sql("select * from build_info").pl().row(0, named=True)
    return ExportMeta(
        "Overzicht per wijk", ("Synthetica Noord",), "2025", bron_from_build_info(info), "overzicht"
    )


def _read_csv(data: bytes) -> pl.DataFrame:
    """The table part of an exported CSV, every cell as text ("" when empty)."""
    lines = data.decode("utf-8-sig").splitlines()[TABLE_START_ROW:]
    reader = csv.reader(lines, delimiter=";")
    header = next(reader)
    return pl.DataFrame(list(reader), schema=dict.fromkeys(header, pl.String), orient="row")


def test_csv_starts_with_bom_title_selection_and_footnote(wijken, meta):
    data = export_csv(wijken, meta)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\n")
    assert lines[:4] == ["Overzicht per wijk", "Synthetica Noord · 2025", meta.voetnoot, ""]
    assert lines[4] == ";".join(INDICATOR_COLUMNS)


def test_csv_has_one_row_per_frame_row_with_decimal_commas(wijken, meta):
    table = _read_csv(export_csv(wijken, meta))
    assert table.columns == INDICATOR_COLUMNS
    assert table.height == wijken.height
    shown = table.filter(pl.col("Onderdrukt") == "nee")
    assert shown.height > 0
    for column in ("Waarde", "Ondergrens 95%", "Referentiewaarde"):
        values = shown.get_column(column).to_list()
        assert all("." not in v for v in values), column
        assert any("," in v for v in values), column
    first = wijken.filter(~pl.col("suppressed")).row(0, named=True)
    row = table.filter(
        (pl.col("Indicatorcode") == first["indicator_id"])
        & (pl.col("Gebiedscode") == first["area_code"])
    ).row(0, named=True)
    assert row["Waarde"] == str(round(first["value"], int(first["decimalen"]))).replace(".", ",")
    assert row["Periode"] == "2025" and row["Niveau"] == "Wijk"


def _published_suppressed(wijken: pl.DataFrame) -> set[tuple[str, str]]:
    return {
        (r["indicator_id"], r["area_code"]) for r in wijken.filter(pl.col("suppressed")).to_dicts()
    }


def test_csv_suppressed_cells_are_exactly_the_published_ones_and_carry_no_number(wijken, meta):
    table = _read_csv(export_csv(wijken, meta))
    suppressed = table.filter(pl.col("Onderdrukt") == "ja")
    assert {
        (r["Indicatorcode"], r["Gebiedscode"]) for r in suppressed.to_dicts()
    } == _published_suppressed(wijken)
    assert len(_published_suppressed(wijken)) > 0
    for column in NUMBER_COLUMNS:
        assert set(suppressed.get_column(column)) == {""}, column
    assert set(suppressed.get_column("Weergave")) <= {
        "< 10",
        "onderdrukt",
        "onderdrukt (kleine noemer)",
        # rows read without the build's thresholds name none
        "onderdrukt (te weinig koppels)",
        "onderdrukt (te weinig praktijken)",
    }


def test_suppressed_numbers_planted_in_the_frame_are_emptied(wijken, meta):
    planted = wijken.with_columns(
        pl.when(pl.col("suppressed")).then(pl.lit(4242.75)).otherwise(pl.col(name)).alias(name)
        for name in ("value", "teller", "lower_95", "upper_95")
    )
    assert b"4242" not in export_csv(planted, meta)
    assert "4242" not in data_table(planted).write_csv()
    xlsx = _read_xlsx(export_xlsx(planted, meta))
    values = xlsx.select(pl.col(c) for c in NUMBER_COLUMNS if xlsx.schema[c].is_numeric())
    assert not values.select(pl.any_horizontal(pl.all() == 4242.75)).to_series().any()


def _read_xlsx(data: bytes) -> pl.DataFrame:
    return pl.read_excel(io.BytesIO(data), read_options={"header_row": TABLE_START_ROW})


def test_xlsx_has_the_columns_numbers_and_suppressed_cells_empty(wijken, meta):
    data = export_xlsx(wijken, meta)
    table = _read_xlsx(data)
    assert table.columns == INDICATOR_COLUMNS
    assert table.height == wijken.height
    for column in ("Waarde", "Teller", "Noemer"):
        assert table.schema[column].is_numeric(), column
    suppressed = table.filter(pl.col("Onderdrukt") == "ja")
    assert {
        (r["Indicatorcode"], r["Gebiedscode"]) for r in suppressed.to_dicts()
    } == _published_suppressed(wijken)
    assert suppressed.select(NUMBER_COLUMNS).null_count().row(0) == (suppressed.height,) * 8
    head = pl.read_excel(io.BytesIO(data), has_header=False, read_options={"n_rows": 3})
    assert head.to_series(0).to_list() == [
        "Overzicht per wijk",
        "Synthetica Noord · 2025",
        meta.voetnoot,
    ]


def test_xlsx_numbers_have_number_formats_with_the_indicator_decimals(wijken, meta):
    with zipfile.ZipFile(io.BytesIO(export_xlsx(wijken, meta))) as book:
        styles = book.read("xl/styles.xml").decode()
    # One decimal for rates and percentages, none for waiting days and counts; Dutch Excel
    # shows these formats with a decimal comma and a thousands dot.
    assert 'formatCode="#,##0.0"' in styles
    assert "#,##0" in styles


def test_other_published_tables_get_dutch_headers_and_percentages(published, meta):
    kenmerken = published.sql(
        "select * from koppel_kenmerken where area_code = 'RESV01' order by jaar"
    ).pl()
    table = data_table(kenmerken)
    assert table.columns == [
        "Niveau",
        "Gebiedscode",
        "Jaar",
        "Actieve koppels",
        "Aandeel SO werkt in HIS (%)",
        "Aandeel vaste overlegmomenten (%)",
        "Aandelen onderdrukt",
        "Onderdrukt",
        "Reden onderdrukking",
    ]
    # The shares are published as percentages (0–100): exported as they are, not × 100.
    shares = kenmerken.filter(~pl.col("suppressed")).get_column("aandeel_werkt_in_his")
    assert shares.drop_nulls().max() <= 100
    exported = table.filter(pl.col("Onderdrukt") == "nee").get_column("Aandeel SO werkt in HIS (%)")
    assert exported.to_list() == shares.round(1).to_list()


def test_a_non_polars_frame_is_refused(meta):
    with pytest.raises(TypeError, match=r"^data_table: verwacht een polars DataFrame, niet list$"):
        export_csv([], meta)


def test_weergave_of_a_primary_suppressed_proportion_is_onderdrukt_not_less_than_ten():
    """A proportion may be suppressed because few are outside its teller (95 of 100)."""
    frame = pl.DataFrame(
        {
            "indicator_id": ["crisisopnames", "so_bereik"],
            "value": pl.Series([None, None], dtype=pl.Float64),
            "suppressed": [True, True],
            "suppression_reason": ["primair", "primair"],
            "methode": ["proportion", "rate"],
            "eenheid": ["%", "per 1.000"],
            "decimalen": [1, 1],
            "min_telling": [15, 15],
            "min_noemer": [50, 50],
            "min_koppels": [5, 5],
        }
    )
    assert data_table(frame)["Weergave"].to_list() == ["onderdrukt", "< 15"]
    # The build's thresholds are not a column of the export.
    assert "min_telling" not in data_table(frame).columns


def test_a_corrected_frame_says_per_row_whether_its_value_is_corrected(gemeenten, meta):
    # The pages' frames carry the benchmark's standardised value; here none is needed.
    frame = gecorrigeerd.apply(gemeenten.with_columns(benchmark_std_value=pl.lit(None, pl.Float64)))
    table = _read_csv(export_csv(frame, meta))
    after = INDICATOR_COLUMNS.index("Vergelijking") + 1
    assert table.columns == [
        *INDICATOR_COLUMNS[:after],
        "Gecorrigeerd voor leeftijd en geslacht",
        *INDICATOR_COLUMNS[after:],
    ]
    corrected = table.filter(pl.col("Gecorrigeerd voor leeftijd en geslacht") == "ja")
    assert corrected.height > 0
    assert set(corrected["Indicatorcode"]) <= set(
        gemeenten.filter(pl.col("std_comparison").is_not_null())["indicator_id"]
    )
    expected = frame.filter(
        pl.col("gecorrigeerd") & ~pl.col("suppressed") & pl.col("value").is_not_null()
    )
    assert expected["value"].to_list() == pytest.approx(expected["std_value"].to_list())


def test_a_small_p_value_keeps_its_digits():
    frame = pl.DataFrame({"p_value": [0.00042, 0.0312]})
    table = data_table(frame)
    column = next(name for name in table.columns if name.startswith("p-waarde"))
    assert table[column].to_list() == [0.0004, 0.0312]
