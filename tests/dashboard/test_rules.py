"""Page rules that need no database: why a comparison has no reference line."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard.reports import rules


def _frame(codes, values, volledig=(True, True)) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "benchmark_code": list(codes),
            "benchmark_value": list(values),
            "periode_volledig": list(volledig),
        },
        schema={
            "benchmark_code": pl.String,
            "benchmark_value": pl.Float64,
            "periode_volledig": pl.Boolean,
        },
    )


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        (_frame(["R1", "R1"], [12.0, 12.0]), None),
        (_frame(["R1", "R2"], [12.0, 14.0]), "verschillende referenties"),
        (_frame([None, None], [None, None]), "niet met een referentie vergeleken"),
        (_frame(["R1", "R1"], [None, None], (False, False)), "nog niet compleet"),
        (_frame(["R1", "R1"], [None, None]), "referentie is onderdrukt"),
    ],
)
def test_a_comparison_without_a_reference_line_says_why(frame, reason):
    text = rules.no_benchmark_text(frame)
    if reason is None:
        assert text is None
        assert rules.single_benchmark(frame) == ("R1", 12.0)
    else:
        assert text.startswith("Geen referentielijn: ")
        assert reason in text
