"""The Trends page: indicators over years or quarters, incomplete periods marked."""

from __future__ import annotations

from tests.dashboard.conftest import chart_rows, chart_specs, chart_titles, warnings


def test_default_shows_the_first_indicator_per_year_with_the_incomplete_year_dashed(
    open_page, open_db
):
    at = open_page("trends")
    assert at.title[0].value == "Trends"
    assert chart_titles(at) == ["Bereik SO in de eerste lijn"]
    incomplete = open_db(
        "select count(*) from periods where period_type = 'jaar' and not periode_volledig"
    ).item()
    pieces = {row["lijn"] for row in chart_rows(at, 0) if "lijn" in row}
    assert ("onvolledige periode" in pieces) == (incomplete > 0)


def test_url_gives_indicators_quarters_and_area(open_page, open_db):
    resv = open_db("select area_name from areas where area_level = 'resv' order by 1 limit 1")
    at = open_page(
        "trends",
        resv=resv.item(),
        indicatoren=["Crisisopnames", "Bereik SO in de eerste lijn"],
        periodes="Kwartalen",
    )
    assert warnings(at) == []
    assert chart_titles(at) == ["Crisisopnames"]
    assert [i.value for i in at.info] == [
        "Bereik SO in de eerste lijn: alleen per jaar beschikbaar, niet per kwartaal."
    ]
    series = {row["reeks"] for row in chart_rows(at, 0) if "reeks" in row}
    assert series == {resv.item(), "Hele regio"}


def test_suppressed_periods_have_no_mark_and_are_named(open_page, open_db):
    wijk, period = open_db(
        "select a.area_name || ', ' || "
        "(select g.area_name from areas g where g.area_code = a.gemeente_code)"
        ", v.period from areas a "
        "join indicator_values v using (area_code) where a.area_level = 'wijk' "
        "and v.indicator_id = 'so_bereik' and v.suppressed and v.period_type = 'jaar' "
        "and v.periode_volledig order by 1, 2 limit 1"
    ).row(0)
    at = open_page("trends", wijk=wijk)
    rows = chart_rows(at, 0)
    # No datum of a suppressed period reaches the chart: nothing can be drawn for it.
    assert not [row for row in rows if row.get("suppressed")]
    subtitle = " ".join(chart_specs(at)[0]["title"]["subtitle"])
    assert f"Onderdrukt en niet getekend: {period}" in subtitle


def test_changing_indicators_and_period_type(open_page):
    at = open_page("trends")
    at.sidebar.multiselect(key="indicatoren").set_value(["wlz_opnames", "elv_opnames"]).run()
    assert chart_titles(at) == ["Opnames verpleeghuis (Wlz)", "Eerstelijnsverblijf"]
    at.sidebar.radio(key="periodes").set_value("kwartaal").run()
    assert chart_titles(at) == ["Opnames verpleeghuis (Wlz)", "Eerstelijnsverblijf"]
    at.sidebar.multiselect(key="indicatoren").set_value([]).run()
    assert at.info[0].value == "Kies in de zijbalk één of meer indicatoren."


def test_an_unknown_indicator_in_the_url_is_left_out_with_a_notice(open_page):
    at = open_page("trends", indicatoren=["Crisisopnames", "Geluk"])
    assert warnings(at) == [
        "De link bevatte een onbekende of verouderde indicator ‘Geluk’; die is weggelaten."
    ]
    assert chart_titles(at) == ["Crisisopnames"]
