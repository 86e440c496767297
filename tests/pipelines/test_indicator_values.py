"""Each indicator's exact teller, noemer and value at every area level, for the
hand-made delivery (tests/pipelines/hand_delivery.py, where the events are listed and the
numbers below are worked out). Suppression is switched off (thresholds 1) so every number shows;
test_published.py checks suppression on the sample region."""

from __future__ import annotations

import duckdb
import pytest
from scipy.stats import chi2

AREAS = ("WK990101", "WK990102", "WK990201", "GM9901", "GM9902", "R1", "R2", "REGIO")
POPULATION = (200, 100, 300, 300, 300, 300, 300, 600)

#: indicator → (tellers, noemers) per area in AREAS, for the year 2024.
EXPECTED_2024 = {
    "so_bereik": ((2, 1, 1, 3, 1, 3, 1, 4), POPULATION),
    "so_consulten": ((3, 1, 2, 4, 2, 4, 2, 6), POPULATION),
    "so_directe_tijd": ((2.25, 1.5, 1.0, 3.75, 1.0, 3.75, 1.0, 4.75), POPULATION),
    "koppeldekking": ((150, 0, 0, 150, 0, 150, 0, 150), (150, 80, 250, 230, 250, 230, 250, 480)),
    "consulten_binnen_koppel": ((2, 0, 1, 2, 1, 2, 1, 3), (3, 1, 2, 4, 2, 4, 2, 6)),
    "zorgtraject_clienten": ((1, 0, 0, 1, 0, 1, 0, 1), POPULATION),
    "inzet_vs_pa": ((2, 0, 0, 2, 0, 2, 0, 2), (3, 1, 2, 4, 2, 4, 2, 6)),
    "wlz_opnames": ((2, 1, 0, 3, 0, 3, 0, 3), POPULATION),
    "crisisopnames": ((1, 0, 0, 1, 0, 1, 0, 1), (2, 1, 0, 3, 0, 3, 0, 3)),
    "so_voor_opname": ((1, 0, 0, 1, 0, 1, 0, 1), (2, 0, 0, 2, 0, 2, 0, 2)),
    "elv_opnames": ((0, 0, 1, 0, 1, 0, 1, 1), POPULATION),
    "opname_via_ziekenhuis": ((0, 1, 1, 1, 1, 1, 1, 2), (2, 1, 1, 3, 1, 3, 1, 4)),
}
MULTIPLIER = {
    "so_bereik": 1000,
    "so_consulten": 1000,
    "so_directe_tijd": 1000,
    "zorgtraject_clienten": 1000,
    "wlz_opnames": 1000,
    "elv_opnames": 1000,
}
#: wachttijd_opname 2024: O1 waited 60 days (WK990101), O3 90 days (WK990102).
WACHTTIJD_2024 = {
    "WK990101": (60.0, 1),
    "WK990102": (90.0, 1),
    "WK990201": (None, 0),
    "GM9901": (75.0, 2),
    "GM9902": (None, 0),
    "R1": (75.0, 2),
    "R2": (None, 0),
    "REGIO": (75.0, 2),
}


@pytest.fixture(scope="module")
def published(hand_unsuppressed) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(hand_unsuppressed / "data" / "dashboard.duckdb"), read_only=True)
    yield con
    con.close()


def _row(con, indicator: str, period: str, area: str) -> dict:
    cursor = con.cursor()
    result = cursor.execute(
        "select * from indicator_values where indicator_id = ? and period = ? and area_code = ?",
        [indicator, period, area],
    )
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    assert len(rows) == 1, (indicator, period, area, rows)
    return dict(zip(names, rows[0], strict=True))


