"""Bad input: one table of broken deliveries, each with the outcome ingest must give.

Every case starts from the valid delivery of ``ingest_helpers`` (CSV, ``,``), breaks one thing
and expects one of three outcomes: ``Loaded`` (nothing quarantined), ``Quarantined`` (exactly
these quarantine rows) or ``Refused`` (the whole delivery, with a message naming file, row and
column where there is one). Where the contract leaves the outcome open, ``decision`` says what
was decided and why. Each case runs through ``ingest_delivery``; refusals also run through the
command line (exit status 2, the message on stderr, no output folder), and loaded cases are
built end to end so an odd but valid delivery cannot crash a later step either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import pytest
import xlsxwriter

from pipelines import cli
from pipelines.ingest import DeliveryRefused, ingest_delivery
from tests.pipelines.ingest_helpers import (
    TODAY,
    csv_text,
    delivery_rows,
    quarantine_rows,
    write_delivery,
    write_table,
)

Break = Callable[[Path], None]


@dataclass(frozen=True)
class Loaded:
    """Every row loads; ``warnings`` are the report's warnings; ``query`` returns ``rows``."""

    warnings: tuple[str, ...] = ()
    query: str | None = None
    rows: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class Quarantined:
    """Exactly these quarantine rows: (table, row, column, value, reason)."""

    rows: list[tuple]


@dataclass(frozen=True)
class Refused:
    """The delivery is refused with a message containing ``message``."""

    message: str


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Break
    outcome: Loaded | Quarantined | Refused
    decision: str = ""


# --- ways to break the valid delivery ------------------------------------------------------


def change(table: str, row: int, **values: str) -> Break:
    """Set ``values`` in data row ``row`` (0-based; spreadsheet row ``row + 2``) of a table."""
    return rows_of(table, lambda rows: rows[row].update(values))


def append(table: str, source: int = 0, **values: str) -> Break:
    """Append a copy of data row ``source`` with ``values`` changed."""
    return rows_of(table, lambda rows: rows.append(dict(rows[source], **values)))


def rows_of(table: str, edit: Callable[[list[dict]], None], fmt: str = "csv", **options) -> Break:
    def apply(folder: Path) -> None:
        rows = delivery_rows()[table]
        edit(rows)
        (folder / f"{table}.csv").unlink()
        write_table(folder, table, rows, fmt, **options)

    return apply


def csv_lines(table: str, edit: Callable[[list[str]], list[str]], end: str = "\n") -> Break:
    """Rewrite the table's CSV lines (header first) with ``edit``, joined by ``end``."""

    def apply(folder: Path) -> None:
        lines = csv_text(delivery_rows()[table]).splitlines()
        (folder / f"{table}.csv").write_bytes(end.join(edit(lines)).encode("utf-8"))

    return apply


def csv_bytes(table: str, edit: Callable[[bytes], bytes]) -> Break:
    """Rewrite the bytes of the table's valid CSV file with ``edit``."""

    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        path.write_bytes(edit(path.read_bytes()))

    return apply


def file_bytes(name: str, data: bytes) -> Break:
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return apply


def both(*breaks: Break) -> Break:
    def apply(folder: Path) -> None:
        for one in breaks:
            one(folder)

    return apply


def replaced_by(table: str, new_name: str, writer: Callable[[Path], None]) -> Break:
    """Remove the table's CSV and let ``writer`` write ``new_name`` instead."""

    def apply(folder: Path) -> None:
        (folder / f"{table}.csv").unlink()
        writer(folder / new_name)

    return apply


def xlsx_sheets(table: str, title_rows: int = 0, extra_sheet: bool = False):
    """Write the table as .xlsx (text cells), below ``title_rows`` title/empty rows, with an
    optional second sheet of notes."""

    def write(path: Path) -> None:
        rows = delivery_rows()[table]
        workbook = xlsxwriter.Workbook(path)
        sheet = workbook.add_worksheet("Gegevens")
        if title_rows:
            sheet.write(0, 0, f"Levering {table} 2024")
        sheet.write_row(title_rows, 0, list(rows[0]))
        for number, row in enumerate(rows, start=title_rows + 1):
            sheet.write_row(number, 0, list(row.values()))
        if extra_sheet:
            workbook.add_worksheet("Toelichting").write(0, 0, "Aangeleverd door VVT Noord")
        workbook.close()

    return replaced_by(table, f"{table}.xlsx", write)


