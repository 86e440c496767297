"""The Wijkprofiel page: one area against its benchmark, with population and koppels."""

from __future__ import annotations

from tests.dashboard.conftest import chart_rows, chart_titles, warnings

SUPPRESSED_TEXTS = (
    "< 10",
    "onderdrukt",
    "onderdrukt (kleine noemer)",
    "onderdrukt (minder dan 3 koppels)",
    "onderdrukt (minder dan 3 praktijken)",
)


def _expected_text(reason: str, methode: str) -> str:
    """A proportion's primary suppression may hide a small complement: never "< 10"."""
    if reason == "primair":
        return "onderdrukt" if methode == "proportion" else "< 10"
    return {
        "secundair": "onderdrukt",
        "kleine_noemer": "onderdrukt (kleine noemer)",
        # the default build: min_koppels 3, which also counts the practices
        "te_weinig_koppels": "onderdrukt (minder dan 3 koppels)",
        "te_weinig_praktijken": "onderdrukt (minder dan 3 praktijken)",
    }[reason]


def _small_wijk(open_db) -> tuple[str, str, str]:
    """A wijk with suppressed indicators in the last complete year: (code, label, resv name)."""
    return open_db(
        "select w.area_code, w.area_name || ', ' || "
        "(select g.area_name from areas g where g.area_code = w.gemeente_code)"
        ", r.area_name "
        "from areas w join areas r on r.area_code = w.resv_code "
        "join indicator_values v on v.area_code = w.area_code "
        "where w.area_level = 'wijk' and v.suppressed "
        "and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        "group by all order by count(*) desc, 1 limit 1"
    ).row(0)


def test_default_asks_for_an_area(open_page):
    at = open_page("wijkprofiel")
    assert at.title[0].value == "Wijkprofiel"
    assert at.info[0].value.startswith("Kies in de zijbalk een wijk, gemeente of RESV")
    assert at.get("vega_lite_chart") == []


def test_wijk_from_the_url_shows_spine_table_and_texts(open_page, open_db):
    code, label, resv_name = _small_wijk(open_db)
    at = open_page("wijkprofiel", wijk=label)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert warnings(at) == []
    assert at.subheader[0].value == f"{label}, {year}"
    assert chart_titles(at)[0].endswith(f"ten opzichte van {resv_name}, {year}")
    table = at.dataframe[0].value
    expected = open_db(
        "select c.titel, v.suppressed, v.suppression_reason, c.methode from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where v.area_code = $a and v.period = $p order by c.volgorde",
        {"a": code, "p": str(year)},
    )
    assert table["Indicator"].tolist() == expected["titel"].to_list()
    for shown, row in zip(table["Waarde"], expected.iter_rows(named=True), strict=True):
        if row["suppressed"]:
            assert shown == _expected_text(row["suppression_reason"], row["methode"])
    assert any(expected["suppressed"])
    markdown = " ".join(m.value for m in at.markdown)
    assert "**Inwoners:**" in markdown
    assert "**Koppels:**" in markdown


def test_a_proportion_suppressed_for_a_small_count_never_reads_as_less_than_ten(open_page, open_db):
    """95 of 100 admissions in crisis is suppressed (5 without); "< 10" would say the opposite."""
    code, titel = open_db(
        "select v.area_code, c.titel from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where v.area_level = 'wijk' and c.methode = 'proportion' "
        "and v.suppression_reason = 'primair' "
        "and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        "order by 1, 2 limit 1"
    ).row(0)
    label = open_db(
        "select w.area_name || ', ' || g.area_name from areas w "
        "join areas g on g.area_code = w.gemeente_code where w.area_code = $c",
        {"c": code},
    ).item()
    at = open_page("wijkprofiel", wijk=label)
    table = at.dataframe[0].value
    assert table.loc[table["Indicator"] == titel, "Waarde"].tolist() == ["onderdrukt"]
    shown = sorted(row["waarde_tekst"] for row in chart_rows(at, 0) if row.get("suppressed"))
    in_table = sorted(table.loc[table["Vergelijking"] == "Onderdrukt", "Waarde"])
    assert shown == in_table


def test_spine_chart_draws_no_point_for_a_suppressed_indicator(open_page, open_db):
    _code, label, _resv = _small_wijk(open_db)
    at = open_page("wijkprofiel", wijk=label)
    rows = [row for row in chart_rows(at, 0) if row.get("suppressed")]
    assert rows
    for row in rows:
        assert row.get("value") is None
        assert not [v for v in row.values() if isinstance(v, int | float) and v is not True]
        assert row["waarde_tekst"] in SUPPRESSED_TEXTS


def test_changing_the_indicator_changes_the_trend(open_page, open_db):
    resv = open_db("select area_name from areas where area_level = 'resv' order by 1 limit 1")
    at = open_page("wijkprofiel", resv=resv.item())
    assert chart_titles(at)[-1] == "Bereik SO in de eerste lijn"
    at.sidebar.selectbox(key="indicator").set_value("crisisopnames").run()
    assert chart_titles(at)[-1] == "Crisisopnames"


def test_a_stale_wijk_in_the_url_falls_back_with_a_notice(open_page):
    at = open_page("wijkprofiel", wijk="Wijk 99 Verdwenen")
    assert warnings(at) == [
        "De link bevatte een onbekende of verouderde wijk ‘Wijk 99 Verdwenen’; de "
        "standaardkeuze wordt getoond."
    ]
    assert at.info[0].value.startswith("Kies in de zijbalk")