@pytest.mark.parametrize("indicator", sorted(EXPECTED_2024))
def test_teller_noemer_and_value_at_every_level(published, indicator):
    tellers, noemers = EXPECTED_2024[indicator]
    for area, teller, noemer in zip(AREAS, tellers, noemers, strict=True):
        row = _row(published, indicator, "2024", area)
        assert row["teller"] == pytest.approx(teller), area
        assert row["noemer"] == pytest.approx(noemer), area
        if noemer == 0:
            assert row["value"] is None, area
            continue
        factor = MULTIPLIER.get(indicator, 100)
        assert row["value"] == pytest.approx(teller / noemer * factor), area
        assert row["periode_volledig"] is True
        assert row["suppressed"] is False


def test_median_waiting_time_at_every_level(published):
    for area, (median, n) in WACHTTIJD_2024.items():
        row = _row(published, "wachttijd_opname", "2024", area)
        assert row["teller"] is None
        assert row["noemer"] == n
        assert row["value"] == median


def test_area_hierarchy_names_and_parents(published):
    row = _row(published, "so_bereik", "2024", "WK990102")
    assert (row["area_level"], row["area_name"], row["parent_code"]) == ("wijk", "Zuid", "GM9901")
    row = _row(published, "so_bereik", "2024", "R2")
    assert (row["area_level"], row["parent_code"], row["benchmark_code"]) == (
        "resv",
        "REGIO",
        "REGIO",
    )


def test_rate_interval_is_exact_poisson_below_ten_events(published):
    row = _row(published, "so_bereik", "2024", "REGIO")
    # 4 events: exact limits χ²(0.025; 8)/2 and χ²(0.975; 10)/2, per 600 inhabitants × 1000.
    assert row["lower_95"] == pytest.approx(chi2.ppf(0.025, 8) / 2 / 600 * 1000, rel=1e-9)
    assert row["upper_95"] == pytest.approx(chi2.ppf(0.975, 10) / 2 / 600 * 1000, rel=1e-9)
    assert row["lower_998"] < row["lower_95"] < row["value"] < row["upper_95"] < row["upper_998"]


def test_wijk_compared_with_its_resv(published):
    row = _row(published, "so_bereik", "2024", "WK990201")
    assert row["benchmark_code"] == "R2"
    assert row["benchmark_value"] == pytest.approx(1 / 300 * 1000)
    assert row["comparison"] == "gelijk"


def test_incomplete_year_is_flagged_annualised_and_not_benchmarked(published):
    # 2025 has data up to the peildatum 2025-04-30: 120 of 365 days.
    row = _row(published, "wlz_opnames", "2025", "WK990201")
    assert row["periode_volledig"] is False
    assert row["teller"] == 1
    assert row["value"] == pytest.approx(1 / (300 * 120 / 365) * 1000)
    assert row["benchmark_value"] is None
    assert row["comparison"] == "niet_vergeleken"
    assert row["trend"] is None
    assert _row(published, "so_voor_opname", "2025", "WK990201")["value"] == pytest.approx(100)
    koppels = [_row(published, "koppeldekking", "2025", a)["teller"] for a in AREAS[:3]]
    assert koppels == [160, 80, 0]


def test_quarters_are_annualised_and_published_from_the_gemeente_up(published):
    row = _row(published, "so_consulten", "2024-Q1", "GM9901")
    assert row["period_type"] == "kwartaal"
    assert row["teller"] >= 1
    expected = row["teller"] / (row["noemer"] * 91 / 366) * 1000
    assert row["value"] == pytest.approx(expected)
    wijk_quarters = published.execute(
        "select count(*) from indicator_values where area_level = 'wijk' "
        "and period_type = 'kwartaal'"
    ).fetchall()[0][0]
    assert wijk_quarters == 0
    count = published.execute(
        "select count(*) from indicator_values where indicator_id = 'so_bereik' "
        "and period_type = 'kwartaal'"
    ).fetchall()[0][0]
    assert count == 0  # so_bereik is a yearly indicator only


def test_quarter_2025_q2_is_incomplete(published):
    row = _row(published, "wlz_opnames", "2025-Q2", "GM9902")
    assert row["periode_volledig"] is False
    assert row["teller"] == 1
