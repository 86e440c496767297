"""The data steward's report: ``build`` and ``validate`` end with a Dutch summary (rows read,
loaded and quarantined per file, quarantined rows per reason, the last line naming them) and
write ``quarantaine.csv`` (``;``, UTF-8 with BOM, Dutch headers, one line per quarantined row
and column, the row number as the file's own line number)."""

from __future__ import annotations

import codecs
import csv
from datetime import date
from pathlib import Path

import pytest

from pipelines import cli, contract
from pipelines.ingest import summary
from pipelines.ingest.rules import ROW_RULE_MESSAGES, TYPE_REASONS
from tests.pipelines.hand_delivery import write_hand_delivery

HEADER = ["bestand", "rij", "kolom", "waarde", "melding"]


def _edit(path: Path, edit) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    edit(lines)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)


def _set(lines: list[list[str]], line: int, column: str, value: str) -> None:
    """Set ``column`` on the file's line ``line`` (the header is line 1)."""
    lines[line - 1][lines[0].index(column)] = value


def write_bad_delivery(folder: Path) -> Path:
    """Write the hand-made delivery with five known bad rows in two files into ``folder``."""
    write_hand_delivery(folder)

    def consults(lines):
        _set(lines, 2, "wijk_code", "WK999999")
        _set(lines, 5, "geslacht", "X")
        _set(lines, 6, "wijk_code", "WK999999")
        lines.append(list(lines[3]))  # a copy of line 4 (C3) as line 10

    def opnames(lines):
        _set(lines, 6, "opnamedatum", "2099-07-07")  # O5, discharged 2024-08-20

    _edit(folder / "so_consulten.csv", consults)
    _edit(folder / "opnames.csv", opnames)
    return folder


@pytest.fixture()
def bad_delivery(tmp_path) -> Path:
    return write_bad_delivery(tmp_path / "levering")


def _expected_lines() -> list[list[str]]:
    geslachten = ", ".join(contract.GESLACHTEN)
    today = f"{date.today():%d-%m-%Y}"
    return [
        ["so_consulten.csv", "2", "wijk_code", "WK999999",
         "wijk_code 'WK999999' komt niet voor in gebieden"],
        ["so_consulten.csv", "5", "geslacht", "X",
         f"geslacht 'X' is geen bekende code (toegestaan: {geslachten})"],
        ["so_consulten.csv", "6", "wijk_code", "WK999999",
         "wijk_code 'WK999999' komt niet voor in gebieden"],
        ["so_consulten.csv", "10", "consult_id", "C3",
         "sleutel consult_id 'C3' komt al voor in rij 4"],
        ["opnames.csv", "6", "ontslagdatum", "2024-08-20",
         "ontslagdatum '2024-08-20' ligt vóór opnamedatum"],
        ["opnames.csv", "6", "opnamedatum", "2099-07-07",
         f"opnamedatum '2099-07-07' ligt in de toekomst (na {today})"],
    ]  # fmt: skip


EXPECTED_TOTAL = (
    "LET OP: 5 rijen in quarantaine (niet geladen): 2 × wijk_code komt niet voor in gebieden, "
    "1 × geslacht is geen bekende code, 1 × ontslagdatum ligt vóór opnamedatum, "
    "1 × opnamedatum ligt in de toekomst, 1 × sleutel consult_id komt al voor in een eerdere rij."
)


def _read_quarantine_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[0] == HEADER
    return lines[1:]


def test_build_with_quarantined_rows_writes_the_list_and_says_so_last(
    bad_delivery, tmp_path, capsys
):
    output = tmp_path / "data"
    assert cli.main(["build", "--input", str(bad_delivery), "--output", str(output),
                     "--allow-quarantine"]) == 0  # fmt: skip
    printed = capsys.readouterr().out.splitlines()
    assert _read_quarantine_csv(output / "quarantaine.csv") == _expected_lines()
    assert (output / "build_report.json").is_file()
    # The last lines: where the list is, then the count per reason.
    assert printed[-1] == EXPECTED_TOTAL
    assert printed[-2] == (
        f"Elke rij in quarantaine, met rijnummer en melding: {output / 'quarantaine.csv'}"
    )
    assert printed[-3] == (
        "Grootste aandeel in quarantaine: so_consulten.csv 44,4 %, grens 5,0 % "
        "(meer dan de grens; toegestaan met --allow-quarantine)."
    )
    # Per file: read, loaded, quarantined (with the share) and the reasons below it.
    consults = next(i for i, line in enumerate(printed) if line.strip().startswith("so_consulten"))
    assert printed[consults].split() == ["so_consulten.csv", "9", "5", "4", "(44,4", "%)"]
    assert [line.strip() for line in printed[consults + 1 : consults + 4]] == [
        "2 × wijk_code komt niet voor in gebieden",
        "1 × geslacht is geen bekende code",
        "1 × sleutel consult_id komt al voor in een eerdere rij",
    ]
    assert printed[consults + 4].split() == ["opnames.csv", "7", "6", "1", "(14,3", "%)"]


