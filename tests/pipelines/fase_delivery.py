"""A small delivery made by hand for the samenwerkingsfase (issue 16): which practice is in
which stage on which peildag (1 July) is worked out below.

Areas, population and admissions as tests/pipelines/hand_delivery.py (WK990101 and WK990102 in
GM9901 / RESV R1, WK990201 in GM9902 / RESV R2). Contacts up to 2025-09-15, so the peildatum
is 2025-09-30.

Koppels (practice, start, end, HIS, overleg):
  K1  P1 2024-07-01 –           HIS overleg   one year old on 1 July 2025 exactly
  K2  P2 2024-07-02 –           HIS overleg   one day short of a year on 1 July 2025
  K3  P3 2020-01-01 –           HIS           no fixed meeting
  K4  P4 2020-01-01 2025-06-30                ended the day before the 2025 peildag
  K5  P5 2023-01-01 –           HIS overleg
  K6  P6 2025-07-01 –                         starts on the 2025 peildag
  K7  P7 2022-01-01 –           HIS overleg
  K8a P8 2020-01-01 –                         old, without HIS
  K8b P8 2025-03-01 –           HIS overleg   young, with HIS and overleg

Zorgtraject contacts (ZORGTRAJECT_START/VERVOLG): P1 2025-03-01, P2 2025-02-01 (VERVOLG), P4
2025-04-01 (a client aged 65-74: any age counts), P5 2024-05-01, P7 2025-08-01 (after the
peildag, within the year). P3 has a CONSULT in 2025 (not a zorgtraject).

Stages (fase: 0 geen koppel, 1 < 1 jaar, 2 ≥ 1 jaar, 3 + HIS en overleg, 4 + zorgtrajecten):

  practice  wijk      listed 75+   2024   2025
  P1        WK990101  100          1      4    K1 starts on the 2024 peildag; a year on 2025's
  P2        WK990101   50          0      1    K2 starts the day after the 2024 peildag
  P3        WK990102   70          2      2    no fixed meeting
  P4        WK990102   30          2      0    zorgtraject, but no koppel on 1 July 2025
  P8        WK990102   40          2      3    a year (K8a) and HIS + overleg (K8b), no traject
  P5        WK990201  200          4      3    zorgtraject in 2024 only
  P6        WK990201   40          0      1
  P7        WK990201   60          3      4
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines import contract
from tests.pipelines.hand_delivery import BEVOLKING, GEBIEDEN, OPNAMES

LISTED = {"P1": 100, "P2": 50, "P3": 70, "P4": 30, "P8": 40, "P5": 200, "P6": 40, "P7": 60}
WIJK = {
    "P1": "WK990101", "P2": "WK990101", "P3": "WK990102", "P4": "WK990102", "P8": "WK990102",
    "P5": "WK990201", "P6": "WK990201", "P7": "WK990201",
}  # fmt: skip
#: (jaar, practice) → stage, as worked out in the module docstring.
STAGE = {
    (2024, "P1"): 1, (2024, "P2"): 0, (2024, "P3"): 2, (2024, "P4"): 2, (2024, "P8"): 2,
    (2024, "P5"): 4, (2024, "P6"): 0, (2024, "P7"): 3,
    (2025, "P1"): 4, (2025, "P2"): 1, (2025, "P3"): 2, (2025, "P4"): 0, (2025, "P8"): 3,
    (2025, "P5"): 3, (2025, "P6"): 1, (2025, "P7"): 4,
}  # fmt: skip

PRAKTIJKEN = [(jaar, p, WIJK[p], LISTED[p]) for jaar in (2024, 2025) for p in LISTED]

KOPPELS = [
    ("K1", "P1", "S1", "VVT Noord", "2024-07-01", "", "true", "true"),
    ("K2", "P2", "S2", "VVT Noord", "2024-07-02", "", "true", "true"),
    ("K3", "P3", "S3", "VVT Noord", "2020-01-01", "", "true", "false"),
    ("K4", "P4", "S4", "VVT Noord", "2020-01-01", "2025-06-30", "false", "false"),
    ("K5", "P5", "S5", "VVT Zuid", "2023-01-01", "", "true", "true"),
    ("K6", "P6", "S6", "VVT Zuid", "2025-07-01", "", "false", "false"),
    ("K7", "P7", "S7", "VVT Zuid", "2022-01-01", "", "true", "true"),
    ("K8a", "P8", "S8", "VVT Noord", "2020-01-01", "", "false", "false"),
    ("K8b", "P8", "S9", "VVT Noord", "2025-03-01", "", "true", "true"),
]

# consult_id, client, datum, wijk, klasse, geslacht, praktijk, so, prestatie
_CONSULTS = [
    ("F1", "A", "2025-03-01", "WK990101", "75-79", "M", "P1", "S1", "ZORGTRAJECT_START"),
    ("F2", "B", "2025-02-01", "WK990101", "80-84", "V", "P2", "S2", "ZORGTRAJECT_VERVOLG"),
    ("F3", "C", "2025-05-05", "WK990102", "90+", "V", "P3", "S3", "CONSULT"),
    ("F4", "E", "2025-04-01", "WK990102", "65-74", "V", "P4", "S4", "ZORGTRAJECT_START"),
    ("F5", "D", "2024-05-01", "WK990201", "75-79", "V", "P5", "S5", "ZORGTRAJECT_START"),
    ("F6", "G", "2025-08-01", "WK990201", "75-79", "V", "P7", "S7", "ZORGTRAJECT_START"),
    ("F7", "H", "2025-09-15", "WK990201", "75-79", "V", "P6", "S6", "CONSULT"),
]
SO_CONSULTEN = [
    (cid, client, datum, wijk, klasse, sex, praktijk, so, "SO", "ZVW_GZSP", prestatie,
     "THUIS", "OVERIG", 30)
    for cid, client, datum, wijk, klasse, sex, praktijk, so, prestatie in _CONSULTS
]  # fmt: skip


def expected(jaar: int, wijken: tuple[str, ...]) -> dict[int, tuple[int, int]]:
    """fase → (practices, listed 75+) of the practices in ``wijken`` in ``jaar``."""
    found = {fase: (0, 0) for fase in range(5)}
    for praktijk, wijk in WIJK.items():
        if wijk in wijken:
            n, listed = found[STAGE[(jaar, praktijk)]]
            found[STAGE[(jaar, praktijk)]] = (n + 1, listed + LISTED[praktijk])
    return found


def write_fase_delivery(folder: Path) -> Path:
    """Write the delivery as CSV files (required columns only) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "gebieden": GEBIEDEN,
        "bevolking": BEVOLKING,
        "praktijken": PRAKTIJKEN,
        "koppels": KOPPELS,
        "so_consulten": SO_CONSULTEN,
        "opnames": OPNAMES,
    }
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            table = contract.TABLES_BY_NAME[name]
            writer.writerow([column.name for column in table.columns if column.required])
            writer.writerows(rows)
    return folder
