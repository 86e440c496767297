"""Dates as day numbers (days since 1970-01-01), so whole columns shift and compare as integers."""

from __future__ import annotations

from datetime import date

import numpy as np

#: A day number later than any date in a delivery: "not ended" / "never started".
NOOIT = np.int64(10**6)


def day_number(day: date) -> int:
    """Return the day number of a date."""
    return int(np.datetime64(day, "D").astype(np.int64))


def to_dates(days: np.ndarray) -> np.ndarray:
    """Return numpy datetime64[D] values for day numbers (polars reads them as Date)."""
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


def year_of(days: np.ndarray) -> np.ndarray:
    """Return the calendar year of each day number."""
    return to_dates(days).astype("datetime64[Y]").astype(np.int64) + 1970
