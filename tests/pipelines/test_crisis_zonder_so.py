"""``crisis_zonder_so``: the crisis Wlz admissions of clients 75+ without an SO contact in the
365 days before (the window of so_voor_opname, any herkomst), worked out by hand for the
hand-made delivery's crisis variant (tests/pipelines/hand_delivery.py lists which crisis
admission had SO contact) at every area level, per year and quarter; its noemer is
crisisopnames' teller. On the sample region the regio's numbers equal a count made here from
the delivered rows. Suppression is switched off in the hand-made build (thresholds 1)."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.build import BuildSettings, build
from tests.made_once import made_once
from tests.pipelines.hand_delivery import write_hand_delivery

INDICATOR = "crisis_zonder_so"
AREAS = ("WK990101", "WK990102", "WK990201", "GM9901", "GM9902", "R1", "R2", "REGIO")
#: 2024: O2 (WK990101, no SO), O10 (WK990101, SO on 2024-07-01), O11 (WK990201, its only
#: contact that same day: not before).
TELLER_2024 = (1, 0, 1, 1, 1, 1, 1, 2)
NOEMER_2024 = (2, 0, 1, 2, 1, 2, 1, 3)
#: (area, quarter) → (teller, noemer).
QUARTERS = {
    ("REGIO", "2024-Q1"): (1, 1),
    ("REGIO", "2024-Q2"): (0, 0),
    ("REGIO", "2024-Q3"): (0, 1),
    ("REGIO", "2024-Q4"): (1, 1),
    ("GM9901", "2024-Q3"): (0, 1),
    ("GM9901", "2024-Q4"): (1, 1),
    ("R2", "2024-Q1"): (1, 1),
}


def _build_crisis(root) -> None:
    delivery = write_hand_delivery(root / "delivery", crisis=True)
    build(
        BuildSettings(
            input_dir=delivery, output_dir=root / "data", min_count=1, min_noemer=1, min_koppels=1
        )
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = made_once(tmp_path_factory, "crisis", _build_crisis)
    con = duckdb.connect(str(root / "data" / "dashboard.duckdb"), read_only=True)
    yield con
    con.close()


def _row(con, indicator: str, period: str, area: str) -> dict:
    result = con.execute(
        "select * from indicator_values where indicator_id = ? and period = ? and area_code = ?",
        [indicator, period, area],
    )
    names = [d[0] for d in result.description]
    (row,) = result.fetchall()
    return dict(zip(names, row, strict=True))


def test_teller_noemer_and_share_at_every_level(published):
    for area, teller, noemer in zip(AREAS, TELLER_2024, NOEMER_2024, strict=True):
        row = _row(published, INDICATOR, "2024", area)
        assert (row["teller"], row["noemer"]) == (teller, noemer), area
        assert row["value"] == (teller / noemer * 100 if noemer else None), area
        assert row["noemer"] == _row(published, "crisisopnames", "2024", area)["teller"], area


def test_each_quarter_counts_its_crisis_admissions(published):
    for (area, period), counts in QUARTERS.items():
        row = _row(published, INDICATOR, period, area)
        assert (row["teller"], row["noemer"]) == counts, (area, period)


def test_so_voor_opname_still_counts_admissions_from_home_only(published):
    # O10 had SO contact but came from the hospital: not in so_voor_opname; O11 came from home
    # without SO contact before: in its noemer only.
    row = _row(published, "so_voor_opname", "2024", "REGIO")
    assert (row["teller"], row["noemer"]) == (1, 3)


def test_the_catalogue_describes_it(published):
    methode, polariteit, types = published.execute(
        "select methode, polariteit, periode_types from indicator_catalogue where indicator_id = ?",
        [INDICATOR],
    ).fetchone()
    assert (methode, polariteit) == ("proportion", "lager_beter")
    crisis = published.execute(
        "select periode_types from indicator_catalogue where indicator_id = 'crisisopnames'"
    ).fetchone()[0]
    assert types == crisis


def test_the_sample_regio_equals_a_count_of_the_delivered_rows(sample_build):
    with duckdb.connect(str(sample_build / "warehouse.duckdb"), read_only=True) as con:
        opnames = con.sql(
            "select opname_id, client_id, opnamedatum, leeftijdsklasse from valid_opnames "
            "where opname_type = 'WLZ_VERBLIJF' and crisis"
        ).pl()
        contacts = con.sql("select client_id, datum from valid_so_consulten").pl()
    with duckdb.connect(str(sample_build / "dashboard.duckdb"), read_only=True) as con:
        published = {
            int(period): (teller, noemer)
            for period, teller, noemer in con.execute(
                "select period, teller, noemer from indicator_values where area_code = 'REGIO' "
                "and period_type = 'jaar' and periode_volledig and indicator_id = ?",
                [INDICATOR],
            ).fetchall()
        }
    crisis = opnames.filter(pl.col("leeftijdsklasse") != "65-74")
    with_so = (
        crisis.join(contacts, on="client_id")
        .filter(
            (pl.col("datum") < pl.col("opnamedatum"))
            & (pl.col("datum") >= pl.col("opnamedatum") - pl.duration(days=365))
        )["opname_id"]
        .unique()
    )
    counted = crisis.with_columns(
        pl.col("opnamedatum").dt.year().alias("jaar"),
        (~pl.col("opname_id").is_in(with_so.implode())).alias("zonder_so"),
    )
    assert len(published) >= 5
    for jaar, (teller, noemer) in published.items():
        year = counted.filter(pl.col("jaar") == jaar)
        assert (teller, noemer) == (year["zonder_so"].sum(), year.height), jaar
        assert 0 < teller < noemer, jaar