def _without_column(column: str) -> Callable[[list[dict]], None]:
    def edit(rows: list[dict]) -> None:
        for row in rows:
            del row[column]

    return edit


def _with_column(column: str, value: str) -> Callable[[list[dict]], None]:
    def edit(rows: list[dict]) -> None:
        for row in rows:
            row[column] = value

    return edit


def _parquet_with_text_inwoners(path: Path) -> None:
    frame = pl.DataFrame(delivery_rows()["bevolking"]).with_columns(
        pl.col("jaar").cast(pl.Int64), pl.Series("inwoners", ["120", "vijftien"])
    )
    frame.write_parquet(path)


_CONSULT_HEADER = csv_text(delivery_rows()["so_consulten"]).splitlines()[0]
_RULE_REFUSAL = "voldoen niet aan de regels; meer dan 5,0 % is niet toegestaan"

# --- the table of cases ---------------------------------------------------------------------

CASES = [
    # Files that cannot be read as a table.
    Case(
        "empty_file",
        file_bytes("bevolking.csv", b""),
        Refused("bevolking.csv: het bestand is leeg (geen kopregel)."),
    ),
    Case(
        "only_a_header",
        csv_lines("koppels", lambda lines: lines[:1]),
        Loaded(
            warnings=("koppels.csv: bevat alleen een kopregel; er zijn geen rijen geladen.",),
            query="select count(*) from valid_koppels",
            rows=[(0,)],
        ),
        "A region without koppels is real (koppeldekking 0 %), so an empty table loads, "
        "with a warning; an empty gebieden quarantines everything else and is refused that way.",
    ),
    Case(
        "binary_file_named_csv",
        file_bytes("praktijken.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary"),
        Refused("praktijken.csv: het bestand is geen tekstbestand (CSV); lever CSV, Parquet"),
    ),
    Case(
        "utf16_encoding",
        file_bytes("gebieden.csv", csv_text(delivery_rows()["gebieden"]).encode("utf-16")),
        Refused("gebieden.csv: het bestand is opgeslagen als UTF-16; sla het op als CSV in UTF-8"),
        "Excel's 'Unicode text' export; named as such instead of 'not a text file'.",
    ),
    Case(
        "windows_1252_with_euro_and_accents",
        rows_of("koppels", lambda rows: rows[0].update(so_organisatie="Zorg € Eén"), "cp1252"),
        Loaded(
            query="select so_organisatie from valid_koppels where koppel_id = 'K1'",
            rows=[("Zorg € Eén",)],
        ),
    ),
    Case(
        "bytes_neither_utf8_nor_windows_1252",
        csv_bytes("koppels", lambda data: data.replace(b"VVT Zuid", b"VVT \x81Zuid")),
        Refused("koppels.csv: rij 3 bevat tekens die geen UTF-8 of Windows-1252 zijn"),
    ),
    Case(
        "utf8_with_bom",
        rows_of("gebieden", lambda rows: None, bom=True),
        Loaded(query="select count(*) from valid_gebieden", rows=[(2,)]),
    ),
    Case(
        "old_mac_line_ends",
        csv_lines("praktijken", lambda lines: lines, end="\r"),
        Loaded(
            query="select praktijk_id from valid_praktijken order by _row",
            rows=[("P-A",), ("P-B",)],
        ),
    ),
    # Delimiters, quotes and line ends.
    Case(
        "semicolon_delimiter",
        rows_of("so_consulten", lambda rows: None, delimiter=";"),
        Loaded(query="select count(*) from valid_so_consulten", rows=[(4,)]),
    ),
    Case(
        "mixed_delimiters_in_one_file",
        csv_lines(
            "so_consulten",
            lambda lines: [
                lines[0].replace(",", ";"),
                *(line.replace(",", ";") for line in lines[1:3]),
                *lines[3:],
            ],
        ),
        Quarantined(
            [
                ("so_consulten", 4, None, None, "kolommen_aantal"),
                ("so_consulten", 5, None, None, "kolommen_aantal"),
            ]
        ),
        "The header decides the delimiter; a row written with the other one has the wrong "
        "number of fields and is quarantined, never split a second way.",
    ),
    Case(
        "header_with_commas_rows_with_semicolons",
        csv_lines(
            "gebieden", lambda lines: [lines[0], *(line.replace(",", ";") for line in lines[1:])]
        ),
        Refused(f"gebieden.csv: 2 van 2 rijen (100,0 %) {_RULE_REFUSAL}"),
    ),
    Case(
        "truncated_last_line",
        csv_lines("so_consulten", lambda lines: [*lines, "C9,CL-1,2024-05"]),
        Quarantined([("so_consulten", 6, None, None, "kolommen_aantal")]),
    ),
    Case(
        "truncated_inside_a_quote",
        csv_lines("so_consulten", lambda lines: [*lines, 'C9,"CL-1']),
        Quarantined([("so_consulten", 6, None, None, "kolommen_aantal")]),
    ),
    Case(
        "quote_never_closed",
        csv_lines("so_consulten", lambda lines: [lines[0], lines[1], '"' + lines[2], *lines[3:]]),
        Refused(
            'so_consulten.csv, rij 3, kolom consult_id: een aanhalingsteken (") wordt niet '
            "gesloten, waardoor de regels erna als één waarde zijn gelezen."
        ),
        "The rows after an unclosed quote become one value; quarantining that one row would "
        "silently lose the others, so the file is refused.",
    ),
    Case(
        "quoted_value_with_a_line_break",
        change("gebieden", 0, wijk_naam="Centrum\nNoord"),
        Loaded(
            query="select wijk_naam from valid_gebieden order by _row",
            rows=[("Centrum\nNoord",), ("Oost",)],
        ),
    ),
    Case(
        "blank_line_keeps_the_row_numbers",
        both(
            change("so_consulten", 1, datum="2024-13-01"),
            lambda folder: (folder / "so_consulten.csv").write_text(
                (folder / "so_consulten.csv").read_text().replace("\nC2,", "\n\nC2,"),
            ),
        ),
        Quarantined([("so_consulten", 4, "datum", "2024-13-01", "ongeldige_datum")]),
        "A blank line is no row, but it keeps its number, so row numbers stay those a "
        "spreadsheet shows.",
    ),
    # Spreadsheets.
    Case(
        "xlsx_with_two_sheets",
        xlsx_sheets("koppels", extra_sheet=True),
        Loaded(
            warnings=(
                "koppels.xlsx: alleen het eerste werkblad 'Gegevens' is gelezen; "
                "genegeerd: 'Toelichting'.",
            ),
            query="select count(*) from valid_koppels",
            rows=[(2,)],
        ),
        "The contract reads the first sheet; the others are named in a warning.",
    ),
    Case(
        "xlsx_header_not_in_row_1",
        xlsx_sheets("praktijken", title_rows=2),
        Refused("praktijken.xlsx: de kopregel staat in rij 3 en niet in rij 1"),
    ),
    Case(
        "csv_with_a_title_line_above_the_header",
        csv_lines("opnames", lambda lines: ["Opnames 2024", *lines]),
        Refused("opnames.csv: de kopregel staat in rij 2 en niet in rij 1"),
    ),
    Case(
        "parquet_with_text_in_an_integer_column",
        replaced_by("bevolking", "bevolking.parquet", _parquet_with_text_inwoners),
        Quarantined([("bevolking", 3, "inwoners", "vijftien", "geen_geheel_getal")]),
    ),
    # Dates.
    Case(
        "dates_in_three_formats",
        both(
            change("so_consulten", 0, datum="2024-01-11"),
            change("so_consulten", 1, datum="12-02-2024"),
            change("so_consulten", 2, datum="13/03/2024"),
        ),
        Quarantined([("so_consulten", 4, "datum", "13/03/2024", "ongeldige_datum")]),
        "YYYY-MM-DD and DD-MM-YYYY load; any other format (slashes, month first) is "
        "quarantined, never guessed.",
    ),
    Case(
        "impossible_date",
        change("so_consulten", 1, datum="31-02-2024"),
        Quarantined([("so_consulten", 3, "datum", "31-02-2024", "ongeldige_datum")]),
    ),
    Case(
        "excel_serial_date",
        change("koppels", 0, startdatum="45292"),
        Quarantined([("koppels", 2, "startdatum", "45292", "ongeldige_datum")]),
    ),
    Case(
        "date_in_the_future",
        change("opnames", 1, opnamedatum="2099-03-02", ontslagdatum=""),
        Quarantined([("opnames", 3, "opnamedatum", "2099-03-02", "datum_in_toekomst")]),
    ),
    # Numbers.
    Case(
        "thousands_separator_in_a_semicolon_file",
        rows_of("bevolking", lambda rows: rows[0].update(inwoners="1.234"), delimiter=";"),
        Quarantined([("bevolking", 2, "inwoners", "1.234", "geen_geheel_getal")]),
        "'1.234' is 1234 in Dutch and 1.234 in English; a count is never guessed, so the "
        "row is quarantined and the message shows the value.",
    ),
    Case(
        "whole_number_with_a_decimal_comma_in_a_semicolon_file",
        rows_of("bevolking", lambda rows: rows[0].update(inwoners="120,0"), delimiter=";"),
        Loaded(query="select inwoners from valid_bevolking order by _row", rows=[(120,), (15,)]),
    ),
    Case(
        "decimal_point_in_an_integer",
        change("so_consulten", 0, directe_tijd_min="45.5"),
        Quarantined([("so_consulten", 2, "directe_tijd_min", "45.5", "geen_geheel_getal")]),
    ),
    Case(
        "negative_count",
        change("bevolking", 1, inwoners="-5"),
        Quarantined([("bevolking", 3, "inwoners", "-5", "buiten_bereik")]),
    ),
    # Codes.
    Case(
        "codes_in_lower_case_and_with_spaces",
        change("opnames", 1, geslacht=" v ", opname_type="elv_hoog ", herkomst="Ziekenhuis"),
        Loaded(
            query="select geslacht, opname_type, herkomst from valid_opnames where _row = 3",
            rows=[("V", "ELV_HOOG", "ZIEKENHUIS")],
        ),
    ),
    Case(
        "code_with_a_space_inside",
        change("opnames", 1, opname_type="ELV HOOG"),
        Quarantined([("opnames", 3, "opname_type", "ELV HOOG", "onbekende_code")]),
        "Case and surrounding spaces are ignored; a space for an underscore is not guessed.",
    ),
    Case(
        "unknown_code",
        change("so_consulten", 2, hulpvraag="EENZAAMHEID"),
        Quarantined([("so_consulten", 4, "hulpvraag", "EENZAAMHEID", "onbekende_code")]),
    ),
    Case(
        "wijk_code_in_lower_case",
        change("so_consulten", 0, wijk_code="wk012301"),
        Quarantined(
            [
                ("so_consulten", 2, "wijk_code", "wk012301", "ongeldig_formaat"),
                ("so_consulten", 2, "wijk_code", "wk012301", "onbekende_wijk"),
            ]
        ),
        "A CBS code is written in capitals (pattern WK + 6); unlike code lists it is not "
        "matched ignoring case, so the row names both the format and the unknown wijk.",
    ),
    # Geography and foreign keys.
    Case(
        "wijk_code_not_in_gebieden",
        change("so_consulten", 3, wijk_code="WK999999"),
        Quarantined([("so_consulten", 5, "wijk_code", "WK999999", "onbekende_wijk")]),
    ),
    Case(
        "consult_of_a_wijk_whose_gemeente_is_missing",
        both(
            change("gebieden", 1, gemeente_code=""), change("so_consulten", 3, wijk_code="WK012302")
        ),
        Quarantined(
            [
                ("bevolking", 3, "wijk_code", "2024 / WK012302", "onbekende_wijk"),
                ("gebieden", 3, "gemeente_code", None, "ontbrekende_waarde"),
                ("koppels", 3, "praktijk_id", "P-B", "onbekende_praktijk"),
                ("opnames", 3, "wijk_code", "WK012302", "onbekende_wijk"),
                ("praktijken", 3, "wijk_code", "WK012302", "onbekende_wijk"),
                ("so_consulten", 5, "wijk_code", "WK012302", "onbekende_wijk"),
            ]
        ),
        "gemeente_code belongs to gebieden: an empty one quarantines that gebieden row, so "
        "the wijk is unknown and everything in it is quarantined as onbekende_wijk (and the "
        "koppel of its practice as onbekende_praktijk) instead of counting without a gemeente.",
    ),
    Case(
        "gemeente_code_that_does_not_fit_the_wijk",
        change("gebieden", 0, gemeente_code="GM0999"),
        Quarantined(
            [
                ("bevolking", 2, "wijk_code", "2024 / WK012301", "onbekende_wijk"),
                ("gebieden", 2, "gemeente_code", "GM0999", "gemeente_past_niet_bij_wijk"),
                ("koppels", 2, "praktijk_id", "P-A", "onbekende_praktijk"),
                ("opnames", 2, "wijk_code", "WK012301", "onbekende_wijk"),
                ("praktijken", 2, "wijk_code", "WK012301", "onbekende_wijk"),
                *(
                    ("so_consulten", row, "wijk_code", "WK012301", "onbekende_wijk")
                    for row in range(2, 6)
                ),
            ]
        ),
    ),
    # Koppels.
    Case(
        "koppel_that_ends_before_it_starts",
        change("koppels", 1, einddatum="2023-05-31"),
        Quarantined([("koppels", 3, "einddatum", "2023-05-31", "einddatum_voor_startdatum")]),
    ),
    Case(
        "overlapping_koppels_of_one_practice_and_so",
        append("koppels", 0, koppel_id="K3", startdatum="2023-06-01", einddatum="2024-06-30"),
        Loaded(query="select count(*) from valid_koppels", rows=[(3,)]),
        "Loaded: a contact is 'within a koppel' when any koppel matches (int_consults counts "
        "each consult once), and a practice may renew a koppel before the old one is closed.",
    ),
    Case(
        "koppel_of_an_unknown_practice",
        change("koppels", 0, praktijk_id="P-X"),
        Quarantined([("koppels", 2, "praktijk_id", "P-X", "onbekende_praktijk")]),
    ),
    Case(
        "boolean_words",
        both(
            change("koppels", 0, werkt_in_his="J", vast_overleg="nee"),
            change("koppels", 1, werkt_in_his="misschien"),
        ),
        Quarantined([("koppels", 3, "werkt_in_his", "misschien", "geen_ja_nee")]),
    ),
    # Opnames.
    Case(
        "discharged_before_admission",
        change("opnames", 1, ontslagdatum="2024-03-01"),
        Quarantined([("opnames", 3, "ontslagdatum", "2024-03-01", "ontslag_voor_opname")]),
    ),
    Case(
        "crisis_elv",
        change("opnames", 1, crisis="ja"),
        Quarantined([("opnames", 3, "crisis", "ja", "crisis_niet_wlz")]),
    ),
    # Keys and values.
    Case(
        "duplicate_key",
        append("so_consulten", 2),
        Quarantined([("so_consulten", 6, "consult_id", "C3", "dubbele_sleutel")]),
    ),
    Case(
        "empty_required_value",
        change("so_consulten", 0, client_id="  "),
        Quarantined([("so_consulten", 2, "client_id", None, "ontbrekende_waarde")]),
    ),
    Case(
        "extra_column",
        rows_of("praktijken", _with_column("Opmerking", "x")),
        Loaded(
            query="select extra_columns from load_report where table_name = 'praktijken'",
            rows=[(["opmerking"],)],
        ),
    ),
    Case(
        "file_name_in_capitals",
        lambda folder: (folder / "opnames.csv").rename(folder / "OPNAMES.CSV"),
        Loaded(
            query="select file from load_report where table_name = 'opnames'",
            rows=[("OPNAMES.CSV",)],
        ),
    ),
    # Whole-delivery refusals.
    Case(
        "missing_required_column",
        rows_of("so_consulten", _without_column("hulpvraag")),
        Refused("so_consulten.csv: verplichte kolom ontbreekt: hulpvraag (rij 1, de kopregel)."),
    ),
    Case(
        "the_same_column_twice",
        csv_lines(
            "bevolking", lambda lines: [lines[0] + ",Jaar", *(line + ",2024" for line in lines[1:])]
        ),
        Refused("bevolking.csv: kolom 'jaar' komt twee keer voor in de kopregel."),
    ),
    Case(
        "missing_table",
        lambda folder: (folder / "opnames.csv").unlink(),
        Refused("Bestand voor tabel opnames ontbreekt in"),
    ),
    Case(
        "table_delivered_twice",
        lambda folder: write_table(folder, "koppels", delivery_rows()["koppels"], "parquet"),
        Refused("Tabel koppels is twee keer aangeleverd ('koppels.csv' en 'koppels.parquet')"),
    ),
    Case(
        "column_geboortedatum",
        rows_of("opnames", _with_column("geboortedatum", "1940-01-01")),
        Refused("opnames.csv: kolom 'geboortedatum' identificeert een persoon"),
    ),
    Case(
        "id_column_that_passes_the_elfproef",
        change("so_consulten", 2, client_id="123456782"),
        Refused("so_consulten.csv, rij 4, kolom client_id: de waarde lijkt op een BSN"),
    ),
    Case(
        "nine_digits_failing_the_elfproef",
        change("so_consulten", 2, client_id="123456789"),
        Loaded(
            query="select client_id from valid_so_consulten where _row = 4", rows=[("123456789",)]
        ),
        "Only 9 digits that pass the elfproef look like a BSN; other numbers are pseudonyms.",
    ),
    Case(
        "too_many_rows_break_a_rule",
        change("so_consulten", 0, datum="gisteren"),
        Refused(
            f"so_consulten.csv: 1 van 4 rijen (25,0 %) {_RULE_REFUSAL}. "
            "Redenen: 1 × datum is geen geldige datum."
        ),
        "More than 5 % quarantined refuses the build unless --allow-quarantine; the "
        "row-level outcome itself is shown by impossible_date.",
    ),
]

