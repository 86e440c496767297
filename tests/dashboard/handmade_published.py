"""A small published database made by hand for the Overzicht's messages and tiles: one RESV
(Noordland) with one gemeente (Dorp) and one wijk, years 2021–2025, three indicators whose
published comparison and trend fields are known:

- `bereik` (rate, higher is better): Dorp 2025 is published *beter* than Noordland
  (30,0 against 22,0, interval 27,0–33,0); 2024 was 21,0 (18,0–24,0), so the change against
  2024 is more than chance; no trend.
- `via_ziekenhuis` (proportion, lower is better): Dorp is *gelijk* to Noordland every year and
  has a published falling trend in 2025 (50,0 % in 2021 → 33,0 % in 2025); 2024 (35,0 %,
  31,0–39,0) and 2025 (33,0 %, 29,0–37,0) overlap.
- `crisis` (proportion, lower is better): Dorp 2025 is suppressed. The row also holds a
  planted value (77,7), comparison (`slechter`), trend (`stijgend`) and benchmark (12,3) that
  a published suppressed row never has: nothing may read them. 2024 is 55,5 %.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl

YEARS = [str(year) for year in range(2021, 2026)]

CATALOGUE = [
    ("bereik", 1, "Bereik", "Het bereik per 1.000 inwoners.", "per 1.000", "rate", "hoger_beter"),
    (
        "via_ziekenhuis",
        2,
        "Opname via ziekenhuis",
        "Het aandeel opnames dat via het ziekenhuis kwam.",
        "%",
        "proportion",
        "lager_beter",
    ),
    ("crisis", 3, "Crisisopnames", "Het aandeel crisisopnames.", "%", "proportion", "lager_beter"),
]

AREAS = [
    ("regio", "REGIO", "Hele regio", None, None, None),
    ("resv", "R1", "Noordland", "REGIO", None, "R1"),
    ("gemeente", "GM1", "Dorp", "R1", "GM1", "R1"),
    ("wijk", "WK1", "Wijk 1 Kern", "GM1", "GM1", "R1"),
]


def _row(indicator: str, area: str, year: str, value: float | None, **fields) -> dict:
    level, name, parent = {a[1]: (a[0], a[2], a[3]) for a in AREAS}[area]
    half = fields.pop("half", 3.0)
    row = {
        "indicator_id": indicator,
        "period": year,
        "period_type": "jaar",
        "period_start": dt.date(int(year), 1, 1),
        "periode_volledig": True,
        "area_level": level,
        "area_code": area,
        "area_name": name,
        "parent_code": parent,
        "teller": None if value is None else 100.0,
        "noemer": None if value is None else 1000.0,
        "value": value,
        "lower_95": None if value is None else value - half,
        "upper_95": None if value is None else value + half,
        "lower_998": None if value is None else value - 1.6 * half,
        "upper_998": None if value is None else value + 1.6 * half,
        "benchmark_code": {"GM1": "R1", "R1": "REGIO", "WK1": "R1"}.get(area),
        "benchmark_value": None,
        "comparison": "niet_vergeleken",
        "trend": None,
        "suppressed": False,
        "suppression_reason": None,
    }
    row.update(fields)
    return row


def indicator_values() -> list[dict]:
    rows = []
    bereik = dict(zip(YEARS, (20.0, 21.0, 22.0, 21.0, 30.0), strict=True))
    ziekenhuis = dict(zip(YEARS, (50.0, 45.0, 40.0, 35.0, 33.0), strict=True))
    for year in YEARS:
        last = year == YEARS[-1]
        rows.append(
            _row(
                "bereik",
                "GM1",
                year,
                bereik[year],
                benchmark_value=22.0,
                comparison="beter" if last else "gelijk",
                trend="geen_verandering" if last else None,
            )
        )
        rows.append(
            _row(
                "via_ziekenhuis",
                "GM1",
                year,
                ziekenhuis[year],
                half=4.0,
                benchmark_value=34.0,
                comparison="gelijk",
                trend="dalend" if last else None,
            )
        )
        if last:
            rows.append(
                _row(
                    "crisis",
                    "GM1",
                    year,
                    77.7,
                    benchmark_value=12.3,
                    comparison="slechter",
                    trend="stijgend",
                    suppressed=True,
                    suppression_reason="primair",
                )
            )
        else:
            rows.append(
                _row("crisis", "GM1", year, 55.5, benchmark_value=50.0, comparison="gelijk")
            )
        for indicator, value in (("bereik", 22.0), ("via_ziekenhuis", 34.0), ("crisis", 50.0)):
            rows.append(
                _row(indicator, "R1", year, value, benchmark_value=value, comparison="gelijk")
            )
            rows.append(_row(indicator, "REGIO", year, value))
    return rows


def write(path: Path) -> Path:
    """Write the database to `path` and return it."""
    frames = {
        "build_info": pl.DataFrame(
            {
                "built_at": [dt.datetime(2026, 1, 15, 12, 0)],
                "pipeline_version": ["test"],
                "schema_version": [0],
                "input_dir": ["handmade"],
                "synthetisch": [True],
                "data_start": [dt.date(2021, 1, 1)],
                "peildatum": [dt.date(2025, 12, 31)],
                "laatste_volledige_jaar": [2025],
                "min_telling": [10],
                "min_noemer": [50],
                "min_koppels": [3],
            }
        ),
        "indicator_catalogue": pl.DataFrame(
            CATALOGUE,
            schema=[
                "indicator_id",
                "volgorde",
                "titel",
                "definitie",
                "eenheid",
                "methode",
                "polariteit",
            ],
            orient="row",
        ).with_columns(
            decimalen=pl.lit(1),
            periode_types=pl.lit("jaar"),
            teller_definitie=pl.lit(""),
            noemer_definitie=pl.lit(""),
        ),
        "areas": pl.DataFrame(
            AREAS,
            schema=[
                "area_level",
                "area_code",
                "area_name",
                "parent_code",
                "gemeente_code",
                "resv_code",
            ],
            orient="row",
        ),
        "periods": pl.DataFrame(
            {
                "period": YEARS,
                "period_type": ["jaar"] * len(YEARS),
                "jaar": [int(y) for y in YEARS],
                "period_start": [dt.date(int(y), 1, 1) for y in YEARS],
                "period_end": [dt.date(int(y), 12, 31) for y in YEARS],
                "periode_volledig": [True] * len(YEARS),
            }
        ),
        # Schema 3: the age-sex standardised columns, empty (nothing here is standardised).
        "indicator_values": pl.DataFrame(indicator_values(), infer_schema_length=None).with_columns(
            *(
                pl.lit(None, dtype=pl.Float64).alias(name)
                for name in (
                    "std_value",
                    "std_lower_95",
                    "std_upper_95",
                    "std_lower_998",
                    "std_upper_998",
                )
            ),
            pl.lit(None, dtype=pl.String).alias("std_comparison"),
        ),
    }
    con = duckdb.connect(str(path))
    try:
        for name, frame in frames.items():
            con.register("_frame", frame)
            con.execute(f"create table {name} as select * from _frame")
            con.unregister("_frame")
    finally:
        con.close()
    return path
