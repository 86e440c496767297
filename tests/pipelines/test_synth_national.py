"""The synthetic region above scale 1: towards the national picture at scale 70 (342 gemeenten,
~3,300 wijken of ~500 inhabitants 75+, a few cities), with a map square for every wijk.

Only the region is built here (wijken, population, map), not the contacts and admissions.
"""

from __future__ import annotations

import json
import re

import numpy as np
import polars as pl
import pytest
import shapely

from pipelines.contract import GEOJSON_FILE, LEEFTIJDSKLASSEN_75PLUS
from pipelines.synth import calibration as cal
from pipelines.synth.region import (
    Region,
    _steden,
    aantal_extra_wijken,
    aantal_gemeenten,
    build_region,
    gemeente_code,
    gemeente_naam,
)
from pipelines.synth.writer import DeliveryWriter


@pytest.fixture(scope="module")
def national() -> Region:
    return build_region(70, np.random.default_rng([1, 0]), 1)


def test_the_scale_rule_keeps_the_sample_region_and_reaches_the_national_picture():
    assert aantal_gemeenten(1) == 4 and aantal_extra_wijken(1) == 0
    assert aantal_gemeenten(0.5) == 2 and aantal_extra_wijken(0.5) == 0
    assert aantal_gemeenten(70) == 342
    scales = [0.1, 0.3, 0.5, 1, 1.5, 2, 5, 10, 30, 70, 100, 200]
    gemeenten = [aantal_gemeenten(s) for s in scales]
    extra = [aantal_extra_wijken(s) for s in scales]
    assert gemeenten == sorted(gemeenten) and extra == sorted(extra)
    # The 5–9 wijken of 342 gemeenten plus the extra ones make about 3,300 on average.
    assert 342 * 7 + aantal_extra_wijken(70) == pytest.approx(3_300, abs=5)


def test_scale_70_has_342_gemeenten_in_171_resvs_and_about_3300_wijken(national):
    wijken = national.wijken
    assert wijken["gemeente_code"].n_unique() == 342
    assert wijken["resv_code"].n_unique() == 342 // cal.GEMEENTEN_PER_RESV
    assert 3_200 <= wijken.height <= 3_400
    assert wijken["wijk_code"].n_unique() == wijken.height
    for wijk, gemeente in wijken.select("wijk_code", "gemeente_code").iter_rows():
        assert re.fullmatch(r"WK\d{6}", wijk) and wijk[2:6] == gemeente[2:], wijk
    assert len(set(wijken["gemeente_naam"])) == 342


def test_a_few_gemeenten_are_cities_with_many_wijken(national):
    per_gemeente = national.wijken.group_by("gemeente_idx").len()["len"]
    low = cal.WIJKEN_PER_GEMEENTE[0]
    assert per_gemeente.min() >= low and per_gemeente.max() <= cal.MAX_WIJKEN_PER_GEMEENTE
    assert low <= per_gemeente.median() <= 10
    assert (per_gemeente >= 30).sum() >= 5
    assert per_gemeente.max() >= 80


def test_scale_70_has_about_1_75_million_75plus_in_wijken_of_about_500(national):
    per_wijk = (
        national.bevolking.filter(
            pl.col("jaar") == cal.BASE_YEAR,
            pl.col("leeftijdsklasse").is_in(LEEFTIJDSKLASSEN_75PLUS),
        )
        .group_by("wijk_idx")
        .agg(pl.col("inwoners").sum())["inwoners"]
    )
    assert per_wijk.sum() == pytest.approx(70 * cal.INWONERS_75PLUS_PER_SCALE, rel=0.01)
    assert 450 <= per_wijk.mean() <= 600
    small = national.wijken["klein"].mean()
    assert small == pytest.approx(cal.AANDEEL_KLEINE_WIJKEN, abs=0.005)
    normal = per_wijk.filter(~national.wijken.sort("wijk_idx")["klein"])
    assert normal.quantile(0.9) >= 2 * normal.quantile(0.1)  # wijken vary in size


def test_scale_70_map_has_one_wijk_each_in_rd_new_without_overlaps(national, tmp_path):
    wijken = national.wijken
    writer = DeliveryWriter(tmp_path)
    writer.write_geojson(wijken)
    features = json.loads((tmp_path / GEOJSON_FILE).read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["statcode"] for f in features) == sorted(wijken["wijk_code"])
    polygons = []
    for feature in features:
        (ring,) = feature["geometry"]["coordinates"]
        assert all(0 < x < 300_000 and 300_000 < y < 620_000 for x, y in ring)
        polygons.append(shapely.Polygon(ring))
    assert shapely.coverage_is_valid(np.array(polygons))
    # Every gemeente is a block of its own: the blocks' rectangles do not overlap.
    blocks = wijken.group_by("gemeente_idx").agg(
        pl.col("kolom").min().alias("x0"),
        pl.col("kolom").max().alias("x1"),
        pl.col("rij").min().alias("y0"),
        pl.col("rij").max().alias("y1"),
    )
    x0, x1, y0, y1 = (blocks[c].to_numpy() for c in ("x0", "x1", "y0", "y1"))
    overlap = (
        (x0[:, None] <= x1[None, :])
        & (x0[None, :] <= x1[:, None])
        & (y0[:, None] <= y1[None, :])
        & (y0[None, :] <= y1[:, None])
    )
    assert overlap.sum() == blocks.height  # each block overlaps itself only


def test_extra_wijken_are_all_given_and_never_beyond_the_maximum():
    rng = np.random.default_rng(5)
    base = np.array([5, 9, 7, 6, 8, 5, 9, 7])
    extra = _steden(base, 120, rng)
    assert extra.sum() == 120 and extra.min() >= 0
    assert sorted(extra)[-1] > 3 * sorted(extra)[len(extra) // 2]  # one city, many towns
    full = _steden(base, 10_000, rng)
    assert (base + full == cal.MAX_WIJKEN_PER_GEMEENTE).all()
    assert _steden(base, 0, rng).sum() == 0


def test_gemeente_codes_stay_above_every_cbs_code_and_run_out_at_gm2001():
    assert [gemeente_code(i) for i in (0, 98, 99, 891)] == ["GM9901", "GM9999", "GM9801", "GM9001"]
    codes = [gemeente_code(i) for i in range(99 * 80)]
    assert len(set(codes)) == len(codes)
    assert min(codes) == "GM2001" and all(not c.endswith("00") for c in codes)
    with pytest.raises(ValueError, match="hoogstens 7920 synthetische gemeenten"):
        gemeente_code(99 * 80)
    assert len({gemeente_naam(i) for i in range(342)}) == 342
