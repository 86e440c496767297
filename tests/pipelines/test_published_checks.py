"""The checks on the published tables (pipelines/sql/published_checks): each catches an error
planted in a hand-made published database where everything adds up; a suppressed group is not
compared; a missing table or period is skipped and says so; a build whose published tables
break a check is refused and the previous database stays."""

from __future__ import annotations

import os

import duckdb
import polars as pl
import pytest

from pipelines import cli, publish, published_checks
from pipelines.models import ModelError
from tests.pipelines.hand_delivery import write_hand_delivery
from tests.pipelines.published_fixture import write_published

#: check → (an UPDATE planting one error, a value its offending rows must name).
PLANTED = {
    "bevolking_75plus_is_rate_noemer": (
        "update bevolking set inwoners = inwoners + 1 "
        "where area_code = 'WK2' and leeftijdsklasse = '80-84'",
        "WK2",
    ),
    "bevolking_parent_is_sum_of_children": (
        "update bevolking set inwoners = inwoners + 1 "
        "where area_code = 'WK2' and leeftijdsklasse = '65-74'",
        "GM1",
    ),
    "bevolking_suppressed_rows_have_no_numbers": (
        "update bevolking set inwoners = 3 where suppressed",
        "WK1",
    ),
    "bevolking_geslacht_sexes_sum_to_class": (
        "update bevolking_geslacht set inwoners = inwoners + 1 "
        "where area_code = 'GM1' and leeftijdsklasse = '85-89' and geslacht = 'M'",
        "GM1",
    ),
    "bevolking_geslacht_suppressed_rows_have_no_numbers": (
        "update bevolking_geslacht set inwoners = 3 where suppressed",
        "WK1",
    ),
    # The bug of issue 11: every regio row 0 (a join on parent_code, NULL for the regio).
    "consulten_per_kenmerk_parent_is_sum_of_children": (
        "update consulten_per_kenmerk set contacten = 0 where area_code = 'REGIO'",
        "REGIO",
    ),
    "consulten_per_kenmerk_sums_to_so_consulten": (
        "update consulten_per_kenmerk set contacten = contacten + 1 "
        "where area_code = 'GM2' and waarde = 'THUIS'",
        "GM2",
    ),
    "consulten_per_kenmerk_suppressed_rows_have_no_numbers": (
        "update consulten_per_kenmerk set aandeel = 40 where suppressed",
        "WK1",
    ),
    # One VS contact counted as SO: the kenmerk still adds up, VS + PA does not.
    "consulten_per_kenmerk_vs_pa_is_inzet_vs_pa": (
        "update consulten_per_kenmerk set contacten = contacten + "
        "case waarde when 'SO' then 1 when 'VS' then -1 else 0 end "
        "where area_code = 'R2' and kenmerk = 'uitvoerder_discipline'",
        "R2",
    ),
    # One crisis admission of R2's 2024 left out of crisis_zonder_so's noemer.
    "indicator_values_crisis_zonder_so_noemer_is_crisis": (
        "update indicator_values set noemer = noemer - 1 "
        "where indicator_id = 'crisis_zonder_so' and area_code = 'R2' and period = '2024'",
        "R2",
    ),
    "indicator_values_teller_within_noemer": (
        "update indicator_values set teller = noemer + 1 "
        "where indicator_id = 'inzet_vs_pa' and area_code = 'WK3' and period = '2024'",
        "WK3",
    ),
    "indicator_values_parent_is_sum_of_children": (
        "update indicator_values set teller = teller + 1 "
        "where indicator_id = 'so_bereik' and area_code = 'WK4'",
        "GM3",
    ),
    "indicator_values_quarters_sum_to_year": (
        "update indicator_values set noemer = noemer + 1 "
        "where indicator_id = 'inzet_vs_pa' and area_code = 'GM2' and period = '2024-Q3'",
        "GM2",
    ),
    # More requests to the SO team than contacts in GM2's second quarter.
    "indicator_values_requests_within_contacts": (
        "update indicator_values set noemer = 1000 "
        "where indicator_id = 'dagen_tot_so_contact' and area_code = 'GM2' "
        "and period = '2024-Q2'",
        "GM2",
    ),
    "indicator_values_suppressed_rows_have_no_numbers": (
        "update indicator_values set upper_95 = 3 where suppressed",
        "WK1",
    ),
    "koppel_kenmerken_parent_is_sum_of_children": (
        "update koppel_kenmerken set actieve_koppels = actieve_koppels - 1 where area_code = 'R1'",
        "R1",
    ),
    "koppel_kenmerken_suppressed_rows_have_no_numbers": (
        "update koppel_kenmerken set actieve_koppels = 2 where suppressed",
        "WK1",
    ),
    "koppel_hulpvraag_parent_is_sum_of_children": (
        "update koppel_hulpvraag set contacten = contacten + 1 "
        "where area_code = 'R2' and hulpvraag = 'OVERIG'",
        "REGIO",
    ),
    # One contact more for the regio's OVERIG: its questions no longer add up to the learning
    # curve's 60 contacts of quarters 4–7.
    "koppel_hulpvraag_is_leercurve": (
        "update koppel_hulpvraag set contacten = contacten + 1 "
        "where area_code = 'REGIO' and hulpvraag = 'OVERIG'",
        "REGIO",
    ),
    "koppel_hulpvraag_suppressed_rows_have_no_numbers": (
        "update koppel_hulpvraag set aandeel = 5 where suppressed",
        "REGIO",
    ),
    "koppel_leercurve_suppressed_rows_have_no_numbers": (
        "update koppel_leercurve set clienten_per_koppel = 1.5 where suppressed",
        "REGIO",
    ),
    # Both groups of R2 one admission more than the indicator counts.
    "koppel_vergelijking_groups_within_indicator": (
        "update koppel_vergelijking set teller = teller + 1, noemer = noemer + 1 "
        "where area_code = 'R2' and groep = 'met_koppel'",
        "R2",
    ),
    "funnel_limits_standardised_benchmark_is_std_value": (
        "update funnel_limits set benchmark_value = benchmark_value + 1",
        "R1",
    ),
    "funnel_limits_standardised_limits_hold_benchmark": (
        "update funnel_limits set upper_95 = benchmark_value - 1 where noemer = 100",
        "R1",
    ),
    # R2's Wlz admissions with a koppel 10 more than its 9 of an unknown practice allow.
    "koppel_vergelijking_rate_within_wlz_opnames": (
        "update koppel_vergelijking set teller = teller + 10 "
        "where indicator_id = 'wlz_opnames' and area_code = 'R2' and groep = 'met_koppel'",
        "R2",
    ),
    # 20 listed 75-plussers of GM3 moved from met to zonder: the sum holds, met's does not.
    "koppel_vergelijking_rate_noemer_is_koppeldekking": (
        "update koppel_vergelijking set noemer = noemer + case groep when 'met_koppel' then -20 "
        "else 20 end where indicator_id = 'wlz_opnames' and area_code = 'GM3'",
        "GM3",
    ),
    "koppel_vergelijking_parent_is_sum_of_children": (
        "update koppel_vergelijking set teller = teller - 1 "
        "where area_code = 'GM1' and groep = 'zonder_koppel' and jaar = 2024",
        "R1",
    ),
    # The published row of a pair whose other row is suppressed shows a difference.
    "koppel_vergelijking_suppressed_rows_have_no_numbers": (
        "update koppel_vergelijking set difference = 3 where jaar = 2023",
        "GM1",
    ),
    "samenwerkingsfase_parent_is_sum_of_children": (
        "update samenwerkingsfase set praktijken = praktijken + 1 "
        "where area_code = 'GM3' and fase = 2",
        "R2",
    ),
    # One practice with its listed 75-plussers counted in stage 0 instead of stage 1: every
    # stage still adds up over the areas, and to the noemer, but not to koppeldekking's teller.
    "samenwerkingsfase_sums_to_koppeldekking": (
        "update samenwerkingsfase set ingeschreven_75plus = ingeschreven_75plus + "
        "case fase when 0 then 20 when 1 then -20 else 0 end "
        "where jaar = 2024 and area_code = 'REGIO'",
        "REGIO",
    ),
    "samenwerkingsfase_suppressed_rows_have_no_numbers": (
        "update samenwerkingsfase set aandeel_75plus = 5 where suppressed",
        "GM1",
    ),
    "opnames_per_type_elv_is_elv_opnames": (
        "update opnames_per_type set opname_type = 'ELV_PALLIATIEF' "
        "where opname_type = 'GRZ' and area_code = 'WK1' and period = '2024-Q2'",
        "WK1",
    ),
    "opnames_per_type_parent_is_sum_of_children": (
        "update opnames_per_type set aantal = aantal + 1 "
        "where opname_type = 'GRZ' and area_code = 'WK3' and period = '2024-Q1'",
        "GM2",
    ),
    "opnames_per_type_quarters_sum_to_year": (
        "update opnames_per_type set aantal = aantal - 1 "
        "where opname_type = 'GRZ' and area_code = 'R2' and period = '2024'",
        "R2",
    ),
    "opnames_per_type_suppressed_rows_have_no_numbers": (
        "update opnames_per_type set per_1000 = 0.5 where suppressed",
        "WK1",
    ),
    "opnames_per_type_wlz_is_wlz_opnames": (
        "update indicator_values set teller = teller - 1 "
        "where indicator_id = 'wlz_opnames' and area_code = 'REGIO' and period = '2024-Q4'",
        "REGIO",
    ),
}


