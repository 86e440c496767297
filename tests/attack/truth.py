"""The true counts behind a published database, from the row-level ``warehouse.duckdb`` a
build leaves beside it: only to check the attacker (a true value outside its bounds means a
wrong relation in tests/attack/model.py), never used by the attack itself."""

from __future__ import annotations

from pathlib import Path

import duckdb

SQL = Path(__file__).with_name("sql") / "truth.sql"


def read_truth(warehouse: Path | str) -> dict[tuple, float]:
    """(name, area_code, time) → true value."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(SQL.read_text()).fetchall()
    finally:
        con.close()
    return {(name, area, time): value for name, area, time, value in rows}


def true_value(truths: list[dict[tuple, float]], key: tuple) -> float | None:
    """The true value of a cell key of tests/attack/model.py; ``truths`` per release index.
    A learning-curve cell without koppels, a stratum without events and a koppel group without
    admissions are 0; a key without
    truth is None."""
    if key[1] == "verschil":
        newer, older = (
            true_value(truths, (key[0], *key[3:])),
            true_value(truths, (key[2], *key[3:])),
        )
        return None if newer is None or older is None else newer - older
    release, name, area, time = key
    if release >= len(truths) or truths[release] is None:
        return None
    default = (
        0.0 if name.startswith(("leercurve:", "stratum:", "koppelvgl:", "koppeljaar:")) else None
    )
    return truths[release].get((name, area, time), default)
