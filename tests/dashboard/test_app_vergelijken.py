"""The Vergelijken page: one indicator across areas — bars, funnel plot and map."""

from __future__ import annotations

import json
import os
import shutil

import duckdb
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import format as fmt
from dashboard.reports import gecorrigeerd
from tests.dashboard.conftest import (
    APP,
    TIMEOUT,
    chart_rows,
    chart_specs,
    chart_titles,
    warnings,
)


def _resv(open_db) -> tuple[str, str]:
    return open_db("select area_code, area_name from areas where area_level = 'resv' limit 1").row(
        0
    )


def test_default_compares_all_wijken_without_a_single_benchmark(open_page, open_db):
    at = open_page("vergelijken")
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert at.title[0].value == "Vergelijken"
    assert at.subheader[0].value == (
        f"Bereik SO in de eerste lijn: wijken in de hele regio, {year}"
    )
    assert chart_titles(at)[0] == f"Bereik SO in de eerste lijn, {year}"
    assert any(c.value.startswith("Geen referentielijn") for c in at.caption)


def test_a_resv_gives_bars_funnel_and_map(open_page, open_db):
    code, name = _resv(open_db)
    at = open_page("vergelijken", resv=name)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert chart_titles(at) == [
        f"Bereik SO in de eerste lijn, {year}",
        f"Trechterdiagram: Bereik SO in de eerste lijn, {year}",
        f"Bereik SO in de eerste lijn, {year}",
    ]
    # The sample's wijken have no standardised rates (small age-sex groups), so with the
    # correction on by default the wijken are compared crude and the page says why; the
    # corrected view itself: test_app_gecorrigeerd.py.
    crude = open_db(
        "select value from indicator_values where indicator_id = 'so_bereik' "
        "and area_code = $r and period = $p",
        {"r": code, "p": str(year)},
    ).item()
    referentie = [row["tekst"] for row in chart_rows(at, 0) if "referentie" in row]
    assert referentie[0] == f"Referentie: {fmt.format_value(crude, 'per 1.000', 1)}"
    captions = [c.value for c in at.caption]
    assert gecorrigeerd.EXPLANATION not in captions
    assert any(text in captions for text in (gecorrigeerd.INCOMPLETE, gecorrigeerd.NOT_AVAILABLE))
    table = at.dataframe[0].value
    # Every wijk named with its gemeente (wijk names repeat across gemeenten).
    wijken = open_db(
        "select w.area_name || ', ' || g.area_name as naam from areas w "
        "join areas g on g.area_code = w.gemeente_code "
        "where w.area_level = 'wijk' and w.resv_code = $r",
        {"r": code},
    )["naam"].to_list()
    assert sorted(table["Gebied"]) == sorted(wijken)


def test_tooltips_carry_value_interval_teller_and_noemer(open_page, open_db):
    code, name = _resv(open_db)
    at = open_page("vergelijken", resv=name)
    # The screen gets the tooltip texts, not the published numbers: compare with the database.
    # A chart labels a wijk by its name and its gemeente.
    published = {
        f"{row['area_name']}, {row['gemeente']}": row
        for row in open_db(
            "select a.area_name, g.area_name as gemeente, v.* from indicator_values v "
            "join areas a using (area_code) join areas g on g.area_code = a.gemeente_code "
            "where v.indicator_id = 'so_bereik' and a.area_level = 'wijk' and a.resv_code = $r "
            "and v.period = (select laatste_volledige_jaar::varchar from build_info)",
            {"r": code},
        ).to_dicts()
    }
    rows = [row for row in chart_rows(at, 0) if "waarde_tekst" in row and not row["suppressed"]]
    assert rows
    # The wijken of the sample are compared crude (not every one has a standardised rate):
    # the published value and interval, teller and noemer.
    for row in rows:
        expected = published[row["gebied"]]
        assert row["value"] == expected["value"]
        assert row["waarde_tekst"] == fmt.format_value(expected["value"], "per 1.000", 1)
        assert row["teller_tekst"] == fmt.format_number(expected["teller"])
        assert row["noemer_tekst"] == fmt.format_number(expected["noemer"])
        assert row["interval_tekst"] == fmt.format_interval(
            expected["lower_95"], expected["upper_95"], 1
        )