ROW_CASES = [case for case in CASES if not isinstance(case.outcome, Refused)]
REFUSED_CASES = [case for case in CASES if isinstance(case.outcome, Refused)]


def _delivery(folder: Path, case: Case) -> Path:
    write_delivery(folder)
    case.breaks(folder)
    return folder


def _assert_counts_reconcile(con: duckdb.DuckDBPyConnection, report) -> None:
    """rows read = loaded + quarantined for every file, and each count is what the tables hold."""
    for file in report.files:
        assert file.rows_read == file.rows_loaded + file.rows_quarantined, file.file
        assert con.execute(f"select count(*) from valid_{file.table_name}").fetchone()[0] == (
            file.rows_loaded
        )
        assert (
            con.execute(
                "select count(distinct row) from quarantine where table_name = $t",
                {"t": file.table_name},
            ).fetchone()[0]
            == file.rows_quarantined
        )
    assert con.execute(
        "select count(*) from load_report where rows_read <> rows_loaded + rows_quarantined"
    ).fetchone() == (0,)


def test_there_are_at_least_30_cases_with_unique_names():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", ROW_CASES, ids=lambda case: case.name)
def test_row_level_outcome(tmp_path, case):
    folder = _delivery(tmp_path / "levering", case)
    con = duckdb.connect()
    report = ingest_delivery(con, folder, today=TODAY, allow_quarantine=True)
    _assert_counts_reconcile(con, report)
    if isinstance(case.outcome, Quarantined):
        assert quarantine_rows(con) == sorted(case.outcome.rows, key=lambda r: (r[0], r[1], r[4]))
        return
    assert quarantine_rows(con) == []
    assert all(f.rows_read == f.rows_loaded for f in report.files)
    assert tuple(report.warnings) == case.outcome.warnings
    if case.outcome.query is not None:
        assert con.execute(case.outcome.query).fetchall() == case.outcome.rows


