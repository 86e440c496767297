"""Disclosure control: hand-worked suppression patterns and properties over random hierarchies."""

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.disclosure import (
    AREA_HIERARCHY,
    MIN_COUNT,
    MIN_NOEMER,
    TIME_HIERARCHY,
    Hierarchy,
    add_parent_period,
    blank_suppressed,
    suppress_primary,
    suppress_secondary,
)


def rows(frame, *columns):
    return frame.select(columns).rows()


# --- Primary ------------------------------------------------------------------------------


def primary_frame():
    return pl.DataFrame(
        {
            "case": [
                "nul",
                "een",
                "negen",
                "tien",
                "rest_5",
                "rest_0",
                "rest_9",
                "rest_10",
                "noemer_0",
                "noemer_49",
                "noemer_50",
                "klein_en_noemer",
                "uren",
                "mediaan",
            ],
            "method": ["rate"] * 4 + ["proportion"] * 4 + ["rate"] * 4 + ["none", "median"],
            "teller": [0, 1, 9, 10, 95, 100, 91, 90, 0, 12, 12, 3, 100.0, None],
            "noemer": [500, 500, 500, 500, 100, 100, 100, 100, 0, 49, 50, 30, 800, 4],
            "disclosure_count": [0, 1, 9, 10, 95, 100, 91, 90, 0, 12, 12, 3, 5, 4],
        },
        schema_overrides={"teller": pl.Float64},
    )


def test_primary_suppression_per_rule():
    result = suppress_primary(primary_frame())
    assert rows(result, "case", "suppressed", "suppression_reason") == [
        ("nul", False, None),
        ("een", True, "primair"),
        ("negen", True, "primair"),
        ("tien", False, None),
        ("rest_5", True, "primair"),
        ("rest_0", False, None),
        ("rest_9", True, "primair"),
        ("rest_10", False, None),
        ("noemer_0", False, None),
        ("noemer_49", True, "kleine_noemer"),
        ("noemer_50", False, None),
        ("klein_en_noemer", True, "primair"),
        ("uren", True, "primair"),
        ("mediaan", True, "primair"),
    ]


def test_primary_thresholds_are_arguments():
    assert (MIN_COUNT, MIN_NOEMER) == (10, 50)
    result = suppress_primary(primary_frame(), min_count=5, min_noemer=20)
    assert rows(result.filter(pl.col("suppressed")), "case", "suppression_reason") == [
        ("een", "primair"),
        ("klein_en_noemer", "primair"),
        ("mediaan", "primair"),
    ]


def test_primary_refuses_an_unknown_method():
    frame = primary_frame().with_columns(pl.lit("ratio").alias("method"))
    with pytest.raises(
        ValueError,
        match=r"^suppress_primary: unknown method \['ratio'\]; "
        r"expected one of \['proportion', 'rate', 'none', 'median'\]$",
    ):
        suppress_primary(frame)


def test_primary_refuses_missing_columns():
    with pytest.raises(
        ValueError, match=r"^suppress_primary: frame has no column\(s\) \['disclosure_count'\]$"
    ):
        suppress_primary(primary_frame().drop("disclosure_count"))


# --- Secondary: hand-worked patterns ------------------------------------------------------


def area_frame(counts, parents, *, method="rate", noemers=None, suppressed=None):
    """One indicator, one period; ``counts``/``parents`` map area_code → count/parent code."""
    codes = list(counts)
    frame = pl.DataFrame(
        {
            "indicator_id": ["so_bereik"] * len(codes),
            "period": ["2024"] * len(codes),
            "area_code": codes,
            "parent_code": [parents.get(c) for c in codes],
            "method": [method] * len(codes),
            "teller": [float(counts[c]) for c in codes],
            "noemer": [float((noemers or {}).get(c, 1000)) for c in codes],
            "disclosure_count": [counts[c] for c in codes],
        },
        schema_overrides={"parent_code": pl.String},
    )
    frame = suppress_primary(frame)
    if suppressed:
        frame = frame.with_columns(
            (pl.col("suppressed") | pl.col("area_code").is_in(list(suppressed))).alias(
                "suppressed"
            ),
            pl.when(pl.col("area_code").is_in(list(suppressed)))
            .then(pl.lit("kleine_noemer"))
            .otherwise(pl.col("suppression_reason"))
            .alias("suppression_reason"),
        )
    return frame