def test_changing_indicator_and_level(open_page, open_db):
    _code, name = _resv(open_db)
    at = open_page("vergelijken", resv=name)
    at.sidebar.selectbox(key="indicator").set_value("wachttijd_opname").run()
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert chart_titles(at)[0] == f"Wachttijd tot opname, {year}"
    assert any("geen betrouwbaarheidsinterval" in c.value for c in at.caption)
    at.sidebar.selectbox(key="niveau").set_value("gemeente").run()
    assert at.subheader[0].value == f"Wachttijd tot opname: gemeenten in {name}, {year}"
    gemeenten = open_db(
        "select a.area_name from areas a join areas r on r.area_code = a.resv_code "
        "where a.area_level = 'gemeente' and r.area_name = $n",
        {"n": name},
    )["area_name"].to_list()
    assert sorted(at.dataframe[0].value["Gebied"]) == sorted(gemeenten)


def test_a_bad_level_in_the_url_falls_back(open_page):
    at = open_page("vergelijken", niveau="Provincies")
    assert warnings(at) == [
        "De link bevatte een onbekende of verouderde gebiedsniveau ‘Provincies’; de "
        "standaardkeuze wordt getoond."
    ]
    assert at.sidebar.selectbox(key="niveau").value == "wijk"


LIMITS = (
    # noemer, lower_95, upper_95, lower_998, upper_998 (values made up: the page must draw
    # what is published, not compute anything)
    (100.0, 11.0, 61.0, 5.0, 70.0),
    (1000.0, 28.0, 44.0, 25.0, 47.0),
    (5000.0, 32.5, 39.5, 31.0, 41.0),
)


