"""The median waiting time from a distribution (days × admissions) equals the median of the
admissions themselves, so medians at gemeente, RESV and regio level are exact."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pipelines.indicator_values import weighted_medians

distributions = st.dictionaries(
    keys=st.tuples(st.sampled_from(["A", "B", "C"]), st.integers(0, 400)),
    values=st.integers(0, 6),
    min_size=1,
    max_size=40,
)


@given(distributions)
def test_weighted_median_equals_median_of_expanded_values(counts):
    frame = pl.DataFrame(
        {
            "area_code": [area for area, _ in counts],
            "dagen": [dagen for _, dagen in counts],
            "n": list(counts.values()),
        }
    )
    result = dict(weighted_medians(frame, ["area_code"]).iter_rows())
    for area in {a for a, _ in counts}:
        values = [d for (a, d), n in counts.items() if a == area for _ in range(n)]
        if values:
            assert result[area] == np.median(values)
        else:
            assert area not in result  # no admissions: no median