def suppressed_reasons(frame):
    return dict(frame.filter(pl.col("suppressed")).select("area_code", "suppression_reason").rows())


def test_one_suppressed_child_takes_the_next_smallest_positive_child():
    # W2 (0) protects nothing; W3 and W4 tie at 20, W3 wins by code.
    counts = {"GM01": 75, "WK01": 5, "WK02": 0, "WK04": 20, "WK03": 20, "WK05": 30}
    parents = {c: "GM01" for c in counts if c.startswith("WK")}
    result = suppress_secondary(area_frame(counts, parents), hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {"WK01": "primair", "WK03": "secundair"}


def test_two_suppressed_children_need_nothing_more():
    counts = {"GM01": 58, "WK01": 5, "WK02": 3, "WK03": 50}
    parents = {c: "GM01" for c in counts if c.startswith("WK")}
    result = suppress_secondary(area_frame(counts, parents), hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {"WK01": "primair", "WK02": "primair"}


def test_a_suppressed_zero_child_does_not_protect_its_sibling():
    # WK02 is suppressed (small population) but holds 0 events: parent − WK03 still gives WK01.
    counts = {"GM01": 55, "WK01": 5, "WK02": 0, "WK03": 50}
    parents = {c: "GM01" for c in counts if c.startswith("WK")}
    frame = area_frame(counts, parents, suppressed={"WK02"})
    result = suppress_secondary(frame, hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {
        "WK01": "primair",
        "WK02": "kleine_noemer",
        "WK03": "secundair",
    }


def test_without_a_positive_sibling_the_parent_goes_and_then_a_sibling_of_the_parent():
    # In GM01 only zeros remain beside WK01, so GM01 is suppressed; in RESV R1 the gemeente
    # GM01 is then the one suppressed child and the smallest other gemeente (GM03) follows.
    counts = {
        "R1": 105,
        "GM01": 5,
        "GM02": 60,
        "GM03": 40,
        "WK01": 5,
        "WK02": 0,
        "WK03": 60,
        "WK04": 40,
    }
    parents = {
        "GM01": "R1",
        "GM02": "R1",
        "GM03": "R1",
        "WK01": "GM01",
        "WK02": "GM01",
        "WK03": "GM02",
        "WK04": "GM03",
    }
    result = suppress_secondary(area_frame(counts, parents), hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {
        "GM01": "primair",
        "WK01": "primair",
        "GM03": "secundair",
        # GM03 has one child: parent and child are the same number.
        "WK04": "secundair",
    }


def test_a_parent_with_one_child_goes_with_it():
    counts = {"R1": 30, "GM01": 30, "GM02": 0, "WK01": 30, "WK02": 0}
    parents = {"GM01": "R1", "GM02": "R1", "WK01": "GM01", "WK02": "GM02"}
    frame = area_frame(counts, parents, suppressed={"WK01"})
    result = suppress_secondary(frame, hierarchies=[AREA_HIERARCHY])
    # WK01 → its only parent GM01 → in R1 no positive sibling of GM01 → R1 itself.
    assert suppressed_reasons(result) == {
        "WK01": "kleine_noemer",
        "GM01": "secundair",
        "R1": "secundair",
    }


def test_a_suppressed_parent_with_published_children_takes_two_children():
    counts = {"GM01": 90, "WK01": 20, "WK02": 30, "WK03": 40}
    parents = {c: "GM01" for c in counts if c.startswith("WK")}
    frame = area_frame(counts, parents, suppressed={"GM01"})
    result = suppress_secondary(frame, hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {
        "GM01": "kleine_noemer",
        "WK01": "secundair",
        "WK02": "secundair",
    }


def test_the_persons_outside_a_proportions_teller_are_protected_too():
    # WK01 is suppressed for 5 people outside the teller. The next smallest count, WK02
    # (40 of 40), hides nobody outside its teller, so WK03 (20 outside) is needed as well.
    counts = {"GM01": 185, "WK01": 45, "WK02": 40, "WK03": 100}
    noemers = {"GM01": 210, "WK01": 50, "WK02": 40, "WK03": 120}
    parents = {c: "GM01" for c in counts if c.startswith("WK")}
    frame = area_frame(counts, parents, method="proportion", noemers=noemers)
    result = suppress_secondary(frame, hierarchies=[AREA_HIERARCHY])
    assert suppressed_reasons(result) == {
        "WK01": "primair",
        "WK02": "secundair",
        "WK03": "secundair",
    }


def time_frame(quarter_counts, year_count):
    periods = [f"2024-Q{i}" for i in range(1, len(quarter_counts) + 1)] + ["2024"]
    counts = [*quarter_counts, year_count]
    frame = pl.DataFrame(
        {
            "indicator_id": ["wlz_opnames"] * len(periods),
            "area_code": ["GM01"] * len(periods),
            "period": periods,
            "method": ["rate"] * len(periods),
            "teller": [float(c) for c in counts],
            "noemer": [1000.0] * len(periods),
            "disclosure_count": counts,
        }
    )
    return suppress_primary(add_parent_period(frame))


def test_one_suppressed_quarter_takes_the_next_smallest_quarter():
    result = suppress_secondary(time_frame([3, 30, 20, 25], 78), hierarchies=[TIME_HIERARCHY])
    assert rows(result.filter(pl.col("suppressed")), "period", "suppression_reason") == [
        ("2024-Q1", "primair"),
        ("2024-Q3", "secundair"),
    ]


def test_a_year_with_one_quarter_so_far_goes_with_it():
    result = suppress_secondary(time_frame([4], 4), hierarchies=[TIME_HIERARCHY])
    assert rows(result, "period", "suppression_reason") == [
        ("2024-Q1", "primair"),
        ("2024", "primair"),
    ]


def test_area_and_time_hierarchies_are_iterated_together():
    # Year: WK01 = 5 is primary and WK02 (40) its partner. Q2: WK01 = 5 is primary and WK02
    # (10) its partner. WK02's year now has one suppressed quarter: Q1 (10, first by code)
    # follows. In Q1 WK02 is then the only suppressed wijk and WK01 has 0 there, so WK03 (20)
    # goes, and in WK03's year its Q1 needs a partner quarter: Q2.
    records = []
    quarters = {"WK01": [0, 5, 0, 0], "WK02": [10, 10, 10, 10], "WK03": [20, 20, 20, 20]}
    for wijk, counts in quarters.items():
        for q, count in enumerate(counts, start=1):
            records.append((wijk, "GM01", f"2024-Q{q}", count))
        records.append((wijk, "GM01", "2024", sum(counts)))
    for q in range(1, 5):
        records.append(("GM01", None, f"2024-Q{q}", sum(c[q - 1] for c in quarters.values())))
    records.append(("GM01", None, "2024", sum(sum(c) for c in quarters.values())))
    frame = pl.DataFrame(
        records,
        schema={
            "area_code": pl.String,
            "parent_code": pl.String,
            "period": pl.String,
            "disclosure_count": pl.Int64,
        },
        orient="row",
    ).with_columns(
        pl.lit("wlz_opnames").alias("indicator_id"),
        pl.lit("rate").alias("method"),
        pl.col("disclosure_count").cast(pl.Float64).alias("teller"),
        pl.lit(1000.0).alias("noemer"),
    )
    frame = suppress_primary(add_parent_period(frame))
    result = suppress_secondary(frame, hierarchies=[AREA_HIERARCHY, TIME_HIERARCHY])
    assert sorted(
        rows(result.filter(pl.col("suppressed")), "area_code", "period", "suppression_reason")
    ) == [
        ("WK01", "2024", "primair"),
        ("WK01", "2024-Q2", "primair"),
        ("WK02", "2024", "secundair"),
        ("WK02", "2024-Q1", "secundair"),
        ("WK02", "2024-Q2", "secundair"),
        ("WK03", "2024-Q1", "secundair"),
        ("WK03", "2024-Q2", "secundair"),
    ]


def test_secondary_refuses_a_key_that_does_not_identify_a_row():
    frame = area_frame({"GM01": 20, "WK01": 20}, {"WK01": "GM01"})
    frame = pl.concat([frame, frame.tail(1)])
    with pytest.raises(
        ValueError,
        match=r"^suppress_secondary: \['indicator_id', 'period', 'area_code'\] does not "
        r"identify a row; first duplicate: \{'indicator_id': 'so_bereik', 'period': '2024', "
        r"'area_code': 'WK01'\}$",
    ):
        suppress_secondary(frame, hierarchies=[AREA_HIERARCHY])


def test_secondary_leaves_an_empty_frame_alone():
    frame = area_frame({"GM01": 20}, {}).clear()
    assert suppress_secondary(frame, hierarchies=[AREA_HIERARCHY]).is_empty()


def test_secondary_refuses_a_missing_hierarchy_column():
    frame = area_frame({"GM01": 20}, {})
    with pytest.raises(
        ValueError, match=r"^suppress_secondary: frame has no column\(s\) \['parent_period'\]$"
    ):
        suppress_secondary(frame, hierarchies=[TIME_HIERARCHY])


def test_add_parent_period():
    frame = add_parent_period(pl.DataFrame({"period": ["2024-Q3", "2024", "2023-Q1"]}))
    assert frame["parent_period"].to_list() == ["2024", None, "2023"]


def test_blank_suppressed_empties_only_the_given_columns_of_suppressed_rows():
    frame = pl.DataFrame(
        {
            "area_code": ["WK01", "WK02"],
            "teller": [5.0, 30.0],
            "value": [0.5, 3.0],
            "suppressed": [True, False],
            "suppression_reason": ["primair", None],
        }
    )
    result = blank_suppressed(frame, ["teller", "value"])
    assert result.rows() == [
        ("WK01", None, None, True, "primair"),
        ("WK02", 30.0, 3.0, False, None),
    ]
    assert result.schema == frame.schema


# --- Secondary: properties over random hierarchies ----------------------------------------

COUNTS = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 60))


@st.composite
def area_trees(draw):
    """regio → RESVs → gemeenten → wijken; returns {code: parent} and the wijk codes."""
    parents = {"NL": None}
    wijken = []
    for r in range(draw(st.integers(1, 3))):
        resv = f"R{r}"
        parents[resv] = "NL"
        for g in range(draw(st.integers(1, 4))):
            gemeente = f"GM{r}{g}"
            parents[gemeente] = resv
            for w in range(draw(st.integers(1, 5))):
                wijk = f"WK{r}{g}{w}"
                parents[wijk] = gemeente
                wijken.append(wijk)
    return parents, wijken


@st.composite
def deliveries(draw, *, areas=True, quarters=True):
    """Aggregates over random areas × periods; parents are sums of their children."""
    parents, wijken = draw(area_trees()) if areas else ({"WK0": None}, ["WK0"])
    n_quarters = (
        [draw(st.integers(1, 4)) for _ in range(draw(st.integers(1, 2)))] if quarters else []
    )
    method = draw(st.sampled_from(["rate", "proportion"]))
    cells = {}  # (wijk, year, quarter) → (teller, noemer)
    for wijk in wijken:
        for year, n in enumerate(n_quarters or [1]):
            # A rate's noemer is the population of the year, the same for its quarters.
            population = draw(st.integers(0, 400))
            for q in range(n):
                count = draw(COUNTS) if population or method == "proportion" else 0
                if method == "proportion":
                    cells[wijk, year, q] = (count, count + draw(COUNTS))
                else:
                    cells[wijk, year, q] = (count, population)

    def ancestors(code):
        while code is not None:
            yield code
            code = parents[code]

    tellers, noemers = {}, {}
    for (wijk, year, q), (num, den) in cells.items():
        year_code = str(2020 + year)
        periods = [year_code, f"{year_code}-Q{q + 1}"] if quarters else [year_code]
        for area in ancestors(wijk):
            for period in periods:
                tellers[area, period] = tellers.get((area, period), 0) + num
                counts_once = method == "proportion" or q == 0 or period != year_code
                added = den if counts_once else 0
                noemers[area, period] = noemers.get((area, period), 0) + added
    totals = {key: (tellers[key], noemers[key]) for key in tellers}
    frame = pl.DataFrame(
        [(a, parents[a], p, n, d) for (a, p), (n, d) in totals.items()],
        schema={
            "area_code": pl.String,
            "parent_code": pl.String,
            "period": pl.String,
            "teller": pl.Float64,
            "noemer": pl.Float64,
        },
        orient="row",
    ).with_columns(
        pl.lit("ind").alias("indicator_id"),
        pl.lit(method).alias("method"),
        pl.col("teller").cast(pl.Int64).alias("disclosure_count"),
    )
    return add_parent_period(frame)


def assert_protected(result: pl.DataFrame, hierarchy: Hierarchy):
    published = result.filter(~pl.col("suppressed"))
    assert published.filter(pl.col("disclosure_count").is_between(1, MIN_COUNT - 1)).is_empty()
    complement = pl.col("noemer") - pl.col("teller")
    assert published.filter(
        (pl.col("method") == "proportion") & complement.is_between(1, MIN_COUNT - 1)
    ).is_empty()
    keys = list(hierarchy.group_cols)
    children = result.filter(pl.col(hierarchy.parent_key).is_not_null())
    parent_rows = result.select(
        *keys,
        pl.col(hierarchy.child_key).alias(hierarchy.parent_key),
        pl.col("suppressed").alias("parent_suppressed"),
        pl.col("disclosure_count").alias("parent_count"),
    )
    rest = pl.when(pl.col("method") == "proportion").then(complement).otherwise(0)
    groups = (
        children.group_by([*keys, hierarchy.parent_key])
        .agg(
            pl.col("suppressed").sum().alias("n_suppressed"),
            (pl.col("suppressed") & (pl.col("disclosure_count") > 0)).sum().alias("n_positive"),
            (pl.col("suppressed") & (rest > 0)).sum().alias("n_rest_positive"),
            pl.col("disclosure_count").sum().alias("children_sum"),
        )
        .join(parent_rows, on=[*keys, hierarchy.parent_key], how="inner")
    )
    # The test's own data really is additive along this hierarchy.
    assert groups.filter(pl.col("children_sum") != pl.col("parent_count")).is_empty()
    # Exactly one suppressed cell among a parent and its children: the others give it away.
    lone = (pl.col("n_suppressed") + pl.col("parent_suppressed").cast(pl.Int64)) == 1
    assert groups.filter(lone).is_empty()
    # Under a published parent, no positive count hides behind suppressed zeros alone.
    published_parent = ~pl.col("parent_suppressed")
    assert groups.filter(published_parent & (pl.col("n_positive") == 1)).is_empty()
    assert groups.filter(published_parent & (pl.col("n_rest_positive") == 1)).is_empty()


def protect(frame, hierarchies):
    return suppress_secondary(suppress_primary(frame), hierarchies=hierarchies)


PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(deliveries(areas=True, quarters=False))
def test_random_area_hierarchies_are_protected(frame):
    assert_protected(protect(frame, [AREA_HIERARCHY]), AREA_HIERARCHY)


@PROPERTY_SETTINGS
@given(deliveries(areas=False, quarters=True))
def test_random_quarters_and_years_are_protected(frame):
    assert_protected(protect(frame, [TIME_HIERARCHY]), TIME_HIERARCHY)


@PROPERTY_SETTINGS
@given(deliveries(areas=True, quarters=True))
def test_random_areas_by_quarters_are_protected_in_both_hierarchies(frame):
    result = protect(frame, [AREA_HIERARCHY, TIME_HIERARCHY])
    assert_protected(result, AREA_HIERARCHY)
    assert_protected(result, TIME_HIERARCHY)
