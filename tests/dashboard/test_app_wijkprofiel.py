"""The Wijkprofiel page: one area against its benchmark, with population and koppels."""

from __future__ import annotations

from tests.dashboard.conftest import chart_rows, chart_specs, chart_titles, warnings

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


def test_default_asks_for_an_area_and_shows_the_regions_pyramid(open_page, open_db):
    at = open_page("wijkprofiel")
    assert at.title[0].value == "Wijkprofiel"
    assert at.info[0].value.startswith("Kies in de zijbalk een wijk, gemeente of RESV")
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert chart_titles(at) == [f"Bevolkingsopbouw Hele regio, 1 januari {year}"]


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


def _pyramid_index(at, title_start: str) -> int:
    return next(i for i, t in enumerate(chart_titles(at)) if t.startswith(title_start))


def test_the_pyramid_draws_the_published_counts_and_no_suppressed_one(open_page, open_db):
    """A wijk with a suppressed age-sex count: each drawn bar is the published count, the
    suppressed one has no bar and no number, only "onderdrukt" in its slot."""
    year = open_db("select laatste_volledige_jaar from build_info").item()
    code, name = open_db(
        "select b.area_code, a.area_name || ', ' || g.area_name from bevolking_geslacht b "
        "join areas a using (area_code) join areas g on g.area_code = a.gemeente_code "
        "where b.area_level = 'wijk' and b.suppressed and b.jaar = $j "
        "group by all order by 1 limit 1",
        {"j": year},
    ).row(0)
    at = open_page("wijkprofiel", wijk=name)
    index = _pyramid_index(at, f"Bevolkingsopbouw {name}, 1 januari {year}")
    published = open_db(
        "select leeftijdsklasse, geslacht, inwoners, suppressed from bevolking_geslacht "
        "where area_code = $a and jaar = $j",
        {"a": code, "j": year},
    )
    rows = chart_rows(at, index)
    bars = {(r["leeftijdsklasse"], r["geslacht_tekst"]): r for r in rows if "tekst" not in r}
    slots = [r for r in rows if r.get("tekst") == "onderdrukt"]
    sexes = {"M": "Mannen", "V": "Vrouwen"}
    hidden = published.filter("suppressed")
    assert hidden.height and len(slots) == hidden.height
    for row in published.iter_rows(named=True):
        key = (row["leeftijdsklasse"], sexes[row["geslacht"]])
        if row["suppressed"]:
            assert key not in bars
        else:
            assert bars[key]["inwoners"] == row["inwoners"]
    for row in slots:
        assert row["inwoners"] is None and row["inwoners_tekst"] == "onderdrukt"
    subtitle = chart_specs(at)[index]["title"]["subtitle"]
    assert subtitle[0].startswith("Onderdrukt, niet getekend: ")


def test_a_gemeente_gets_its_pyramid_and_its_similar_gemeenten(open_page, open_db):
    code, name = open_db(
        "select area_code, area_name from areas where area_level = 'gemeente' order by 1 limit 1"
    ).row(0)
    at = open_page("wijkprofiel", gemeente=name)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    titles = chart_titles(at)
    assert f"Bevolkingsopbouw {name}, 1 januari {year}" in titles
    assert "Vergelijkbare gemeenten" in [s.value for s in at.subheader]
    similar = [t for t in titles if "vergelijkbare gemeenten" in t]
    assert len(similar) == 1
    expected = open_db(
        "select a.area_name from vergelijkbare_gebieden v "
        "join areas a on a.area_code = v.similar_code where v.area_code = $a",
        {"a": code},
    )["area_name"].to_list()
    drawn = {r["gebied"] for r in chart_rows(at, titles.index(similar[0])) if "gebied" in r}
    resv = open_db(
        "select r.area_name from areas g join areas r on r.area_code = g.resv_code "
        "where g.area_code = $a",
        {"a": code},
    ).item()
    assert drawn == {name, f"RESV {resv}", *expected}


def test_a_wijk_is_shown_beside_its_similar_wijken_and_its_resv(open_page, open_db):
    code, label, resv_name = _small_wijk(open_db)
    at = open_page("wijkprofiel", wijk=label)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert "Vergelijkbare wijken" in [s.value for s in at.subheader]
    explanation = [c.value for c in at.caption if c.value.startswith("Dit zijn de ")]
    assert len(explanation) == 1
    assert "aantal 75-plussers" in explanation[0] and "naast de eigen RESV" in explanation[0]
    titles = chart_titles(at)
    similar = [t for t in titles if "vergelijkbare wijken" in t]
    assert similar == [f"Bereik SO in de eerste lijn: {label} en vergelijkbare wijken, {year}"]
    rows = [r for r in chart_rows(at, titles.index(similar[0])) if "gebied" in r]
    expected = open_db(
        "select a.area_name || ', ' || g.area_name as naam from vergelijkbare_gebieden v "
        "join areas a on a.area_code = v.similar_code "
        "join areas g on g.area_code = a.gemeente_code where v.area_code = $a",
        {"a": code},
    )["naam"].to_list()
    assert len(expected) == 10
    assert {r["gebied"] for r in rows} == {label, f"RESV {resv_name}", *expected}
    for row in rows:
        if row.get("suppressed"):
            assert row.get("value") is None
