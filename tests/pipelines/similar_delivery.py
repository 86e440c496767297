"""A delivery made by hand whose similar areas are known (issue 13).

One RESV (R1), two gemeenten, seven wijken. Inhabitants per age class of *each* sex (M and V
alike), stedelijkheid and SES-WOA score:

| wijk | 75-79 | 80-84 | 85-89 | 90+ | 75+ | 85+ | sted. | SES | nearest |
|---|---|---|---|---|---|---|---|---|---|
| WK990101 A | 300 | 150 | 40 | 10 | 1.000 | 10 % | 1 | −0,50 | B |
| WK990102 B | 300 | 150 | 40 | 10 | 1.000 | 10 % | 1 | −0,45 | A |
| WK990103 C | 50 | 40 | 20 | 15 | 250 | 28 % | 4 | 0,40 | D |
| WK990201 D | 50 | 40 | 20 | 15 | 250 | 28 % | 4 | 0,35 | C |
| WK990202 K1 | 8 | 5 | 5 | 5 | 46 | (band) | 3 | 0,10 | K2 |
| WK990203 K2 | 6 | 5 | 5 | 5 | 42 | (band) | 3 | 0,10 | K1 |
| WK990204 E | 100 | 60 | 30 | 10 | 400 | 20 % | 2 | 0,00 | |

K1 and K2 have fewer than 50 inhabitants 75+ (their rates are ``kleine_noemer``): their size
enters as the band's middle (25) and without a share of 85-plussers, so they are at distance 0
of each other, and K1's true size (any of 1 … 49) changes nothing in the table. Every wijk
has one SO contact in 2024 (the last on 2024-12-16: 2024 is complete) and no admissions.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines import contract

YEAR = 2024
KLASSEN = ("75-79", "80-84", "85-89", "90+")
#: wijk → (gemeente, inhabitants per class of each sex, stedelijkheid, ses_score)
WIJKEN = {
    "WK990101": ("GM9901", (300, 150, 40, 10), 1, -0.5),
    "WK990102": ("GM9901", (300, 150, 40, 10), 1, -0.45),
    "WK990103": ("GM9901", (50, 40, 20, 15), 4, 0.4),
    "WK990201": ("GM9902", (50, 40, 20, 15), 4, 0.35),
    "WK990202": ("GM9902", (8, 5, 5, 5), 3, 0.1),
    "WK990203": ("GM9902", (6, 5, 5, 5), 3, 0.1),
    "WK990204": ("GM9902", (100, 60, 30, 10), 2, 0.0),
}
NEAREST = {
    "WK990101": "WK990102",
    "WK990102": "WK990101",
    "WK990103": "WK990201",
    "WK990201": "WK990103",
    "WK990202": "WK990203",
    "WK990203": "WK990202",
}
SMALL = ("WK990202", "WK990203")


def write_similar_delivery(folder: Path, overrides: dict | None = None) -> Path:
    """Write the delivery as CSV files into ``folder`` and return it; ``overrides``: wijk →
    inhabitants per class of each sex instead of the table's."""
    wijken = {
        code: (gemeente, (overrides or {}).get(code, people), sted, ses)
        for code, (gemeente, people, sted, ses) in WIJKEN.items()
    }
    gebieden, bevolking, praktijken, consulten = [], [], [], []
    for index, (wijk, (gemeente, people, sted, ses)) in enumerate(wijken.items(), start=1):
        naam = {"GM9901": "Eerstedorp", "GM9902": "Tweedestad"}[gemeente]
        gebieden.append((YEAR, wijk, f"Wijk {index}", gemeente, naam, "R1", "RESV Een", sted, ses))
        praktijken.append((YEAR, f"P{index}", wijk, sum(people) * 2))
        for klasse, count in zip(KLASSEN, people, strict=True):
            for sex in contract.GESLACHTEN:
                bevolking.append((YEAR, wijk, klasse, sex, count))
        consulten.append(
            (
                f"C{index}", f"CL{index}", f"{YEAR}-12-{10 + index:02d}", wijk, "80-84", "V",
                f"P{index}", "S1", "SO", "ZVW_GZSP", "CONSULT", "THUIS", "OVERIG", 30,
            )
        )  # fmt: skip
    tables = {
        "gebieden": gebieden,
        "bevolking": bevolking,
        "praktijken": praktijken,
        "koppels": [("K1", "P1", "S1", "VVT Een", "2023-01-01", "", "true", "true")],
        "so_consulten": consulten,
        "opnames": [],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            # The required columns, and gebieden's optional stedelijkheid and ses_score.
            table = contract.TABLES_BY_NAME[name]
            writer.writerow(c.name for c in table.columns if c.required or name == "gebieden")
            writer.writerows(rows)
    return folder
