"""``dagen_tot_so_contact`` (Bereikbaarheid): the median days from the GP's request
(``so_consulten.aanvraagdatum``) to the first SO contact, worked out by hand for the hand-made
delivery's aanvraagdatum variant (tests/pipelines/hand_delivery.py lists the requests), at every
area level, per year and quarter; and a delivery without the column builds with the indicator
empty. Suppression is switched off (thresholds 1) so every number shows."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

INDICATOR = "dagen_tot_so_contact"

#: area → (median, requests) in 2024: A 9 days and B 5 in WK990101, D 5 and 10 in WK990201.
EXPECTED_2024 = {
    "WK990101": (7.0, 2),
    "WK990102": (None, 0),
    "WK990201": (7.5, 2),
    "GM9901": (7.0, 2),
    "GM9902": (7.5, 2),
    "R1": (7.0, 2),
    "R2": (7.5, 2),
    "REGIO": (7.0, 4),
}
#: (area, quarter) → (median, requests): each request in the quarter of its first contact.
EXPECTED_QUARTERS = {
    ("REGIO", "2024-Q1"): (7.0, 2),
    ("REGIO", "2024-Q2"): (5.0, 1),
    ("REGIO", "2024-Q3"): (10.0, 1),
    ("REGIO", "2024-Q4"): (None, 0),
    ("GM9901", "2024-Q1"): (9.0, 1),
    ("GM9901", "2024-Q2"): (5.0, 1),
    ("R2", "2024-Q1"): (5.0, 1),
    ("R2", "2024-Q3"): (10.0, 1),
    ("REGIO", "2025-Q1"): (9.0, 1),
}


def _connect(root) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(root / "data" / "dashboard.duckdb"), read_only=True)


@pytest.fixture(scope="module")
def published(hand_unsuppressed_aanvraagdatum):
    con = _connect(hand_unsuppressed_aanvraagdatum)
    yield con
    con.close()


def _row(con, period: str, area: str) -> dict:
    result = con.execute(
        "select * from indicator_values where indicator_id = ? and period = ? and area_code = ?",
        [INDICATOR, period, area],
    )
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    assert len(rows) == 1, (period, area, rows)
    return dict(zip(names, rows[0], strict=True))


def test_median_and_requests_per_year_at_every_level(published):
    for area, (median, requests) in EXPECTED_2024.items():
        row = _row(published, "2024", area)
        assert (row["value"], row["noemer"], row["teller"]) == (median, requests, None), area
        assert row["suppressed"] is False
    assert _row(published, "2025", "WK990101")["value"] == 9.0
    assert _row(published, "2025", "REGIO")["noemer"] == 1


def test_each_request_counts_in_the_quarter_of_its_first_contact(published):
    for (area, period), (median, requests) in EXPECTED_QUARTERS.items():
        row = _row(published, period, area)
        assert (row["value"], row["noemer"]) == (median, requests), (area, period)
    # Quarters are published from the gemeente up, as for every indicator.
    assert not published.execute(
        "select count(*) from indicator_values where indicator_id = ? and period_type = "
        "'kwartaal' and area_level = 'wijk'",
        [INDICATOR],
    ).fetchone()[0]


def test_the_catalogue_describes_it(published):
    methode, polariteit, types, eenheid = published.execute(
        "select methode, polariteit, periode_types, eenheid from indicator_catalogue "
        "where indicator_id = ?",
        [INDICATOR],
    ).fetchone()
    assert (methode, polariteit, eenheid) == ("median", "lager_beter", "dagen")
    assert "kwartaal" in types


def test_a_delivery_without_aanvraagdatum_builds_with_the_indicator_empty(hand_unsuppressed):
    con = _connect(hand_unsuppressed)
    try:
        rows = con.execute(
            "select count(*), sum(noemer), count(value) from indicator_values "
            "where indicator_id = ?",
            [INDICATOR],
        ).fetchone()
        contacts = con.execute(
            "select teller from indicator_values where indicator_id = 'so_consulten' "
            "and area_code = 'REGIO' and period = '2024'"
        ).fetchone()[0]
    finally:
        con.close()
    assert rows[0] > 0 and rows[1] == 0 and rows[2] == 0
    assert contacts == 6


def test_the_sample_region_finds_the_generators_waiting_days(sample_build):
    """The generator draws 7 days from request to first contact where the practice has a koppel,
    14 where it has none (docs/synthetic_data.md): the regio's median lies between them, falls
    as koppels spread, and equals the median computed here from the delivered rows."""
    with duckdb.connect(str(sample_build / "warehouse.duckdb"), read_only=True) as con:
        contacts = con.sql(
            "select client_id, datum, aanvraagdatum, leeftijdsklasse from valid_so_consulten"
        ).pl()
    with duckdb.connect(str(sample_build / "dashboard.duckdb"), read_only=True) as con:
        last = con.execute("select laatste_volledige_jaar from build_info").fetchone()[0]
        published = {
            (indicator, int(period)): (value, noemer)
            for indicator, period, value, noemer in con.execute(
                "select indicator_id, period, value, noemer from indicator_values "
                "where area_code = 'REGIO' and period_type = 'jaar' and periode_volledig "
                "and indicator_id in (?, 'koppeldekking')",
                [INDICATOR],
            ).fetchall()
        }
    requests = (
        contacts.filter(pl.col("aanvraagdatum").is_not_null())
        .group_by("client_id", "aanvraagdatum")
        .agg(pl.all().sort_by("datum").first())
        .filter(pl.col("leeftijdsklasse") != "65-74")
        .with_columns(
            (pl.col("datum") - pl.col("aanvraagdatum")).dt.total_days().alias("dagen"),
            pl.col("datum").dt.year().alias("jaar"),
        )
    )
    years = sorted(j for ind, j in published if ind == INDICATOR)
    assert years[-1] == last and len(years) >= 5
    for jaar in years:
        wachten = requests.filter(pl.col("jaar") == jaar)["dagen"]
        value, noemer = published[(INDICATOR, jaar)]
        assert (value, noemer) == (wachten.median(), wachten.len()), jaar
        assert 7 <= value <= 14, jaar
    first, latest = years[0], years[-1]
    assert published[("koppeldekking", latest)][0] > published[("koppeldekking", first)][0]
    assert published[(INDICATOR, latest)][0] < published[(INDICATOR, first)][0]