def test_validate_writes_the_same_list_into_its_output_folder_and_nothing_else(
    bad_delivery, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert cli.main(["validate", "--input", str(bad_delivery), "--allow-quarantine"]) == 0
    printed = capsys.readouterr().out.splitlines()
    default = Path("data") / "validatie" / "quarantaine.csv"
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    # Only the list (and its folders) is new: no database, nothing in the current folder.
    assert set(after) - set(before) == {Path("data"), default.parent, default}
    assert _read_quarantine_csv(tmp_path / default) == _expected_lines()
    assert printed[-1] == EXPECTED_TOTAL
    assert printed[-2].endswith(str(default))

    chosen = tmp_path / "elders"
    assert cli.main(["validate", "--input", str(bad_delivery), "--allow-quarantine",
                     "--output", str(chosen)]) == 0  # fmt: skip
    assert [p.name for p in chosen.iterdir()] == ["quarantaine.csv"]
    assert _read_quarantine_csv(chosen / "quarantaine.csv") == _expected_lines()


def test_a_clean_build_says_so_and_writes_an_empty_list(tmp_path, capsys):
    output = tmp_path / "data"
    delivery = write_hand_delivery(tmp_path / "levering")
    assert cli.main(["build", "--input", str(delivery), "--output", str(output)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == "Geen rijen in quarantaine: elke rij voldeed aan de regels en is geladen."
    assert _read_quarantine_csv(output / "quarantaine.csv") == []


def test_a_refusal_is_dutch_with_the_breakdown_by_reason(bad_delivery, tmp_path, capsys):
    output = tmp_path / "data"
    assert cli.main(["build", "--input", str(bad_delivery), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "Geweigerd: so_consulten.csv: 4 van 9 rijen (44,4 %) voldoen niet aan de regels; meer "
        "dan 5,0 % is niet toegestaan. Redenen: 2 × wijk_code komt niet voor in gebieden, "
        "1 × geslacht is geen bekende code, 1 × sleutel consult_id komt al voor in een eerdere "
        "rij. "
    )
    assert not output.exists()
    # validate refuses the same way and writes no list.
    assert cli.main(["validate", "--input", str(bad_delivery), "--output", str(output)]) == 2
    assert capsys.readouterr().err.startswith("Geweigerd: so_consulten.csv: 4 van 9 rijen")
    assert not output.exists()


def test_dutch_numbers():
    assert summary.number(1234567) == "1.234.567"
    assert summary.percent(0.05) == "5,0 %"
    assert summary.percent(1 / 3) == "33,3 %"
    assert summary.rows_text(1) == "1 rij"
    assert summary.rows_text(1234) == "1.234 rijen"
    assert summary.breakdown({"b": 1, "a": 1, "c": 1234}) == "1.234 × c, 1 × a, 1 × b"


def _every_reason() -> set[str]:
    reasons = set(TYPE_REASONS.values()) | set(ROW_RULE_MESSAGES)
    reasons |= {"ontbrekende_waarde", "onbekende_code", "ongeldig_formaat", "buiten_bereik"}
    reasons |= {"datum_in_toekomst", "datum_te_vroeg", "dubbele_sleutel", "kolommen_aantal"}
    for table in contract.TABLES:
        reasons |= {rule.name for rule in table.row_rules}
        reasons |= {fk.name for fk in table.foreign_keys}
    return reasons


@pytest.mark.parametrize("reason", sorted(_every_reason()))
def test_every_reason_has_a_dutch_text_without_its_code(reason):
    text = summary.reason_text(reason, "datum")
    assert text != summary.reason_text("een_regel_die_niet_bestaat", "datum")
    assert reason not in text
    assert "{" not in text and "None" not in text and "'" not in text


def test_published_quarantine_withholds_keys_pseudonyms_and_dates():
    from pipelines import publish, published_quarantine

    assert set(publish.PERSON_LEVEL_KEYS) <= published_quarantine.WITHHELD_COLUMNS
    assert set(contract.PSEUDONYM_COLUMNS) <= published_quarantine.WITHHELD_COLUMNS
    shown = published_quarantine.value_is_published
    for column in ("wijk_code", "geslacht", "inwoners", "jaar, wijk_code, leeftijdsklasse"):
        assert shown(column), column
    for column in ("consult_id", "client_id", "datum", "ontslagdatum", "jaar, praktijk_id",
                   "onbekende_kolom", None, ""):  # fmt: skip
        assert not shown(column), column
    message = published_quarantine.published_message
    assert message("sleutel consult_id 'C3' komt al voor in rij 4", "C3", "dubbele_sleutel",
                   "consult_id") == "sleutel consult_id '…' komt al voor in rij 4"  # fmt: skip
    # A value that cannot be taken out cleanly: the reason's text instead of the message.
    assert message("datum 3 3", "3", "ongeldige_datum", "datum") == "datum is geen geldige datum"
