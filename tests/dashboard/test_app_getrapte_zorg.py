"""The Getrapte zorg page: the chain from SO contact to admission, each step the teller of its
published indicator, its leaks from published tellers and noemers, suppressed steps not drawn;
the command line draws the same chart. Before the chain the Bereikbaarheid (median days from
the GP's request to the first SO contact), or why a delivery without aanvraagdatum has none."""

from __future__ import annotations

import duckdb
import polars as pl

from dashboard import data
from dashboard import format as fmt
from dashboard.export import region
from dashboard.reports import DataSource, Section, Table, Text, area_row, getrapte_zorg
from pipelines.publish import SCHEMA_VERSION
from tests.dashboard.conftest import chart_rows, chart_specs, chart_titles

STEP_IDS = [indicator for indicator, _stap, _noun in getrapte_zorg.STAPPEN]
STEP_NAMES = {indicator: stap for indicator, stap, _noun in getrapte_zorg.STAPPEN}


def _values(open_db, code: str, year: str) -> dict[str, dict]:
    rows = open_db(
        "select * from indicator_values where area_code = $c and period = $p",
        {"c": code, "p": year},
    )
    return {row["indicator_id"]: row for row in rows.to_dicts()}


def test_each_step_of_the_regio_is_its_indicators_teller(open_page, open_db):
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    at = open_page("getrapte_zorg")
    assert at.title[0].value == "Getrapte zorg"
    assert chart_titles(at) == [f"Getrapte zorg: van SO-contact tot opname, {year}"]
    published = _values(open_db, "REGIO", year)
    drawn = {row["stap"]: row for row in chart_rows(at, 0) if "stap" in row}
    for indicator in STEP_IDS:
        row = published[indicator]
        assert not row["suppressed"], indicator  # the regio's steps are large
        shown = drawn[STEP_NAMES[indicator]]
        assert shown["value"] == row["value"]
        assert shown["label"].startswith(fmt.format_number(row["teller"]) + " ")
    # The table: every step's count, then the leaks from published tellers and noemers.
    table = {r["Stap"]: r for r in at.dataframe[0].value.to_dict("records")}
    for indicator in STEP_IDS:
        assert table[STEP_NAMES[indicator]]["Aantal"] == fmt.format_number(
            published[indicator]["teller"]
        )
    crisis = published["crisisopnames"]
    assert crisis["noemer"] == published["wlz_opnames"]["teller"]
    assert table["waarvan crisisopnames"]["Aantal"] == fmt.format_number(crisis["teller"])
    assert table["waarvan gepland"]["Aantal"] == fmt.format_number(
        crisis["noemer"] - crisis["teller"]
    )
    # The leak: crisis admissions without SO contact before, read from its own indicator.
    leak = published["crisis_zonder_so"]
    assert not leak["suppressed"] and leak["noemer"] == crisis["teller"]
    assert table[getrapte_zorg.LEK]["Aantal"] == fmt.format_number(leak["teller"])
    assert table[getrapte_zorg.LEK]["Waarde"] == fmt.format_value(leak["value"], "%", 1)
    before = published["so_voor_opname"]
    assert table["Wlz-opnames vanuit thuis met het SO-team in het jaar ervoor"][
        "Aantal"
    ] == fmt.format_number(before["teller"])


def _wijk_with_a_suppressed_step(open_db) -> tuple[str, str, str, list[str]]:
    """A wijk (code and picker label), the year, and its suppressed steps."""
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    code, label = open_db(
        "select a.area_code, a.area_name || ', ' || g.area_name from indicator_values v "
        "join areas a using (area_code) join areas g on g.area_code = a.gemeente_code "
        "where a.area_level = 'wijk' and v.period = $p and v.indicator_id in $ids "
        "group by all having count(*) filter (where v.suppressed) between 1 and 3 "
        "order by 1 limit 1",
        {"p": year, "ids": STEP_IDS},
    ).row(0)
    hidden = open_db(
        "select indicator_id from indicator_values where area_code = $c and period = $p "
        "and suppressed and indicator_id in $ids",
        {"c": code, "p": year, "ids": STEP_IDS},
    )["indicator_id"].to_list()
    return code, label, year, hidden