@pytest.fixture()
def con(tmp_path):
    connection = duckdb.connect(str(write_published(tmp_path / "published.duckdb")))
    yield connection
    connection.close()


def _results(con) -> dict[str, published_checks.PublishedCheckResult]:
    return {r.name: r for r in published_checks.run_checks(con)}


def test_every_check_has_a_planted_error():
    assert sorted(PLANTED) == sorted(c.name for c in published_checks.discover_checks())


def test_every_check_runs_and_passes_on_a_consistent_database(con):
    results = _results(con)
    assert {name: (r.failing_rows, r.skipped) for name, r in results.items()} == {
        name: (0, None) for name in PLANTED
    }


@pytest.mark.parametrize("check", sorted(PLANTED))
def test_each_check_catches_its_planted_error(con, check):
    update, named = PLANTED[check]
    con.execute(update)
    result = _results(con)[check]
    assert result.failed, check
    assert any(named in map(str, row) for row in result.sample), result.sample
    assert check in published_checks.failure_message([result])


def test_a_group_with_a_suppressed_row_is_not_compared(con):
    # The regio's contacts are wrong, but one of them is suppressed: that group is skipped,
    # the other values of the kenmerk are still compared.
    con.execute(
        "update consulten_per_kenmerk set contacten = 0 where area_code = 'REGIO' and waarde = 'SO'"
    )
    failing = _results(con)["consulten_per_kenmerk_parent_is_sum_of_children"]
    assert failing.failing_rows == 1
    con.execute(
        "update consulten_per_kenmerk set contacten = null, aandeel = null, suppressed = true "
        "where area_code = 'R2' and waarde = 'SO'"
    )
    assert _results(con)["consulten_per_kenmerk_parent_is_sum_of_children"].passed


