""" "Helpt een vast koppel?" (issue 16): the published table ``koppel_vergelijking``.

A hand-made delivery (tests/pipelines/hand_delivery.py with ``koppel_vergelijking=True``: which
practice had a koppel on which day, which admission was a crisis, are listed there) gives
exactly the tellers and noemers worked out below at every level; the groups and the admissions
of an unknown practice add up to the indicator; the generator's built-in effect
(pipelines/synth/calibration.py) lies within the published intervals of the sample region.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
from scipy.stats import binomtest

from pipelines import stats
from pipelines.build import BuildSettings, build
from pipelines.synth import calibration as cal
from tests.made_once import made_once
from tests.pipelines.hand_delivery import write_hand_delivery

AREAS = ("GM9901", "GM9902", "R1", "R2", "REGIO")
#: (jaar, indicator, groep) → (teller, noemer) per area in AREAS. 2024: met = O1 (WK990101,
#: Wlz from home, SO before), O4 (WK990201, ELV via hospital), O8 (WK990201, Wlz crisis via
#: hospital, on K2's last day); zonder = O2 (WK990101, Wlz crisis from home, no SO before);
#: O3 (WK990102, Wlz via hospital) has no practice. 2025: met = O9 (WK990102, K3's first day,
#: Wlz from home, no SO before); zonder = O7 (WK990201, Wlz from home, SO before; K2 ended).
EXPECTED = {
    (2024, "crisisopnames", "met_koppel"): ((0, 1, 0, 1, 1), (1, 1, 1, 1, 2)),
    (2024, "crisisopnames", "zonder_koppel"): ((1, 0, 1, 0, 1), (1, 0, 1, 0, 1)),
    (2024, "so_voor_opname", "met_koppel"): ((1, 0, 1, 0, 1), (1, 0, 1, 0, 1)),
    (2024, "so_voor_opname", "zonder_koppel"): ((0, 0, 0, 0, 0), (1, 0, 1, 0, 1)),
    (2024, "opname_via_ziekenhuis", "met_koppel"): ((0, 2, 0, 2, 2), (1, 2, 1, 2, 3)),
    (2024, "opname_via_ziekenhuis", "zonder_koppel"): ((0, 0, 0, 0, 0), (1, 0, 1, 0, 1)),
    (2025, "crisisopnames", "met_koppel"): ((0, 0, 0, 0, 0), (1, 0, 1, 0, 1)),
    (2025, "crisisopnames", "zonder_koppel"): ((0, 0, 0, 0, 0), (0, 1, 0, 1, 1)),
    (2025, "so_voor_opname", "met_koppel"): ((0, 0, 0, 0, 0), (1, 0, 1, 0, 1)),
    (2025, "so_voor_opname", "zonder_koppel"): ((0, 1, 0, 1, 1), (0, 1, 0, 1, 1)),
    (2025, "opname_via_ziekenhuis", "met_koppel"): ((0, 0, 0, 0, 0), (1, 0, 1, 0, 1)),
    (2025, "opname_via_ziekenhuis", "zonder_koppel"): ((0, 0, 0, 0, 0), (0, 1, 0, 1, 1)),
    # wlz_opnames groups by the practice's status on 1 July (koppeldekking's rule): 2024 met =
    # P1 (WK990101, 150 listed 75+), zonder = P2 (WK990102, 80) and P3 (WK990201, 250: K2 ended
    # on 30 June); 2025 met = P1 (160) and P2 (80, K3 from 15 January), zonder = P3 (260).
    # Tellers: 2024 met = O1; zonder = O2 (P2) and O8 (P3: met on its admission day, zonder on
    # 1 July); O3 onbekend. 2025 met = O9 (P2), zonder = O7 (P3).
    (2024, "wlz_opnames", "met_koppel"): ((1, 0, 1, 0, 1), (150, 0, 150, 0, 150)),
    (2024, "wlz_opnames", "zonder_koppel"): ((1, 1, 1, 1, 2), (80, 250, 80, 250, 330)),
    (2025, "wlz_opnames", "met_koppel"): ((1, 0, 1, 0, 1), (240, 0, 240, 0, 240)),
    (2025, "wlz_opnames", "zonder_koppel"): ((0, 1, 0, 1, 1), (0, 260, 0, 260, 260)),
}
#: The admission without a practice (O3, GM9901 in 2024: Wlz via hospital, not from home).
ONBEKEND_2024_GM9901 = {
    "crisisopnames": (0, 1),
    "so_voor_opname": (0, 0),
    "opname_via_ziekenhuis": (1, 1),
    "wlz_opnames": (1, 0),
}


def _build(root, **settings) -> duckdb.DuckDBPyConnection:
    build(BuildSettings(input_dir=root / "delivery", output_dir=root / "data", **settings))
    return duckdb.connect(str(root / "data" / "dashboard.duckdb"), read_only=True)


def _build_hand(root) -> None:
    write_hand_delivery(root / "delivery", koppel_vergelijking=True)
    _build(root, min_count=1, min_noemer=1, min_koppels=1).close()


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    root = made_once(tmp_path_factory, "koppel_hand", _build_hand)
    con = duckdb.connect(str(root / "data" / "dashboard.duckdb"), read_only=True)
    yield con
    con.close()


def _rows(con, sql: str, params=None) -> list[dict]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def test_the_hand_delivery_gives_the_worked_out_tellers_and_noemers_at_every_level(hand):
    found = {
        (r["jaar"], r["indicator_id"], r["groep"], r["area_code"]): (r["teller"], r["noemer"])
        for r in _rows(hand, "select * from koppel_vergelijking")
    }
    expected = {
        (jaar, ind, groep, area): (float(t), float(n))
        for (jaar, ind, groep), (tellers, noemers) in EXPECTED.items()
        for area, t, n in zip(AREAS, tellers, noemers, strict=True)
    }
    assert found == expected


def test_the_groups_and_the_unknown_practice_add_up_to_the_indicator(hand):
    groups = {
        (r["area_code"], r["jaar"], r["indicator_id"]): (r["teller"], r["noemer"])
        for r in _rows(
            hand,
            "select area_code, jaar, indicator_id, sum(teller) as teller, sum(noemer) as noemer "
            "from koppel_vergelijking where indicator_id <> 'wlz_opnames' group by all",
        )
    }
    indicator = {
        (r["area_code"], int(r["period"]), r["indicator_id"]): (r["teller"], r["noemer"])
        for r in _rows(
            hand,
            "select area_code, period, indicator_id, teller, noemer from indicator_values "
            "where period_type = 'jaar' and indicator_id in "
            "('crisisopnames', 'so_voor_opname', 'opname_via_ziekenhuis')",
        )
    }
    for key, (teller, noemer) in groups.items():
        area, jaar, ind = key
        unknown = (0, 0)
        if jaar == 2024 and area in ("GM9901", "R1", "REGIO"):
            unknown = ONBEKEND_2024_GM9901[ind]
        assert (teller + unknown[0], noemer + unknown[1]) == indicator[key], key
    assert hand.execute(
        "select count(*) from koppel_vergelijking where groep not in "
        "('met_koppel', 'zonder_koppel') or area_level = 'wijk'"
    ).fetchone() == (0,)


def test_the_rate_adds_up_to_wlz_opnames_and_its_noemers_are_koppeldekking(hand):
    groups = {
        (r["area_code"], r["jaar"], r["groep"]): (r["teller"], r["noemer"])
        for r in _rows(hand, "select * from koppel_vergelijking where indicator_id = 'wlz_opnames'")
    }
    indicator = {
        (r["area_code"], int(r["period"]), r["indicator_id"]): (r["teller"], r["noemer"])
        for r in _rows(
            hand,
            "select area_code, period, indicator_id, teller, noemer from indicator_values "
            "where period_type = 'jaar' and indicator_id in ('wlz_opnames', 'koppeldekking') "
            "and area_level <> 'wijk'",
        )
    }
    assert len(groups) == 2 * 2 * len(AREAS)
    for area in AREAS:
        for jaar in (2024, 2025):
            met, zonder = groups[(area, jaar, "met_koppel")], groups[(area, jaar, "zonder_koppel")]
            unknown = ONBEKEND_2024_GM9901["wlz_opnames"][0] * (
                jaar == 2024 and area in ("GM9901", "R1", "REGIO")
            )
            assert met[0] + zonder[0] + unknown == indicator[(area, jaar, "wlz_opnames")][0]
            dekking = indicator[(area, jaar, "koppeldekking")]
            assert (met[1], met[1] + zonder[1]) == dekking, (area, jaar)


def test_the_rate_per_1000_person_years_and_the_test_of_the_difference_follow_stats(hand):
    # 2024 is complete; 2025 has data up to the peildatum 2025-04-30: 120 of 365 days.
    fraction = {2024: 1.0, 2025: 120 / 365}
    for jaar, (t1, n1), (t2, n2) in (
        (2024, (1, 150), (2, 330)),
        (2025, (1, 240), (1, 260)),
    ):
        rows = {
            r["groep"]: r
            for r in _rows(
                hand,
                "select * from koppel_vergelijking where area_code = 'REGIO' and jaar = ? "
                "and indicator_id = 'wlz_opnames'",
                [jaar],
            )
        }
        y1, y2 = n1 * fraction[jaar], n2 * fraction[jaar]
        met, zonder = rows["met_koppel"], rows["zonder_koppel"]
        assert met["value"] == pytest.approx(t1 / y1 * 1000)
        assert zonder["value"] == pytest.approx(t2 / y2 * 1000)
        # One event: the exact Poisson limits (0.0253, 5.5716) over the person-years.
        assert (met["lower_95"], met["upper_95"]) == pytest.approx(
            (0.025318 / y1 * 1000, 5.571643 / y1 * 1000), rel=1e-5
        )
        low, up = stats.rate_interval(t2, y2, 0.998)
        assert (zonder["lower_998"], zonder["upper_998"]) == pytest.approx((low, up))
        difference = t1 / y1 * 1000 - t2 / y2 * 1000
        spread = 1.959964 * np.sqrt(t1 / y1**2 + t2 / y2**2) * 1000
        p_value = binomtest(t1, t1 + t2, n1 / (n1 + n2)).pvalue
        for row in (met, zonder):
            assert row["difference"] == pytest.approx(difference)
            assert (row["difference_lower_95"], row["difference_upper_95"]) == pytest.approx(
                (difference - spread, difference + spread), rel=1e-6
            )
            assert row["p_value"] == pytest.approx(p_value)


def test_the_conditional_test_of_two_poisson_rates_matches_worked_examples():
    # Equal person-years, 10 against 2 events: under equal rates x1 ~ Bin(12, 1/2), and the
    # two-sided p = 2 × (C(12,10) + C(12,11) + C(12,12)) / 2¹² = 158 / 4096.
    assert stats.two_poisson_rates_test(10, 1000, 2, 1000) == pytest.approx(158 / 4096)
    # Unequal person-years: scipy's binomtest on the split given T1 / (T1 + T2).
    counts = np.array([30, 5, 0, 7])
    years_1 = np.array([1200.0, 10.0, 10.0, 400.0])
    others = np.array([12, 9, 0, 40])
    years_2 = np.array([800.0, 30.0, 10.0, 3000.0])
    expected = [
        binomtest(int(x), int(x + y), t / (t + u)).pvalue if x + y else 1.0
        for x, t, y, u in zip(counts, years_1, others, years_2, strict=True)
    ]
    assert stats.two_poisson_rates_test(counts, years_1, others, years_2) == pytest.approx(expected)
    assert np.isnan(stats.two_poisson_rates_test(3, 0, 1, 10))
    with pytest.raises(ValueError):
        stats.two_poisson_rates_test(1.5, 10, 1, 10)
    # The difference's interval: 10/1000 − 2/1000 ± 1.96 × sqrt(10 + 2) / 1000.
    difference, low, up = stats.poisson_rate_difference_interval(10, 1000, 2, 1000)
    half = 1.959964 * np.sqrt(12) / 1000
    assert (difference, low, up) == pytest.approx((0.008, 0.008 - half, 0.008 + half))


def test_shares_limits_and_the_test_of_the_difference_follow_stats(hand):
    rows = {
        r["groep"]: r
        for r in _rows(
            hand,
            "select * from koppel_vergelijking where area_code = 'REGIO' and jaar = 2024 "
            "and indicator_id = 'opname_via_ziekenhuis'",
        )
    }
    met, zonder = rows["met_koppel"], rows["zonder_koppel"]
    assert met["value"] == pytest.approx(200 / 3)
    low, up = stats.wilson_interval(2, 3, 0.998)
    assert (met["lower_998"], met["upper_998"]) == pytest.approx((low * 100, up * 100))
    difference, low, up = stats.newcombe_difference_interval(2, 3, 0, 1)
    for row in (met, zonder):
        assert row["difference"] == pytest.approx(difference * 100)
        assert (row["difference_lower_95"], row["difference_upper_95"]) == pytest.approx(
            (low * 100, up * 100)
        )
        assert row["p_value"] == pytest.approx(stats.two_proportion_z_test(2, 3, 0, 1))


def test_newcombe_and_the_z_test_match_the_published_examples():
    # Newcombe 1998 (ref. 9), table II, example (a): 56/70 − 48/80, method 10.
    difference, low, up = stats.newcombe_difference_interval(56, 70, 48, 80)
    assert (difference, low, up) == pytest.approx((0.2, 0.0524, 0.3339), abs=5e-5)
    # z = 0.2 / sqrt(0.6933 × 0.3067 × (1/70 + 1/80)) = 2.651 → p = 0.00803.
    assert stats.two_proportion_z_test(56, 70, 48, 80) == pytest.approx(0.00803, abs=5e-5)
    assert np.isnan(stats.two_proportion_z_test(1, 2, 0, 0))
    assert stats.two_proportion_z_test(0, 5, 0, 7) == 1.0


def test_with_the_default_thresholds_nothing_small_shows_and_gemeenten_are_left_out(
    tmp_path,
):
    write_hand_delivery(tmp_path / "delivery", koppel_vergelijking=True)
    with _build(tmp_path) as con:
        rows = _rows(con, "select * from koppel_vergelijking")
    # Gemeenten are left out where one of their RESV fails a rule: all that stays are pairs
    # of gemeenten without admissions (GM9902's so_voor_opname in 2024: 0 of 0 in both).
    gemeenten = [r for r in rows if r["area_level"] == "gemeente"]
    assert gemeenten and all(r["noemer"] == 0 and not r["suppressed"] for r in gemeenten)
    assert ("GM9901", 2024) not in {(r["area_code"], r["jaar"]) for r in gemeenten}
    shown = [r for r in rows if not r["suppressed"]]
    # A group of 0 admissions shows its zeros; every other count here is small.
    assert all(r["noemer"] == 0 for r in shown)
    assert all(r["difference"] is None for r in rows)
    reasons = {r["suppression_reason"] for r in rows if r["suppressed"]}
    assert reasons <= {"primair", "secundair", "te_weinig_koppels", "te_weinig_praktijken"}


def test_a_delivery_without_praktijk_id_builds_with_empty_groups_and_no_rate(hand_unsuppressed):
    db = hand_unsuppressed / "data" / "dashboard.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "select sum(teller), sum(noemer), count(*) from koppel_vergelijking"
        ).fetchone() == (0.0, 0.0, 5 * 2 * 3 * 2)


# --- The sample region: the generator's built-in effect -----------------------------------------

#: Drawn shares per group (docs/synthetic_data.md): so_voor_opname is drawn as such; crisis
#: mixes the crisis chances over SO involvement.
DRAWN = {
    ("so_voor_opname", "met_koppel"): cal.SO_VOOR_OPNAME_MET_KOPPEL,
    ("so_voor_opname", "zonder_koppel"): cal.SO_VOOR_OPNAME_ZONDER_KOPPEL,
    ("crisisopnames", "met_koppel"): cal.SO_VOOR_OPNAME_MET_KOPPEL * cal.CRISIS_KANS[(True, True)]
    + (1 - cal.SO_VOOR_OPNAME_MET_KOPPEL) * cal.CRISIS_KANS[(True, False)],
    ("crisisopnames", "zonder_koppel"): cal.SO_VOOR_OPNAME_ZONDER_KOPPEL
    * cal.CRISIS_KANS[(False, True)]
    + (1 - cal.SO_VOOR_OPNAME_ZONDER_KOPPEL) * cal.CRISIS_KANS[(False, False)],
}


def test_the_generators_effect_lies_within_the_published_intervals(published):
    rows = _rows(
        published,
        "select * from koppel_vergelijking where area_level = 'regio' and periode_volledig "
        "and not suppressed and indicator_id in ('crisisopnames', 'so_voor_opname')",
    )
    checked = {}
    for r in rows:
        drawn = DRAWN[(r["indicator_id"], r["groep"])] * 100
        assert r["lower_998"] <= drawn <= r["upper_998"], r
        checked.setdefault((r["indicator_id"], r["groep"]), []).append(r["jaar"])
    # At least four of the six complete years are published for each group.
    assert {key: len(years) >= 4 for key, years in checked.items()} == dict.fromkeys(DRAWN, True)
    differences = {
        (r["indicator_id"], r["jaar"]): r
        for r in rows
        if r["groep"] == "met_koppel" and r["difference"] is not None
    }
    assert len(differences) >= 6
    zonder = {(r["indicator_id"], r["jaar"]): r for r in rows if r["groep"] == "zonder_koppel"}
    inside_95 = 0
    for (ind, jaar), r in differences.items():
        drawn = (DRAWN[(ind, "met_koppel")] - DRAWN[(ind, "zonder_koppel")]) * 100
        inside_95 += r["difference_lower_95"] <= drawn <= r["difference_upper_95"]
        # Every year within Newcombe's 99,8 % interval of the published counts.
        other = zonder[(ind, jaar)]
        _, low, up = stats.newcombe_difference_interval(
            r["teller"], r["noemer"], other["teller"], other["noemer"], 0.998
        )
        assert low * 100 <= drawn <= up * 100, r
        # The effect is large enough to be told from chance in every published year.
        assert r["p_value"] < 0.05, r
    # A 95 % interval misses now and then: most years hold the drawn difference.
    assert inside_95 >= 0.75 * len(differences)


def test_in_the_sample_every_admission_names_its_practice_so_the_groups_make_the_indicator(
    published,
):
    mismatches = published.execute(
        """
        with groups as (
            select area_code, jaar, indicator_id, sum(teller) as teller, sum(noemer) as noemer,
                bool_or(suppressed) as suppressed
            from koppel_vergelijking where indicator_id <> 'wlz_opnames' group by all
        )
        select count(*), count(*) filter (where groups.teller <> iv.teller
            or groups.noemer <> iv.noemer)
        from groups
        join indicator_values as iv
            on iv.area_code = groups.area_code and iv.period = cast(groups.jaar as varchar)
            and iv.indicator_id = groups.indicator_id
        where not groups.suppressed and not iv.suppressed
        """
    ).fetchone()
    assert mismatches[0] >= 30 and mismatches[1] == 0


def test_in_the_sample_the_rates_groups_make_wlz_opnames_and_koppeldekking(published):
    # The generator builds no koppel effect into the number of Wlz admissions
    # (docs/synthetic_data.md): only that the rate's numbers add up is checked.
    checked = published.execute(
        """
        with groups as (
            select area_code, cast(jaar as varchar) as period, sum(teller) as teller,
                sum(noemer) filter (where groep = 'met_koppel') as met, sum(noemer) as noemer,
                bool_or(suppressed) as suppressed
            from koppel_vergelijking where indicator_id = 'wlz_opnames' group by all
        )
        select count(*),
            count(*) filter (where groups.teller <> wlz.teller or groups.met <> dekking.teller
                or groups.noemer <> dekking.noemer)
        from groups
        join indicator_values as wlz on wlz.indicator_id = 'wlz_opnames'
            and wlz.area_code = groups.area_code and wlz.period = groups.period
        join indicator_values as dekking on dekking.indicator_id = 'koppeldekking'
            and dekking.area_code = groups.area_code and dekking.period = groups.period
        where not groups.suppressed and not wlz.suppressed and not dekking.suppressed
        """
    ).fetchone()
    assert checked[0] >= 10 and checked[1] == 0
    # Every year of the sample has the rate for the regio, both groups published.
    years = published.execute(
        "select count(distinct jaar), count(*) filter (where suppressed) "
        "from koppel_vergelijking where indicator_id = 'wlz_opnames' and area_code = 'REGIO'"
    ).fetchone()
    periods = published.execute(
        "select count(*) from periods where period_type = 'jaar'"
    ).fetchone()
    assert years == (periods[0], 0)
