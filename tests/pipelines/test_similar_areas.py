"""Similar areas (issue 13): a real build of a hand-made delivery whose nearest areas are
known (tests/pipelines/similar_delivery.py), and the ranking rules on small frames."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines import similar_areas
from pipelines.build import BuildSettings, build
from tests.made_once import made_once
from tests.pipelines.similar_delivery import NEAREST, SMALL, write_similar_delivery


def _build(folder, overrides=None, sql="select * from vergelijkbare_gebieden order by all"):
    delivery = write_similar_delivery(folder / "delivery", overrides)
    build(BuildSettings(input_dir=delivery, output_dir=folder / "data"))
    return _read(folder, sql)


def _read(folder, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(folder / "data" / "dashboard.duckdb"), read_only=True)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return made_once(tmp_path_factory, "similar", _build)


@pytest.fixture(scope="module")
def table(built) -> pl.DataFrame:
    return _read(built, "select * from vergelijkbare_gebieden order by all")


def test_the_nearest_wijk_is_the_one_built_to_be_nearest(table):
    first = table.filter((pl.col("area_level") == "wijk") & (pl.col("rank") == 1))
    nearest = dict(first.select("area_code", "similar_code").iter_rows())
    assert {code: nearest[code] for code in NEAREST} == NEAREST


def test_every_area_gets_the_other_areas_of_its_level_ranked_once(table):
    wijken = table.filter(pl.col("area_level") == "wijk")
    assert wijken.group_by("area_code").agg(pl.len())["len"].to_list() == [6] * 7
    for code, rows in wijken.group_by("area_code"):
        assert sorted(rows["rank"].to_list()) == list(range(1, 7))
        assert code[0] not in rows["similar_code"].to_list()
    gemeenten = table.filter(pl.col("area_level") == "gemeente")
    assert dict(gemeenten.select("area_code", "similar_code").iter_rows()) == {
        "GM9901": "GM9902",
        "GM9902": "GM9901",
    }
    assert set(table["area_level"]) == {"wijk", "gemeente"}


def test_a_small_population_enters_as_its_band_without_its_age_mix(built, table):
    reasons = _read(
        built,
        "select distinct area_code from indicator_values "
        "where suppression_reason = 'kleine_noemer' and area_level = 'wijk'",
    )
    assert sorted(reasons["area_code"]) == list(SMALL)
    kenmerken = dict(
        table.filter(pl.col("area_level") == "wijk")
        .select("area_code", "kenmerken")
        .unique()
        .iter_rows()
    )
    for code in SMALL:
        assert kenmerken[code] == "inwoners_75plus,stedelijkheid,ses_score"
    assert kenmerken["WK990101"] == "inwoners_75plus,aandeel_85plus,stedelijkheid,ses_score"


def test_the_true_size_of_a_small_population_changes_nothing(tmp_path, table):
    """The attacker's question: does the ranking tell apart a small wijk of 46 from one of 40
    (both suppressed as kleine_noemer)? It must not: the small wijk enters with the same
    characteristics, and every wijk whose published characteristics are the same in both
    builds is ranked alike. (With four small age classes the disclosure control may choose
    another partner, so another wijk's age mix can be published in one build and not in the
    other; the ranking then follows what is published, as it must.)"""
    other = _build(tmp_path, overrides={"WK990202": (5, 5, 5, 5)})

    def kenmerken(frame: pl.DataFrame) -> dict[str, str]:
        wijken = frame.filter(pl.col("area_level") == "wijk")
        return dict(wijken.select("area_code", "kenmerken").unique().iter_rows())

    before, after = kenmerken(table), kenmerken(other)
    assert before.keys() == after.keys()
    assert before["WK990202"] == after["WK990202"]
    changed = {code for code in before if before[code] != after[code]}
    assert len(before) - len(changed) >= 5  # most wijken still compared

    def ranking(frame: pl.DataFrame) -> dict[str, list[str]]:
        wijken = frame.filter(pl.col("area_level") == "wijk").sort("area_code", "rank")
        return {
            code: [similar for similar in rows["similar_code"] if similar not in changed]
            for (code,), rows in wijken.group_by("area_code", maintain_order=True)
            if code not in changed
        }

    assert ranking(other) == ranking(table)


def _features(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "area_level": pl.String,
            "area_code": pl.String,
            "inwoners_75plus": pl.Float64,
            "aandeel_85plus": pl.Float64,
            "stedelijkheid": pl.Float64,
            "ses_score": pl.Float64,
        },
        orient="row",
    )


def test_characteristics_not_delivered_are_left_out_and_ties_go_by_code():
    features = _features(
        [
            ("wijk", "WK000003", 100.0, 0.2, None, None),
            ("wijk", "WK000001", 100.0, 0.2, None, None),
            ("wijk", "WK000002", 100.0, 0.2, None, None),
            ("wijk", "WK000004", 1000.0, 0.4, None, None),
        ]
    )
    table = similar_areas.similar_areas(features, top=2)
    assert set(table["kenmerken"]) == {"inwoners_75plus,aandeel_85plus"}
    nearest = table.filter(pl.col("area_code") == "WK000003").sort("rank")
    assert nearest["similar_code"].to_list() == ["WK000001", "WK000002"]
    assert table.filter(pl.col("area_code") == "WK000004")["rank"].to_list() == [1, 2]


def test_size_is_compared_on_a_log_scale():
    """200 is as far from 100 as from 400; with the share equal, ties go by code."""
    features = _features(
        [
            ("wijk", "WK000001", 100.0, 0.2, 3.0, 0.0),
            ("wijk", "WK000002", 200.0, 0.2, 3.0, 0.0),
            ("wijk", "WK000003", 400.0, 0.2, 3.0, 0.0),
            ("wijk", "WK000004", 190.0, 0.2, 3.0, 0.0),
        ]
    )
    table = similar_areas.similar_areas(features)
    middle = table.filter(pl.col("area_code") == "WK000002").sort("rank")
    assert middle["similar_code"].to_list() == ["WK000004", "WK000001", "WK000003"]


def _published(classes: dict[str, dict[str, int | None]], noemers: dict[str, tuple]):
    bevolking = pl.DataFrame(
        [
            {
                "area_level": "wijk",
                "area_code": code,
                "jaar": 2025,
                "leeftijdsklasse": klasse,
                "inwoners": value,
                "suppressed": value is None,
            }
            for code, per_class in classes.items()
            for klasse, value in per_class.items()
        ]
    )
    values = pl.DataFrame(
        [
            {
                "indicator_id": "so_bereik",
                "period": "2025",
                "area_level": "wijk",
                "area_code": code,
                "noemer": noemer,
                "suppression_reason": reason,
            }
            for code, (noemer, reason) in noemers.items()
        ],
        schema_overrides={"noemer": pl.Float64},
    )
    return bevolking, values


def test_the_population_figures_are_read_from_what_is_published():
    classes = {
        # everything published
        "WK1": {"75-79": 100, "80-84": 60, "85-89": 30, "90+": 10},
        # 85-89 and 90+ hidden, the noemer published: 85+ = 200 - 160
        "WK2": {"75-79": 100, "80-84": 60, "85-89": None, "90+": None},
        # 80-84 and 90+ hidden: no share
        "WK3": {"75-79": 100, "80-84": None, "85-89": 30, "90+": None},
        # a small population: the band, whatever is published
        "WK4": {"75-79": 12, "80-84": 10, "85-89": 10, "90+": 10},
        # hidden classes and no noemer published: at least min_noemer
        "WK5": {"75-79": 30, "80-84": None, "85-89": 20, "90+": None},
    }
    noemers = {
        "WK1": (200.0, None),
        "WK2": (200.0, None),
        "WK3": (180.0, None),
        "WK4": (None, "kleine_noemer"),
        "WK5": (None, "secundair"),
    }
    bevolking, values = _published(classes, noemers)
    features = similar_areas.population_features(bevolking, values, min_noemer=50).sort("area_code")
    assert features.select("area_code", "inwoners_75plus", "aandeel_85plus").rows() == [
        ("WK1", 200.0, 0.2),
        ("WK2", 200.0, 0.2),
        ("WK3", 180.0, None),
        ("WK4", 25.0, None),
        ("WK5", 50.0, None),
    ]