def test_a_suppressed_step_has_no_bar_and_says_so(open_page, open_db):
    _code, label, _year, hidden = _wijk_with_a_suppressed_step(open_db)
    at = open_page("getrapte_zorg", wijk=label)
    spec = chart_specs(at)[0]
    names = {STEP_NAMES[i] for i in hidden}
    rows = chart_rows(at, 0)
    drawn = [row for row in rows if row.get("value") is not None]
    slots = [row for row in rows if "stap" in row and row.get("value") is None]
    assert drawn, "no step drawn"
    assert not names & {row["stap"] for row in drawn}
    assert {row["stap"] for row in slots} == names
    assert all(row["suppressed"] for row in slots)
    subtitle = " ".join(spec["title"]["subtitle"])
    assert all(name in subtitle for name in names)
    table = {r["Stap"]: r for r in at.dataframe[0].value.to_dict("records")}
    for name in names:
        assert table[name]["Aantal"] in ("< 10", "onderdrukt")


def test_the_command_line_draws_the_same_chain(open_page, open_db, published_db):
    code, label, year, hidden = _wijk_with_a_suppressed_step(open_db)
    at = open_page("getrapte_zorg", wijk=label)
    page = chart_specs(at)[0]
    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, code, year)
        report = region.page_report(con, selection, "getrapte_zorg")
        (item,) = region.report_items(report, selection)
    finally:
        con.close()
    file_spec = item.chart.export()
    assert file_spec["title"] == page["title"]
    assert file_spec["layer"] == page["layer"]
    page_rows = {(r["stap"], r["label"]) for r in chart_rows(at, 0) if "stap" in r}
    file_rows = {(r["stap"], r["label"]) for rows in file_spec["datasets"].values() for r in rows}
    assert page_rows == file_rows
    assert item.frame.filter(pl.col("suppressed")).height == len(hidden)


def test_the_reachability_of_the_regio_is_its_published_median(open_page, open_db):
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    row = _values(open_db, "REGIO", year)[getrapte_zorg.BEREIKBAARHEID]
    assert not row["suppressed"] and row["noemer"] > 100
    at = open_page("getrapte_zorg")
    days = fmt.format_value(row["value"], "dagen", 0)
    requests = fmt.format_number(row["noemer"])
    assert (
        "Bereikbaarheid van het SO-team: na de aanvraag van de huisarts duurde het tot het "
        f"eerste contact mediaan {days} ({requests} aanvragen)."
    ) in [c.value for c in at.caption]
    line = at.dataframe[0].value.to_dict("records")[0]
    assert (line["Stap"], line["Aantal"], line["Waarde"]) == (
        getrapte_zorg.BEREIKBAARHEID_STAP,
        f"{requests} aanvragen",
        days,
    )


def test_a_delivery_without_aanvraagdatum_says_what_is_missing(hand_unsuppressed):
    db = hand_unsuppressed / "data" / "dashboard.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        source = DataSource(con)
        result = getrapte_zorg.report(source, area_row(source, "WK990101"), "2024")
    texts = [item.tekst for item in result.items if isinstance(item, Text)]
    assert (
        "Bereikbaarheid van het SO-team: de levering noemt bij geen enkele rij van 2024 van "
        "so_consulten de dag waarop de huisarts het SO-team vroeg (kolom aanvraagdatum), dus "
        "dit cijfer is niet te berekenen."
    ) in texts
    (table,) = [item.frame for item in result.items if isinstance(item, Table)]
    assert getrapte_zorg.BEREIKBAARHEID_STAP not in table["Stap"].to_list()
    assert any(isinstance(item, Section) for item in result.items)  # the chain still shows
