"""A delivery made by hand in which age alone makes a wijk look worse (issue 13).

One RESV ("RESV Een") = one gemeente (GM9901, "Eerstedorp") = two wijken. In both wijken the
share of inhabitants 75+ with an SO contact in 2024 (so_bereik) is the same per age class and
sex: 10 % at 75-79, 20 % at 80-84, 40 % at 85-89, 60 % at 90+. Only the age mix differs:

| per sex (M and V alike) | WK990101 Jong: people, clients | WK990102 Oud: people, clients |
|---|---|---|
| 75-79 | 1.000, 100 | 100, 10 |
| 80-84 | 100, 20 | 100, 20 |
| 85-89 | 50, 20 | 500, 200 |
| 90+ | 25, 15 | 500, 300 |

Crude: Jong 310 / 2.350 = 131,9 ‰, Oud 1.060 / 2.400 = 441,7 ‰, the RESV 1.370 / 4.750 =
288,4 ‰: Jong is "slechter" than its RESV (so_bereik: higher is better), Oud "beter".
Standardised (ESP 2013, each band halved over the sexes): (2.000 × 0,1 + 1.250 × 0,2 + 750 ×
0,4 + 500 × 0,6) × 2 / 9.000 = 233,3 ‰ for both wijken and the RESV alike: "gelijk".
Every stratum has at least 10 clients, so nothing is suppressed or withheld. Each client has one
consult in 2024; the last on 2024-12-16, so the peildatum is 2024-12-31 and 2024 is complete.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from pipelines import contract

#: (leeftijdsklasse, share with a contact), in the order of the table above.
REACH = (("75-79", 0.1), ("80-84", 0.2), ("85-89", 0.4), ("90+", 0.6))
#: wijk → (name, inhabitants per stratum of each sex, in REACH's order)
WIJKEN = {
    "WK990101": ("Jong", (1000, 100, 50, 25)),
    "WK990102": ("Oud", (100, 100, 500, 500)),
}
YEAR = 2024
#: The standardised so_bereik of both wijken and the RESV, per 1.000.
STANDARDISED = (2000 * 0.1 + 1250 * 0.2 + 750 * 0.4 + 500 * 0.6) * 2 / 9000 * 1000


def _rows() -> dict[str, list[tuple]]:
    gebieden, bevolking, praktijken, consulten, opnames = [], [], [], [], []
    koppels = [("K1", "P1", "S1", "VVT Een", "2023-01-01", "", "true", "true")]
    number = 0
    for index, (wijk, (naam, inhabitants)) in enumerate(WIJKEN.items(), start=1):
        gebieden.append((YEAR, wijk, naam, "GM9901", "Eerstedorp", "R1", "RESV Een"))
        praktijk = f"P{index}"
        praktijken.append((YEAR, praktijk, wijk, sum(inhabitants) * 2))
        bevolking.append((YEAR, wijk, "65-74", "V", 500))
        for (klasse, share), people in zip(REACH, inhabitants, strict=True):
            for sex in contract.GESLACHTEN:
                bevolking.append((YEAR, wijk, klasse, sex, people))
                for _client in range(round(people * share)):
                    number += 1
                    datum = dt.date(YEAR, 1, 1) + dt.timedelta(days=number % 350)
                    consulten.append(
                        (
                            f"C{number}", f"CL{number}", datum.isoformat(), wijk, klasse, sex,
                            praktijk, "S1", "SO", "ZVW_GZSP", "CONSULT", "THUIS", "OVERIG", 30,
                        )
                    )  # fmt: skip
        opnames.append(
            (
                f"O{index}", f"CL{index}", f"{YEAR}-06-0{index}", "", wijk, "90+", "V",
                "WLZ_VERBLIJF", "false", "5VV", "THUIS", f"{YEAR}-03-01",
            )
        )  # fmt: skip
    return {
        "gebieden": gebieden,
        "bevolking": bevolking,
        "praktijken": praktijken,
        "koppels": koppels,
        "so_consulten": consulten,
        "opnames": opnames,
    }


def write_age_mix_delivery(folder: Path) -> Path:
    """Write the delivery as CSV files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in _rows().items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            # The required columns only: the optional ones (stedelijkheid, ses_score) are left
            # out, as most deliveries will.
            table = contract.TABLES_BY_NAME[name]
            writer.writerow([column.name for column in table.columns if column.required])
            writer.writerows(rows)
    return folder