@pytest.mark.parametrize("case", REFUSED_CASES, ids=lambda case: case.name)
def test_refusal_through_ingest_and_the_command_line(tmp_path, capsys, case):
    folder = _delivery(tmp_path / "levering", case)
    with pytest.raises(DeliveryRefused) as caught:
        ingest_delivery(duckdb.connect(), folder, today=TODAY)
    assert case.outcome.message in caught.value.message

    output = tmp_path / "uitvoer"
    status = cli.main(["build", "--input", str(folder), "--output", str(output)])
    assert status == cli.EXIT_REFUSED
    stderr = capsys.readouterr().err
    assert stderr.startswith("Geweigerd: ")
    assert case.outcome.message in stderr
    assert "Traceback" not in stderr
    assert not output.exists()


@pytest.mark.parametrize(
    "case",
    [case for case in CASES if isinstance(case.outcome, Loaded)],
    ids=lambda case: case.name,
)
def test_loaded_case_builds_end_to_end(tmp_path, capsys, case):
    folder = _delivery(tmp_path / "levering", case)
    output = tmp_path / "uitvoer"
    assert cli.main(["build", "--input", str(folder), "--output", str(output)]) == 0
    assert (output / "dashboard.duckdb").exists()
    assert capsys.readouterr().err == ""