def _copy_with(published_db, tmp_path, monkeypatch, sql: str, rows=()) -> None:
    """Open the app on a copy of the published database changed by `sql` (and `rows`)."""
    copy = tmp_path / "dashboard.duckdb"
    shutil.copy(os.path.realpath(published_db), copy)
    con = duckdb.connect(str(copy))
    con.execute(sql)
    if rows:
        con.executemany(
            "insert into funnel_limits values ('so_bereik', ?, ?, false, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    con.close()
    monkeypatch.setenv("DASHBOARD_DB", str(copy))


@pytest.fixture
def db_with_funnel_limits(published_db, open_db, tmp_path, monkeypatch):
    """A copy of the published database whose funnel_limits of so_bereik around the first
    RESV are made-up rows; the app opens it. Returns (resv name, year)."""
    code, name = _resv(open_db)
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    benchmark = open_db(
        "select value from indicator_values where indicator_id = 'so_bereik' "
        "and area_code = $r and period = $p",
        {"r": code, "p": year},
    ).item()
    _copy_with(
        published_db,
        tmp_path,
        monkeypatch,
        f"delete from funnel_limits where indicator_id = 'so_bereik' and period = '{year}' "
        f"and benchmark_code = '{code}'",
        [(year, code, benchmark, *limit) for limit in LIMITS],
    )
    return name, year


def test_without_published_funnel_limits_the_page_says_so(
    published_db, open_db, tmp_path, monkeypatch
):
    _code, name = _resv(open_db)
    _copy_with(published_db, tmp_path, monkeypatch, "drop table funnel_limits")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["resv"] = name
    at.switch_page("views/vergelijken.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any(title.startswith("Trechterdiagram") for title in chart_titles(at))
    assert any("tabel funnel_limits" in c.value for c in at.caption)


def test_the_funnel_draws_the_published_limits(db_with_funnel_limits):
    name, year = db_with_funnel_limits
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["resv"] = name
    at.switch_page("views/vergelijken.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    titles = chart_titles(at)
    assert f"Trechterdiagram: Bereik SO in de eerste lijn, {year}" in titles
    funnel = titles.index(f"Trechterdiagram: Bereik SO in de eerste lijn, {year}")
    drawn = {
        (row["noemer"], row["kant"], row["lijn"]): row["grens"]
        for row in chart_rows(at, funnel)
        if "grens" in row
    }
    for noemer, lower_95, upper_95, lower_998, upper_998 in LIMITS:
        assert drawn[(noemer, "onder", "95%-grenzen")] == lower_95
        assert drawn[(noemer, "boven", "95%-grenzen")] == upper_95
        assert drawn[(noemer, "onder", "99,8%-grenzen")] == lower_998
        assert drawn[(noemer, "boven", "99,8%-grenzen")] == upper_998


@pytest.fixture
def few_areas(monkeypatch, open_db):
    """Overzicht's limit lowered so that the sample's whole regio has too many wijken for the
    default level, while every RESV still fits: returns the gemeente names of the regio."""
    from dashboard.reports import rules

    per_resv = open_db(
        "select max(n) from (select count(*) n from areas where area_level = 'wijk' "
        "group by resv_code)"
    ).item()
    assert open_db("select count(*) from areas where area_level = 'wijk'").item() > per_resv
    monkeypatch.setattr(rules, "MAX_GRID_AREAS", per_resv)
    return open_db("select area_name from areas where area_level = 'gemeente'")[
        "area_name"
    ].to_list()


def _shown_level(at) -> str:
    return at.sidebar.selectbox(key="niveau").value


def _too_many_note(at) -> bool:
    return any(c.value.startswith("Te veel wijken") for c in at.caption)


def test_a_scope_with_too_many_wijken_compares_gemeenten_by_default(open_page, few_areas):
    at = open_page("vergelijken")
    assert _shown_level(at) == "gemeente"
    assert at.subheader[0].value.startswith("Bereik SO in de eerste lijn: gemeenten in de hele")
    assert sorted(at.dataframe[0].value["Gebied"]) == sorted(few_areas)
    assert _too_many_note(at)


def test_the_default_level_follows_the_scope_until_the_user_chooses(open_page, open_db, few_areas):
    code, _name = _resv(open_db)
    at = open_page("vergelijken")
    at.sidebar.selectbox(key="resv").set_value(code).run()
    assert _shown_level(at) == "wijk"
    assert not _too_many_note(at)
    at.sidebar.selectbox(key="resv").set_value(None).run()
    assert _shown_level(at) == "gemeente"
    # A level the user chose stays, whatever the scope.
    at.sidebar.selectbox(key="niveau").set_value("wijk").run()
    assert not at.exception
    assert _shown_level(at) == "wijk"
    assert not _too_many_note(at)
    wijken = open_db("select count(*) from areas where area_level = 'wijk'").item()
    assert len(at.dataframe[0].value) == wijken
    at.sidebar.selectbox(key="resv").set_value(code).run()
    at.sidebar.selectbox(key="niveau").set_value("resv").run()
    at.sidebar.selectbox(key="resv").set_value(None).run()
    assert _shown_level(at) == "resv"
    assert at.subheader[0].value.startswith("Bereik SO in de eerste lijn: RESV's in de hele")


def test_a_level_in_the_url_wins_over_the_default(open_page, few_areas):
    at = open_page("vergelijken", niveau="Wijken")
    assert _shown_level(at) == "wijk"
    assert at.subheader[0].value.startswith("Bereik SO in de eerste lijn: wijken in de hele")


def _chart(at, builder: str) -> dict:
    """The spec of the chart drawn by `builder` (its datasets are named after it)."""
    for spec in chart_specs(at):
        if f'"{builder}-' in json.dumps(spec):
            return spec
    raise AssertionError(f"no chart of {builder}")


def _dataset(at, name: str) -> list[dict]:
    """The rows of the dataset `name` ("<builder>-<role>") as the page sends it."""
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            if dataset.name == name:
                return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        spec = json.loads(chart.proto.spec)
        if name in spec.get("datasets", {}):
            return spec["datasets"][name]
    return []


def test_a_chosen_wijk_is_marked_in_bars_funnel_and_map(open_page, open_db):
    wijk = open_db(
        "select w.area_code, w.area_name || ', ' || g.area_name as naam, g.area_name as gemeente "
        "from areas w join areas g on g.area_code = w.gemeente_code "
        "join indicator_values v on v.area_code = w.area_code "
        "where w.area_level = 'wijk' and v.indicator_id = 'so_bereik' and not v.suppressed "
        "and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        # A gemeente with another drawn wijk: with one, the chosen rows equal the drawn ones
        # and are sent once.
        "and (select count(*) from indicator_values o join areas ow using (area_code) "
        "     where ow.gemeente_code = w.gemeente_code and ow.area_level = 'wijk' "
        "     and o.indicator_id = 'so_bereik' and o.period = v.period and not o.suppressed) > 1 "
        "order by w.area_code limit 1"
    ).row(0, named=True)
    at = open_page("vergelijken")
    at.sidebar.selectbox(key="wijk").set_value(wijk["area_code"]).run()
    assert not at.exception
    year = open_db("select laatste_volledige_jaar from build_info").item()
    # The wijken of its gemeente, named as such, with the chosen one marked in every chart.
    assert at.subheader[0].value == (
        f"Bereik SO in de eerste lijn: wijken in {wijk['gemeente']}, {year}"
    )
    for builder, note in (
        ("bar_with_intervals", f"Gemarkeerd (vet, zwarte rand): {wijk['naam']}"),
        ("funnel_plot", f"Zwarte ring: {wijk['naam']}"),
        ("choropleth", f"Zwarte rand: {wijk['naam']}"),
    ):
        assert note in _chart(at, builder)["title"]["subtitle"], builder
    assert _dataset(at, "bar_with_intervals-gekozen") == [{"gebied": wijk["naam"]}]
    assert [row["gebied"] for row in _dataset(at, "funnel_plot-gekozen")] == [wijk["naam"]]
    # The table marks it by name, and only it.
    marked = [name for name in at.dataframe[0].value["Gebied"] if name.endswith(" (gekozen)")]
    assert marked == [f"{wijk['naam']} (gekozen)"]
    outlined = _dataset(at, "choropleth-gekozen")
    assert [feature["properties"]["gebied"] for feature in outlined] == [wijk["naam"]]
    # Another wijk of the gemeente: the mark moves with the data.
    other = open_db(
        "select w.area_name || ', ' || g.area_name from areas w "
        "join areas g on g.area_code = w.gemeente_code where w.area_level = 'wijk' "
        "and w.gemeente_code = (select gemeente_code from areas where area_code = $c) "
        "and w.area_code <> $c order by 1 limit 1",
        {"c": wijk["area_code"]},
    ).item()
    code = open_db(
        "select w.area_code from areas w join areas g on g.area_code = w.gemeente_code "
        "where w.area_name || ', ' || g.area_name = $n",
        {"n": other},
    ).item()
    at.sidebar.selectbox(key="wijk").set_value(code).run()
    assert _dataset(at, "bar_with_intervals-gekozen") == [{"gebied": other}]


def test_a_wijk_is_compared_with_its_similar_wijken_beside_its_resv(open_page, open_db):
    """Vergelijkbare wijken: the chosen wijk, the ten most similar wijken of the whole regio
    (vergelijkbare_gebieden) and its RESV as bars, with one line on what "vergelijkbaar" means."""
    code, label, resv = open_db(
        "select w.area_code, w.area_name || ', ' || g.area_name, r.area_name from areas w "
        "join areas g on g.area_code = w.gemeente_code join areas r on r.area_code = w.resv_code "
        "where w.area_level = 'wijk' order by 1 limit 1"
    ).row(0)
    at = open_page("vergelijken", wijk=label)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert "Vergelijkbare wijken" in [s.value for s in at.subheader]
    line = [c.value for c in at.caption if c.value.startswith("Dit zijn de ")]
    assert line and f"op {label} lijken in aantal 75-plussers" in line[0]
    titles = chart_titles(at)
    titel = f"Bereik SO in de eerste lijn: {label} en vergelijkbare wijken, {year}"
    assert titles[-1] == titel
    similar = open_db(
        "select a.area_name || ', ' || g.area_name as naam from vergelijkbare_gebieden v "
        "join areas a on a.area_code = v.similar_code "
        "join areas g on g.area_code = a.gemeente_code where v.area_code = $a",
        {"a": code},
    )["naam"].to_list()
    rows = [r for r in chart_rows(at, len(titles) - 1) if "gebied" in r]
    assert {r["gebied"] for r in rows} == {label, f"RESV {resv}", *similar}
    chosen = [r["gebied"] for r in rows if r.get("gekozen")]
    assert set(chosen) == {label}


def test_a_resv_has_no_similar_areas(open_page, open_db):
    _code, name = _resv(open_db)
    at = open_page("vergelijken", resv=name)
    assert not [s.value for s in at.subheader if s.value.startswith("Vergelijkbare")]
