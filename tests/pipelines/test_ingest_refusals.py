"""Refusals: every reason to refuse a whole delivery, with the exact Dutch message."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.ingest import DeliveryRefused, ingest_delivery
from pipelines.ingest.privacy import passes_elfproef
from tests.pipelines.ingest_helpers import TODAY, delivery_rows, write_delivery, write_table


def _refusal(folder, **kwargs) -> str:
    kwargs.setdefault("today", TODAY)
    with pytest.raises(DeliveryRefused) as caught:
        ingest_delivery(duckdb.connect(), folder, **kwargs)
    return caught.value.message


def test_missing_required_file(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "opnames.csv").unlink()
    assert _refusal(tmp_path) == (
        f"Bestand voor tabel opnames ontbreekt in '{tmp_path}' "
        "(verwacht: opnames.csv, opnames.parquet, opnames.xlsx)."
    )


def test_missing_folder(tmp_path):
    assert _refusal(tmp_path / "nergens") == (
        f"De map '{tmp_path / 'nergens'}' bestaat niet of is geen map."
    )


def test_two_files_for_one_table(tmp_path):
    write_delivery(tmp_path)
    write_table(tmp_path, "koppels", delivery_rows()["koppels"], "xlsx")
    assert _refusal(tmp_path) == (
        "Tabel koppels is twee keer aangeleverd ('koppels.csv' en 'koppels.xlsx'); "
        "lever één bestand."
    )


def test_missing_required_column(tmp_path):
    tables = delivery_rows()
    for row in tables["so_consulten"]:
        del row["hulpvraag"]
    write_delivery(tmp_path, tables=tables)
    assert _refusal(tmp_path) == (
        "so_consulten.csv: verplichte kolom ontbreekt: hulpvraag (rij 1, de kopregel)."
    )


def test_the_same_column_twice(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "gebieden.csv").write_text("jaar,Jaar \n2024,2024\n", encoding="utf-8")
    assert _refusal(tmp_path) == "gebieden.csv: kolom 'jaar' komt twee keer voor in de kopregel."


@pytest.mark.parametrize("header", ["Geboorte Datum", "BSN", "e-mail", "post_code"])
def test_identifying_column_in_a_table_file(tmp_path, header):
    tables = delivery_rows()
    for row in tables["opnames"]:
        row[header] = "x"
    write_delivery(tmp_path, tables=tables)
    assert _refusal(tmp_path) == (
        f"opnames.csv: kolom '{header.lower()}' identificeert een persoon; de levering mag "
        "alleen gepseudonimiseerde gegevens bevatten. Verwijder de kolom en lever opnieuw aan."
    )


def test_identifying_column_in_a_file_that_holds_no_table(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "clienten.csv").write_text("client_id;Achternaam\nA;Jansen\n", encoding="utf-8")
    assert _refusal(tmp_path).startswith("clienten.csv: kolom 'achternaam' identificeert")


def test_elfproef():
    assert passes_elfproef("123456782")
    assert passes_elfproef(" 111222333 ")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")
    assert not passes_elfproef("12345678A")


def test_pseudonym_that_looks_like_a_bsn_is_refused_without_showing_it(tmp_path):
    tables = delivery_rows()
    tables["so_consulten"][2]["client_id"] = "123456782"
    write_delivery(tmp_path, tables=tables)
    message = _refusal(tmp_path)
    assert message == (
        "so_consulten.csv, rij 4, kolom client_id: de waarde lijkt op een BSN (9 cijfers die "
        "de elfproef doorstaan). Lever alleen gepseudonimiseerde id's aan."
    )
    assert "123456782" not in message


def test_bsn_in_an_extra_pseudonym_column_is_refused(tmp_path):
    tables = delivery_rows()
    for number, row in enumerate(tables["so_consulten"]):
        row["uitvoerder_id"] = "111222333" if number == 1 else f"U{number}"
    write_delivery(tmp_path, fmt="parquet", tables=tables)
    assert _refusal(tmp_path).startswith("so_consulten.parquet, rij 3, kolom uitvoerder_id:")


def test_nine_digits_failing_the_elfproef_load(tmp_path):
    tables = delivery_rows()
    tables["so_consulten"][2]["client_id"] = "123456789"
    write_delivery(tmp_path, tables=tables)
    report = ingest_delivery(duckdb.connect(), tmp_path, today=TODAY)
    assert report.file("so_consulten").rows_loaded == 4


def test_binary_file_named_csv(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "praktijken.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    assert _refusal(tmp_path) == (
        "praktijken.csv: het bestand is geen tekstbestand (CSV); lever CSV, Parquet of XLSX."
    )


def test_empty_file(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "bevolking.csv").write_bytes(b"")
    assert _refusal(tmp_path) == "bevolking.csv: het bestand is leeg (geen kopregel)."


def test_bytes_that_are_neither_utf8_nor_windows_1252(tmp_path):
    write_delivery(tmp_path)
    path = tmp_path / "koppels.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"VVT Zuid", b"VVT \x81Zuid")
    path.write_bytes(b"\n".join(lines))
    assert _refusal(tmp_path) == (
        "koppels.csv: rij 3 bevat tekens die geen UTF-8 of Windows-1252 zijn; "
        "sla het bestand op als UTF-8."
    )


def test_header_with_a_bare_carriage_return(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "so_consulten.csv").write_bytes(b"\r\x01")
    assert _refusal(tmp_path) == (
        "so_consulten.csv: de kopregel (rij 1) is leeg; zet de kolomnamen in rij 1."
    )


def test_unreadable_parquet(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "opnames.csv").unlink()
    (tmp_path / "opnames.parquet").write_bytes(b"dit is geen parquet")
    assert _refusal(tmp_path).startswith("opnames.parquet: het bestand kan niet worden gelezen (")


def test_unreadable_xlsx(tmp_path):
    write_delivery(tmp_path)
    (tmp_path / "opnames.csv").unlink()
    (tmp_path / "opnames.xlsx").write_bytes(b"dit is geen xlsx")
    assert _refusal(tmp_path).startswith("opnames.xlsx: het bestand kan niet worden gelezen (")


def test_too_many_quarantined_rows(tmp_path):
    tables = delivery_rows()
    tables["so_consulten"][0]["datum"] = "gisteren"
    write_delivery(tmp_path, tables=tables)
    assert _refusal(tmp_path) == (
        "so_consulten.csv: 1 van 4 rijen (25,0 %) voldoen niet aan de regels; meer dan 5,0 % "
        "is niet toegestaan. Redenen: 1 × datum is geen geldige datum. Verbeter de levering of "
        "sta quarantaine expliciet toe (--allow-quarantine); `python -m pipelines validate "
        "--allow-quarantine` schrijft elke rij met rijnummer en melding in quarantaine.csv."
    )
    report = ingest_delivery(duckdb.connect(), tmp_path, today=TODAY, allow_quarantine=True)
    assert report.file("so_consulten").rows_quarantined == 1
    report = ingest_delivery(duckdb.connect(), tmp_path, today=TODAY, max_quarantine_share=0.25)
    assert report.file("so_consulten").rows_quarantined == 1
