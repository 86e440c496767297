"""An incomplete year ("2026 t/m sep") is compared only with the same months of the year before,
from the published quarters, and never drawn as if whole."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import data, reports
from dashboard import format as fmt
from dashboard.reports import overzicht, trends
from pipelines.publish import SCHEMA_VERSION


def _incomplete_year(open_db) -> tuple[str, str]:
    """The incomplete year of the sample build and the year before."""
    year = open_db(
        "select period from periods where period_type = 'jaar' and not periode_volledig"
    ).item()
    return year, str(int(year) - 1)


def _change(published_db, area_code: str, indicator_id: str, year: str) -> overzicht.Change:
    """The tile change as the Overzicht page makes it, from the published rows."""
    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        values = data.read_area_values(con, area_code, "jaar")
        quarters = data.read_area_values(con, area_code, "kwartaal")
        periods = data.read_periods(con)
    finally:
        con.close()
    mine = values.filter(pl.col("indicator_id") == indicator_id)
    row = mine.filter(pl.col("period") == year).row(0, named=True)
    before = mine.filter(pl.col("period") == str(int(year) - 1))
    previous = before.row(0, named=True) if before.height else None
    own = quarters.filter(pl.col("indicator_id") == indicator_id).to_dicts()
    return overzicht.year_change(row, previous, own, periods)


def test_an_incomplete_year_is_compared_with_the_same_quarters_of_the_year_before(
    open_db, published_db
):
    year, before = _incomplete_year(open_db)
    # Independently: Σ teller per 1,000 person-years of Q1–Q3 of each year.
    expected = open_db(
        "select substr(v.period, 1, 4) as jaar, sum(v.teller) * 1000 / sum(v.noemer "
        "* (p.period_end - p.period_start + 1) / 365.0) as waarde "
        "from indicator_values v join periods p using (period) "
        "where v.area_code = 'REGIO' and v.indicator_id = 'so_consulten' "
        "and v.period in ($y || '-Q1', $y || '-Q2', $y || '-Q3', $b || '-Q1', $b || '-Q2', "
        "$b || '-Q3') group by 1 order by 1",
        {"y": year, "b": before},
    )
    assert expected.height == 2
    earlier, current = expected.get_column("waarde").to_list()
    change = _change(published_db, "REGIO", "so_consulten", year)
    text = fmt.format_change(current - earlier, 1, "per 1.000")
    assert change.tekst == f"{text} t.o.v. jan–sep {before}"
    assert change.pijl == ("up" if current > earlier else "down")
    assert change.reden is None


def test_the_quarters_of_the_incomplete_year_add_up_to_its_published_value(open_db, published_db):
    """The same-months value is made as the pipeline makes a year: the three quarters of the
    incomplete year give the published value of that year, for every unsuppressed area."""
    year, _ = _incomplete_year(open_db)
    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        periods = {row["period"]: row for row in data.read_periods(con).to_dicts()}
        checked = 0
        for code in ("REGIO", "RESV01", "GM9901"):
            years = data.read_area_values(con, code, "jaar").filter(pl.col("period") == year)
            quarters = data.read_area_values(con, code, "kwartaal").filter(
                pl.col("period").str.starts_with(year)
            )
            for row in years.filter(~pl.col("suppressed")).to_dicts():
                if row["methode"] == "median":  # medians of quarters do not add up to a year
                    continue
                own = quarters.filter(pl.col("indicator_id") == row["indicator_id"])
                if own.is_empty() or own.get_column("suppressed").any():
                    continue
                value = overzicht.same_months_value(own.to_dicts(), periods)
                assert value == pytest.approx(row["value"], rel=1e-9), (code, row["indicator_id"])
                checked += 1
    finally:
        con.close()
    assert checked >= 10


def test_no_change_where_the_quarters_do_not_allow_one_and_the_reason_is_given(
    open_db, published_db
):
    year, before = _incomplete_year(open_db)
    wijk = open_db(
        "select area_code from indicator_values where area_level = 'wijk' and period = $y "
        "and indicator_id = 'so_consulten' and not suppressed order by 1 limit 1",
        {"y": year},
    ).item()
    change = _change(published_db, wijk, "so_consulten", year)
    assert change.tekst is None
    assert change.reden == (
        f"Niet vergeleken met {before}: jan–sep {before} is niet bekend, want kwartaalcijfers "
        "worden pas vanaf gemeenteniveau gepubliceerd."
    )
    change = _change(published_db, "REGIO", "so_bereik", year)
    assert change.tekst is None
    assert change.reden == (
        f"Niet vergeleken met {before}: jan–sep {before} is niet bekend, want dit cijfer wordt "
        "niet per kwartaal gepubliceerd."
    )
    # A median is published per quarter, but its quarters do not add up to months.
    change = _change(published_db, "REGIO", "dagen_tot_so_contact", year)
    assert change.tekst is None
    assert change.reden == (
        f"Niet vergeleken met {before}: jan–sep {before} is niet bekend, want een mediaan is "
        "niet uit de mediaan per kwartaal op te tellen."
    )
    # A published year whose quarters are published while one of the year before is
    # suppressed: the sample's suppression holds no such case since the partner rules of
    # 2026-12-03 (it held one); test_a_year_ending_mid_quarter_is_compared_on_its_complete_quarters
    # gives the reason for it.


def _quarter(period: str, teller: float, suppressed: bool = False) -> dict:
    return {
        "period": period,
        "teller": None if suppressed else teller,
        "noemer": None if suppressed else 100.0,
        "suppressed": suppressed,
        "methode": "proportion",
    }


def _periods(last_complete: int) -> pl.DataFrame:
    rows = []
    for jaar in (2025, 2026):
        for q in range(1, 5):
            start = date(jaar, 3 * q - 2, 1)
            end = date(jaar + (q == 4), (3 * q) % 12 + 1, 1).toordinal() - 1
            rows.append(
                {
                    "period": f"{jaar}-Q{q}",
                    "period_type": "kwartaal",
                    "jaar": jaar,
                    "period_start": start,
                    "period_end": date.fromordinal(end),
                    "periode_volledig": jaar == 2025 or q <= last_complete,
                }
            )
    return pl.DataFrame(rows)


def test_a_year_ending_mid_quarter_is_compared_on_its_complete_quarters():
    row = {
        "period": "2026",
        "periode_volledig": False,
        "suppressed": False,
        "value": 31.0,
        "methode": "proportion",
        "area_level": "gemeente",
        "decimalen": 1,
        "eenheid": "%",
    }
    previous = {**row, "period": "2025", "periode_volledig": True, "value": 20.0}
    quarters = [
        _quarter("2025-Q1", 10),
        _quarter("2025-Q2", 20),
        _quarter("2025-Q3", 90),
        _quarter("2026-Q1", 30),
        _quarter("2026-Q2", 40),
    ]
    change = overzicht.year_change(row, previous, quarters, _periods(last_complete=2))
    # (30 + 40) / 200 − (10 + 20) / 200 = 20 procentpunt; Q3 2025 plays no part.
    assert change == overzicht.Change("+20,0 procentpunt t.o.v. jan–jun 2025", "up")
    quarters[0] = _quarter("2025-Q1", 0, suppressed=True)
    change = overzicht.year_change(row, previous, quarters, _periods(last_complete=2))
    assert change == overzicht.Change(
        None, reden="Niet vergeleken met 2025: 1e kwartaal 2025 is onderdrukt."
    )
    change = overzicht.year_change(row, previous, quarters, _periods(last_complete=0))
    assert change == overzicht.Change(
        None, reden="Niet vergeleken met 2025: nog geen heel kwartaal van 2026."
    )


def test_the_overzicht_tiles_of_an_incomplete_year(open_page, open_db):
    year, before = _incomplete_year(open_db)
    at = open_page(jaar=f"{year} t/m sep")
    # An incomplete year has no standardised rates (whole years only), so with the correction
    # on (the default) or off the tiles are crude and compared with the same months.
    tiles = {metric.label: metric for metric in at.metric}
    assert tiles["SO-contacten"].delta.endswith(f" t.o.v. jan–sep {before}")
    at.toggle(key="gecorrigeerd").set_value(False).run()
    tiles = {metric.label: metric for metric in at.metric}
    assert tiles["SO-contacten"].delta.endswith(f" t.o.v. jan–sep {before}")
    assert tiles["Bereik SO in de eerste lijn"].delta in (None, "")
    captions = " ".join(caption.value for caption in at.caption)
    assert "want dit cijfer wordt niet per kwartaal gepubliceerd" in captions
    assert "vergeleken met dezelfde maanden van het jaar ervoor" in captions


def test_a_trend_line_never_joins_the_incomplete_year_as_if_whole(published_db, open_db):
    year, before = _incomplete_year(open_db)
    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        source = reports.DataSource(con)
        area = reports.area_row(source, "RESV01")
        report = trends.report(source, area, ["so_consulten"], "jaar")
    finally:
        con.close()
    (section,) = report.sections
    spec = section.chart.export()
    pieces = section.chart.datasets["stukken"].to_dicts()
    touching = [p for p in pieces if str(p["period_start"]).startswith(year)]
    assert len(touching) == 2  # the RESV and the regio each reach the incomplete year
    for point in touching:
        partner = [p for p in pieces if p["stuk"] == point["stuk"] and p is not point]
        assert [str(p["period_start"])[:4] for p in partner] == [before]
        assert point["lijn"] == "onvolledige periode"  # dashed, never the solid line
    points = section.chart.datasets["punten"]
    assert points.filter(pl.col("period") == year).get_column("periode_volledig").to_list() == [
        False,
        False,
    ]
    labels = section.chart.datasets["onvolledig"]
    assert labels.get_column("label").to_list() == ["t/m sep"]
    subtitle = spec["title"]["subtitle"]
    assert f"Open punt en stippellijn: nog niet compleet, voorlopig: {year} t/m sep" in subtitle
