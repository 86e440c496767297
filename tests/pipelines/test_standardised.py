"""Age-sex standardised rates in a real build (issue 13): a wijk that looks worse only because
its inhabitants are younger is "slechter" crude and "gelijk" standardised."""

from __future__ import annotations

import duckdb
import pytest

from tests.pipelines.age_mix_delivery import STANDARDISED


@pytest.fixture(scope="module")
def age_mix_build(age_mix_output):
    return age_mix_output


def _row(build_dir, area_code: str) -> dict:
    con = duckdb.connect(str(build_dir / "dashboard.duckdb"), read_only=True)
    try:
        rows = con.sql(
            "select * from indicator_values where indicator_id = 'so_bereik' "
            "and period = '2024' and area_code = $a",
            params={"a": area_code},
        ).pl()
        return rows.row(0, named=True)
    finally:
        con.close()


def test_a_young_wijk_is_worse_crude_and_equal_standardised(age_mix_build):
    jong, oud, resv = (_row(age_mix_build, a) for a in ("WK990101", "WK990102", "R1"))
    assert jong["value"] == pytest.approx(310 / 2350 * 1000)
    assert oud["value"] == pytest.approx(1060 / 2400 * 1000)
    assert resv["value"] == pytest.approx(1370 / 4750 * 1000)
    assert (jong["comparison"], oud["comparison"]) == ("slechter", "beter")
    for row in (jong, oud, resv):
        assert not row["suppressed"]
        assert row["std_value"] == pytest.approx(STANDARDISED)
        assert row["std_lower_95"] < STANDARDISED < row["std_upper_95"]
        assert row["std_lower_998"] < row["std_lower_95"]
        assert row["std_upper_998"] > row["std_upper_95"]
    assert (jong["std_comparison"], oud["std_comparison"]) == ("gelijk", "gelijk")


def test_no_stratum_count_is_published(age_mix_build):
    con = duckdb.connect(str(age_mix_build / "dashboard.duckdb"), read_only=True)
    try:
        columns = {
            (t, c)
            for t, c in con.execute(
                "select table_name, column_name from information_schema.columns"
            ).fetchall()
        }
    finally:
        con.close()
    # Only the population pyramid's inhabitants are published by sex (a count of the disclosure
    # model like any other); no count of events by sex or age-sex stratum.
    assert [t for t, c in columns if c == "geslacht"] == ["bevolking_geslacht"]
    assert {c for t, c in columns if t == "bevolking_geslacht"} == {
        "area_level", "area_code", "jaar", "leeftijdsklasse", "geslacht", "inwoners", "suppressed"
    }  # fmt: skip
    assert not [t for t, _ in columns if "strata" in t]