def test_a_missing_table_or_period_is_skipped_and_says_why(con):
    con.execute("delete from opnames_per_type where period_type = 'kwartaal'")
    results = _results(con)
    assert results["opnames_per_type_quarters_sum_to_year"].skipped == (
        "opnames_per_type where period_type = 'kwartaal' has no rows"
    )
    assert not results["opnames_per_type_quarters_sum_to_year"].passed
    assert results["opnames_per_type_parent_is_sum_of_children"].passed

    con.execute("drop table opnames_per_type")
    results = _results(con)
    skipped = {name for name, r in results.items() if r.skipped}
    assert skipped == {name for name in PLANTED if name.startswith("opnames_per_type")}
    assert all("table opnames_per_type is missing" in results[n].skipped for n in skipped)
    assert results["indicator_values_parent_is_sum_of_children"].passed


def test_a_check_that_does_not_run_stops_with_its_file(con):
    con.execute("alter table opnames_per_type rename column aantal to n")
    with pytest.raises(
        ModelError, match=r"opnames_per_type_elv_is_elv_opnames\.sql: .* failed to run"
    ):
        published_checks.run_checks(con)


def _build(delivery, output) -> int:
    return cli.main(["build", "--input", str(delivery), "--output", str(output)])


def test_a_build_whose_published_tables_break_a_check_is_refused(tmp_path, monkeypatch, capsys):
    delivery = write_hand_delivery(tmp_path / "delivery")
    output = tmp_path / "data"
    assert _build(delivery, output) == 0
    previous = os.path.realpath(output / "dashboard.duckdb")
    published_before = sorted((output / "published").iterdir())
    capsys.readouterr()

    frames = publish.published_frames

    def one_off(con, settings, ledger=None):
        tables, protected = frames(con, settings, ledger)
        # One wijk's inhabitants 75-79 off by one.
        tables["bevolking"] = tables["bevolking"].with_columns(
            pl.when(
                (pl.col("area_code") == "WK990101")
                & (pl.col("jaar") == 2024)
                & (pl.col("leeftijdsklasse") == "75-79")
            )
            .then(pl.col("inwoners") + 1)
            .otherwise(pl.col("inwoners"))
            .alias("inwoners")
        )
        return tables, protected

    monkeypatch.setattr(publish, "published_frames", one_off)
    assert _build(delivery, output) == 2
    err = capsys.readouterr().err
    assert "bevolking_parent_is_sum_of_children" in err
    assert "GM9901" in err
    assert os.path.realpath(output / "dashboard.duckdb") == previous
    assert sorted((output / "published").iterdir()) == published_before
    with duckdb.connect(previous, read_only=True) as con:
        assert published_checks.failure_message(published_checks.run_checks(con)) is None
