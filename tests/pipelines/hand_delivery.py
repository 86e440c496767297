"""A small delivery made by hand, with every indicator's numbers worked out on paper.

Areas: RESV R1 = gemeente GM9901 = wijken WK990101 (200 inhabitants 75+) and WK990102 (100);
RESV R2 = gemeente GM9902 = wijk WK990201 (300). Regio: 600. Data from 2024-02-10 to
2025-04-01, so the peildatum is 2025-04-30: 2024 is complete, 2025 is not.

Koppels: K1 = P1/S1 from 2024-01-01 (active), K2 = P3/S3 from 2023-06-01 to 2024-06-30,
K3 = P2/S1 from 2025-01-15.

Contacts (all 75+ unless said):
  C1 A WK990101 2024-02-10 ZORGTRAJECT_START SO  P1/S1 60 min  within K1
  C2 A WK990101 2024-05-15 ZORGTRAJECT_VERVOLG VS P1/S1 30 min within K1
  C3 B WK990101 2024-07-01 CONSULT PA  P1/S2 45 min  no koppel
  C4 C WK990102 2024-11-20 CONSULT SO  P2/S1 90 min  no koppel (K3 starts 2025)
  C5 D WK990201 2024-03-03 CONSULT SO  P3/S3 20 min  within K2
  C6 D WK990201 2024-08-08 MDO SO      P3/S3 40 min  K2 ended 2024-06-30
  C7 E WK990101 2024-04-04 CONSULT SO  P1/S1 (65-74: left out of every indicator)
  C8 A WK990101 2025-03-01 CONSULT SO  P1/S1 30 min  within K1

Admissions:
  O1 A WK990101 2024-10-01 WLZ_VERBLIJF THUIS indicatie 2024-08-02 (60 days); SO before: yes
  O2 F WK990101 2024-12-05 WLZ_VERBLIJF crisis THUIS no indicatiedatum; SO before: no
  O3 C WK990102 2024-05-01 WLZ_VERBLIJF ZIEKENHUIS indicatie 2024-02-01 (90 days)
  O4 G WK990201 2024-06-10 ELV_HOOG ZIEKENHUIS
  O5 H WK990201 2024-07-07 GRZ ZIEKENHUIS
  O6 E WK990101 2024-09-09 WLZ_VERBLIJF THUIS (65-74: left out)
  O7 D WK990201 2025-04-01 WLZ_VERBLIJF THUIS indicatie 2025-01-01 (90 days); SO before: yes

With ``koppel_vergelijking=True`` (tests/pipelines/test_koppel_vergelijking.py) opnames also has
``praktijk_id``, and two admissions on a koppel's first and last day are added:
  O1 P1 (K1 active: met koppel)          O2 P2 (K3 starts 2025: zonder)
  O3 ''  (practice unknown: onbekend)    O4 P3 (K2 active until 2024-06-30: met)
  O5 P3, O6 P1 (not counted: GRZ, 65-74) O7 P3 (K2 ended: zonder)
  O8 I WK990201 2024-06-30 WLZ_VERBLIJF crisis ZIEKENHUIS P3 (K2's last day: met)
  O9 J WK990102 2025-01-15 WLZ_VERBLIJF THUIS P2 (K3's first day: met); SO before: no

With ``aanvraagdatum=True`` (tests/pipelines/test_dagen_tot_so_contact.py) so_consulten also
has ``aanvraagdatum`` and one contact is added; a request is one client + aanvraagdatum, its
first contact the earliest contact with it (which dates and places the request):
  C1, C2 A aanvraag 2024-02-01 → first contact C1 2024-02-10 (9 days, WK990101, 2024-Q1)
  C3, C9 B aanvraag 2024-06-20 → first contact C9 2024-06-25 (5 days, WK990101, 2024-Q2;
         C9 is listed after C3, dated before it)
  C4 C   no aanvraagdatum: no request
  C5 D   aanvraag 2024-02-27 → C5 2024-03-03 (5 days, WK990201, 2024-Q1)
  C6 D   aanvraag 2024-07-29 → C6 2024-08-08 (10 days, WK990201, 2024-Q3: a second request)
  C7 E   aanvraag 2024-03-01 (65-74: left out)
  C8 A   aanvraag 2025-02-20 → C8 2025-03-01 (9 days, WK990101, 2025-Q1)
  C9 B WK990101 2024-06-25 CONSULT SO P1/S1 15 min

With ``crisis=True`` (tests/pipelines/test_crisis_zonder_so.py) two crisis admissions are added:
  O10 B WK990101 2024-09-15 WLZ_VERBLIJF crisis ZIEKENHUIS; SO before: yes (C3 2024-07-01)
  O11 D WK990201 2024-03-03 WLZ_VERBLIJF crisis THUIS; SO before: no (C5 is that same day)
  so the crisis admissions of 2024 are O2 (WK990101, Q4, no SO), O10 (WK990101, Q3, SO) and
  O11 (WK990201, Q1, no SO).
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines import contract

GEBIEDEN = [
    (jaar, wijk, naam, gm, gm_naam, resv, resv_naam)
    for jaar in (2024, 2025)
    for wijk, naam, gm, gm_naam, resv, resv_naam in (
        ("WK990101", "Noord", "GM9901", "Eerstedorp", "R1", "RESV Een"),
        ("WK990102", "Zuid", "GM9901", "Eerstedorp", "R1", "RESV Een"),
        ("WK990201", "Centrum", "GM9902", "Tweestad", "R2", "RESV Twee"),
    )
]

BEVOLKING = [
    (jaar, wijk, klasse, geslacht, inwoners)
    for jaar in (2024, 2025)
    for wijk, klasse, geslacht, inwoners in (
        ("WK990101", "65-74", "V", 300),
        ("WK990101", "75-79", "M", 100),
        ("WK990101", "80-84", "V", 100),
        ("WK990102", "90+", "V", 100),
        ("WK990201", "75-79", "V", 300),
    )
]

PRAKTIJKEN = [
    (2024, "P1", "WK990101", 150),
    (2024, "P2", "WK990102", 80),
    (2024, "P3", "WK990201", 250),
    (2025, "P1", "WK990101", 160),
    (2025, "P2", "WK990102", 80),
    (2025, "P3", "WK990201", 260),
]

KOPPELS = [
    ("K1", "P1", "S1", "VVT Noord", "2024-01-01", "", "true", "true"),
    ("K2", "P3", "S3", "VVT Zuid", "2023-06-01", "2024-06-30", "false", "true"),
    ("K3", "P2", "S1", "VVT Noord", "2025-01-15", "", "true", "false"),
]

_C = ("ZVW_GZSP", "THUIS", "OVERIG")
SO_CONSULTEN = [
    ("C1", "A", "2024-02-10", "WK990101", "75-79", "M", "P1", "S1", "SO", "ZORGTRAJECT_START", 60),
    (
        "C2",
        "A",
        "2024-05-15",
        "WK990101",
        "75-79",
        "M",
        "P1",
        "S1",
        "VS",
        "ZORGTRAJECT_VERVOLG",
        30,
    ),
    ("C3", "B", "2024-07-01", "WK990101", "80-84", "V", "P1", "S2", "PA", "CONSULT", 45),
    ("C4", "C", "2024-11-20", "WK990102", "90+", "V", "P2", "S1", "SO", "CONSULT", 90),
    ("C5", "D", "2024-03-03", "WK990201", "75-79", "V", "P3", "S3", "SO", "CONSULT", 20),
    ("C6", "D", "2024-08-08", "WK990201", "75-79", "V", "P3", "S3", "SO", "MDO", 40),
    ("C7", "E", "2024-04-04", "WK990101", "65-74", "V", "P1", "S1", "SO", "CONSULT", 25),
    ("C8", "A", "2025-03-01", "WK990101", "75-79", "M", "P1", "S1", "SO", "CONSULT", 30),
]

OPNAMES = [
    (
        "O1",
        "A",
        "2024-10-01",
        "",
        "WK990101",
        "75-79",
        "M",
        "WLZ_VERBLIJF",
        "false",
        "5VV",
        "THUIS",
        "2024-08-02",
    ),
    (
        "O2",
        "F",
        "2024-12-05",
        "",
        "WK990101",
        "80-84",
        "V",
        "WLZ_VERBLIJF",
        "true",
        "6VV",
        "THUIS",
        "",
    ),
    (
        "O3",
        "C",
        "2024-05-01",
        "",
        "WK990102",
        "90+",
        "V",
        "WLZ_VERBLIJF",
        "false",
        "7VV",
        "ZIEKENHUIS",
        "2024-02-01",
    ),
    (
        "O4",
        "G",
        "2024-06-10",
        "2024-07-01",
        "WK990201",
        "75-79",
        "V",
        "ELV_HOOG",
        "false",
        "",
        "ZIEKENHUIS",
        "",
    ),
    (
        "O5",
        "H",
        "2024-07-07",
        "2024-08-20",
        "WK990201",
        "75-79",
        "V",
        "GRZ",
        "false",
        "",
        "ZIEKENHUIS",
        "",
    ),
    (
        "O6",
        "E",
        "2024-09-09",
        "",
        "WK990101",
        "65-74",
        "V",
        "WLZ_VERBLIJF",
        "false",
        "4VV",
        "THUIS",
        "2024-07-01",
    ),
    (
        "O7",
        "D",
        "2025-04-01",
        "",
        "WK990201",
        "75-79",
        "V",
        "WLZ_VERBLIJF",
        "false",
        "4VV",
        "THUIS",
        "2025-01-01",
    ),
]


def _consult_row(row: tuple) -> tuple:
    cid, client, datum, wijk, klasse, geslacht, praktijk, so, disc, prestatie, minuten = row
    financiering, contactvorm, hulpvraag = _C
    return (
        cid, client, datum, wijk, klasse, geslacht, praktijk, so, disc, financiering, prestatie,
        contactvorm, hulpvraag, minuten,
    )  # fmt: skip


#: The practice of each admission, and the two extra admissions, of the koppel variant.
OPNAME_PRAKTIJK = {
    "O1": "P1", "O2": "P2", "O3": "", "O4": "P3", "O5": "P3", "O6": "P1", "O7": "P3", "O8": "P3",
    "O9": "P2", "O10": "P1", "O11": "P3",
}  # fmt: skip
EXTRA_OPNAMES = [
    ("O8", "I", "2024-06-30", "", "WK990201", "80-84", "V", "WLZ_VERBLIJF", "true", "5VV",
     "ZIEKENHUIS", ""),
    ("O9", "J", "2025-01-15", "", "WK990102", "90+", "V", "WLZ_VERBLIJF", "false", "4VV",
     "THUIS", "2024-12-01"),
]  # fmt: skip


#: The aanvraagdatum of each contact, and the added contact, of the aanvraagdatum variant.
AANVRAAGDATUM = {
    "C1": "2024-02-01", "C2": "2024-02-01", "C3": "2024-06-20", "C4": "", "C5": "2024-02-27",
    "C6": "2024-07-29", "C7": "2024-03-01", "C8": "2025-02-20", "C9": "2024-06-20",
}  # fmt: skip
EXTRA_CONSULTEN = [
    ("C9", "B", "2024-06-25", "WK990101", "80-84", "V", "P1", "S1", "SO", "CONSULT", 15),
]
#: The crisis admissions of the crisis variant.
CRISIS_OPNAMES = [
    ("O10", "B", "2024-09-15", "", "WK990101", "80-84", "V", "WLZ_VERBLIJF", "true", "5VV",
     "ZIEKENHUIS", ""),
    ("O11", "D", "2024-03-03", "", "WK990201", "75-79", "V", "WLZ_VERBLIJF", "true", "5VV",
     "THUIS", ""),
]  # fmt: skip


def write_hand_delivery(
    folder: Path,
    *,
    koppel_vergelijking: bool = False,
    aanvraagdatum: bool = False,
    crisis: bool = False,
) -> Path:
    """Write the hand-made delivery as CSV files into ``folder`` and return it; with
    ``koppel_vergelijking`` the admissions name their practice and O8, O9 are added; with
    ``aanvraagdatum`` the contacts carry it and C9 is added; with ``crisis`` O10 and O11 are
    added."""
    folder.mkdir(parents=True, exist_ok=True)
    opnames = OPNAMES + (CRISIS_OPNAMES if crisis else [])
    optional = {"opnames": ["praktijk_id"]} if koppel_vergelijking else {}
    if koppel_vergelijking:
        opnames = [(*row, OPNAME_PRAKTIJK[row[0]]) for row in opnames + EXTRA_OPNAMES]
    consulten = [_consult_row(r) for r in SO_CONSULTEN]
    if aanvraagdatum:
        optional["so_consulten"] = ["aanvraagdatum"]
        consulten = [
            (*_consult_row(r), AANVRAAGDATUM[r[0]]) for r in SO_CONSULTEN + EXTRA_CONSULTEN
        ]
    tables = {
        "gebieden": GEBIEDEN,
        "bevolking": BEVOLKING,
        "praktijken": PRAKTIJKEN,
        "koppels": KOPPELS,
        "so_consulten": consulten,
        "opnames": opnames,
    }
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            # The required columns only: the optional ones (stedelijkheid, ses_score) are left
            # out, as most deliveries will; the koppel variant adds opnames.praktijk_id.
            table = contract.TABLES_BY_NAME[name]
            header = [column.name for column in table.columns if column.required]
            writer.writerow(header + optional.get(name, []))
            writer.writerows(rows)
    return folder
