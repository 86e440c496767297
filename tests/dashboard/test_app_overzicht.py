"""The Overzicht page: tiles per indicator and the wijken × indicators grid."""

from __future__ import annotations

import pytest

from dashboard import format as fmt
from tests.dashboard.conftest import chart_rows, chart_titles, warnings


def _last_year(open_db) -> str:
    return str(open_db("select laatste_volledige_jaar from build_info").item())


def test_default_shows_a_tile_per_indicator_for_the_regio(open_page, open_db):
    at = open_page()
    year = _last_year(open_db)
    expected = open_db(
        # Corrected for age and sex by default where the indicator has it.
        "select coalesce(v.std_value, v.value) as value, c.titel, c.eenheid, c.decimalen "
        "from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where area_level = 'regio' and period = $p order by c.volgorde",
        {"p": year},
    )
    assert at.title[0].value == "Overzicht"
    assert at.subheader[0].value == f"De hele regio, {year}"
    assert [m.label for m in at.metric] == expected["titel"].to_list()
    first = expected.row(0, named=True)
    assert at.metric[0].value == fmt.format_value(
        first["value"], first["eenheid"], first["decimalen"]
    )
    assert at.metric[0].delta.endswith(f"t.o.v. {int(year) - 1}")
    assert "Wijken × indicatoren, " + year in chart_titles(at)


def test_grid_never_shows_a_suppressed_cell_as_a_number(open_page):
    at = open_page()
    rows = [row for row in chart_rows(at, -1) if "cel_tekst" in row]
    suppressed = [row for row in rows if row["status"] == "onderdrukt"]
    assert suppressed, "sample data should have suppressed wijk cells"
    for row in suppressed:
        assert row["cel_tekst"] in ("< 10", "onderdrukt")
        assert not [v for v in row.values() if isinstance(v, int | float) and v is not True]
        assert row.get("value") is None


def test_choosing_a_resv_narrows_tiles_and_grid(open_page, open_db):
    at = open_page()
    resv = open_db("select area_code, area_name from areas where area_level = 'resv' limit 1")
    code, name = resv.row(0)
    at.sidebar.selectbox(key="resv").set_value(code).run()
    assert at.subheader[0].value.startswith(f"RESV {name}, ")
    # A chart labels a wijk by its name and its gemeente.
    labels = set(
        open_db(
            "select w.area_name || ', ' || g.area_name as naam from areas w "
            "join areas g on g.area_code = w.gemeente_code "
            "where w.area_level = 'wijk' and w.resv_code = $r",
            {"r": code},
        )["naam"]
    )
    grid_areas = {row["gebied"] for row in chart_rows(at, -1) if "cel_tekst" in row}
    assert grid_areas == labels
    gemeente_options = at.sidebar.selectbox(key="gemeente").options
    in_resv = open_db(
        "select area_name from areas where area_level = 'gemeente' and resv_code = $r",
        {"r": code},
    )["area_name"].to_list()
    assert sorted(gemeente_options) == sorted(["Alle gemeenten", *in_resv])


def test_changing_the_year_changes_the_tiles(open_page, open_db):
    at = open_page()
    year = str(int(_last_year(open_db)) - 1)
    at.sidebar.selectbox(key="jaar").set_value(year).run()
    assert at.subheader[0].value == f"De hele regio, {year}"
    assert at.metric[0].delta.endswith(f"t.o.v. {int(year) - 1}")


def test_url_parameters_reproduce_the_view(open_page, open_db):
    name = open_db("select area_name from areas where area_level = 'resv' order by 1 limit 1")
    at = open_page(resv=name.item(), jaar="2022")
    assert at.subheader[0].value == f"RESV {name.item()}, 2022"
    assert warnings(at) == []


def test_a_bad_url_parameter_falls_back_with_a_notice(open_page, open_db):
    at = open_page(resv="Atlantis", jaar="1899")
    year = _last_year(open_db)
    assert at.subheader[0].value == f"De hele regio, {year}"
    assert warnings(at) == [
        "De link bevatte een onbekende of verouderde RESV ‘Atlantis’; de standaardkeuze wordt "
        "getoond.",
        "De link bevatte een onbekende of verouderde periode ‘1899’; de standaardkeuze wordt "
        "getoond.",
    ]


def test_the_grid_falls_back_to_gemeenten_or_resvs_when_there_are_too_many_wijken():
    import polars as pl

    from dashboard.reports.rules import MAX_GRID_AREAS, grid_level

    def areas(wijken_per_gemeente: int, gemeenten_per_resv: int) -> pl.DataFrame:
        rows = [("resv", r, None, r) for r in ("R1", "R2")]
        for r in ("R1", "R2"):
            for g in range(gemeenten_per_resv):
                code = f"{r}G{g}"
                rows.append(("gemeente", code, code, r))
                rows += [("wijk", f"{code}W{w}", code, r) for w in range(wijken_per_gemeente)]
        return pl.DataFrame(
            rows, schema=["area_level", "area_code", "gemeente_code", "resv_code"], orient="row"
        )

    small = areas(5, 4)  # 40 wijken
    assert grid_level(small, None, "regio") == "wijk"
    national = areas(30, 50)  # 3,000 wijken, 100 gemeenten
    assert MAX_GRID_AREAS < 100
    assert grid_level(national, None, "regio") == "resv"
    assert grid_level(areas(30, 2), None, "regio") == "gemeente"  # 120 wijken, 4 gemeenten
    assert grid_level(national, "R1", "resv") == "gemeente"  # 50 gemeenten of one RESV
    assert grid_level(national, "R1G3", "gemeente") == "wijk"


def test_each_tile_draws_the_published_yearly_values_as_its_line(open_page, open_db):
    at = open_page()
    year = open_db("select laatste_volledige_jaar::varchar from build_info").item()
    # Corrected for age and sex by default: the line of the standardised values.
    expected = open_db(
        "select std_value from indicator_values where area_code = 'REGIO' and indicator_id = "
        "'so_bereik' and period_type = 'jaar' and period <= $y and not suppressed "
        "and std_value is not null order by period",
        {"y": year},
    )["std_value"].to_list()
    tile = next(m for m in at.metric if m.label == "Bereik SO in de eerste lijn")
    assert list(tile.proto.chart_data) == pytest.approx(expected)
    assert len(expected) >= 5


def test_the_overzicht_url_path_shows_the_overzicht(open_page, open_db):
    # Streamlit serves the default page only at "/": a browser opening /overzicht asks for the
    # page whose url_pathname is "overzicht", so one must be registered, with the Overzicht.
    at = open_page()
    registered = {info.get("url_pathname"): info for info in at._registered_pages.values()}
    assert registered["overzicht"]["script_path"] == registered[""]["script_path"]
    assert registered[""]["script_path"].endswith("views/overzicht.py")
    # AppTest opens a file at the page whose url_pathname is its name: /overzicht.
    code, name = open_db(
        "select area_code, area_name from areas where area_level = 'resv' order by area_code"
    ).row(-1)
    at.switch_page("views/overzicht.py").run()
    at.sidebar.selectbox(key="resv").set_value(code).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Overzicht"
    assert at.subheader[0].value.startswith(f"RESV {name}, ")
    assert at.query_params["resv"] == name


def test_the_page_says_what_it_is_for_and_names_the_region(open_page, open_db):
    at = open_page()
    resvs = sorted(open_db("select area_name from areas where area_level = 'resv'")["area_name"])
    purpose = at.markdown[0].value if at.markdown else ""
    texts = [m.value for m in at.markdown]
    purpose = next(text for text in texts if text.startswith("Hoe gaat het met de zorg"))
    assert f"de regio van {', '.join(resvs[:-1])} en {resvs[-1]}" in purpose
    # No level in brackets reads as a code.
    assert "(regio)" not in at.subheader[0].value
    assert not any("(resv)" in s.value for s in at.subheader)


def test_wat_valt_op_names_each_significant_difference_of_the_resv(open_page, open_db):
    code, name = open_db(
        "select area_code, area_name from areas where area_level = 'resv' order by 1 limit 1"
    ).row(0)
    at = open_page()
    at.sidebar.selectbox(key="resv").set_value(code).run()
    year = _last_year(open_db)
    assert "Wat valt op" in [s.value for s in at.subheader]
    messages = next(m.value for m in at.markdown if m.value.startswith("- "))
    significant = open_db(
        "select c.titel, v.comparison from indicator_values v join indicator_catalogue c "
        "using (indicator_id) where area_code = $a and period = $p and not suppressed "
        "and comparison in ('beter', 'slechter', 'hoger', 'lager')",
        {"a": code, "p": year},
    ).rows()
    assert significant, "sample data should have a significant difference for this RESV"
    for titel, comparison in significant:
        word = fmt.COMPARISON_LABELS[comparison].lower()
        assert f"{titel}: {word} dan de hele regio" in messages
    assert f"RESV {name}" in messages


def test_each_tile_is_coloured_by_its_verdict_and_explains_it_in_words(open_page, open_db):
    code = open_db(
        "select area_code from areas where area_level = 'resv' order by 1 limit 1"
    ).item()
    at = open_page()
    at.sidebar.selectbox(key="resv").set_value(code).run()
    year = _last_year(open_db)
    expected = open_db(
        "select v.comparison, v.suppressed, c.definitie from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where area_code = $a and period = $p order by c.volgorde",
        {"a": code, "p": year},
    ).rows()
    statuses = []

    def walk(node):
        key = getattr(getattr(node, "proto", None), "id", "") or ""
        for child in getattr(node, "children", {}).values():
            walk(child)
        if "tegel-" in key:
            statuses.append(key.split("tegel-", 1)[1].rsplit("-", 1)[0])

    walk(at.main)
    assert statuses == [
        "onderdrukt" if suppressed else comparison for comparison, suppressed, _ in expected
    ]
    # The help of a tile is the indicator's definition.
    assert [m.help for m in at.metric] == [definitie for *_, definitie in expected]


def test_the_last_quarter_can_be_chosen_for_the_tiles(open_page, open_db):
    code = open_db(
        "select area_code from areas where area_level = 'resv' order by 1 limit 1"
    ).item()
    at = open_page()
    at.sidebar.selectbox(key="resv").set_value(code).run()
    at.radio(key="tegels").set_value("kwartaal").run()
    year = _last_year(open_db)
    quarter = open_db(
        "select max(period) from periods where period_type = 'kwartaal' and jaar = $y "
        "and periode_volledig",
        {"y": int(year)},
    ).item()
    assert at.subheader[0].value.endswith(f", {fmt.period_label(quarter)}")
    quarterly = open_db(
        "select c.titel from indicator_values v join indicator_catalogue c using (indicator_id) "
        "where area_code = $a and period = $p order by c.volgorde",
        {"a": code, "p": quarter},
    )["titel"].to_list()
    assert [m.label for m in at.metric] == quarterly
    before = f"{int(quarter[:4]) - 1}-{quarter[5:]}"
    assert [m.delta for m in at.metric] and all(
        not m.delta or m.delta.endswith(f"t.o.v. {fmt.period_label(before)}") for m in at.metric
    )


def test_no_tile_value_is_cut_off(open_page):
    # The value wraps (CSS on the tile grid) instead of ending in an ellipsis.
    at = open_page()
    styles = "\n".join(h.proto.body for h in at.get("html"))
    assert "text-overflow: clip" in styles
    assert "white-space: normal" in styles


def test_the_regio_has_no_benchmark_so_its_tiles_are_coloured_by_their_trend(open_page, open_db):
    at = open_page()
    year = _last_year(open_db)
    expected = open_db(
        "select v.trend, v.suppressed, c.polariteit from indicator_values v "
        "join indicator_catalogue c using (indicator_id) "
        "where area_code = 'REGIO' and period = $p order by c.volgorde",
        {"p": year},
    ).rows()

    def colour(trend, suppressed, polarity):
        if suppressed:
            return "onderdrukt"
        if trend in ("stijgend", "dalend"):
            if polarity == "geen_oordeel":
                return "hoger" if trend == "stijgend" else "lager"
            return "beter" if (trend == "stijgend") == (polarity == "hoger_beter") else "slechter"
        return "gelijk" if trend == "geen_verandering" else "niet_vergeleken"

    statuses = []

    def walk(node):
        key = getattr(getattr(node, "proto", None), "id", "") or ""
        for child in getattr(node, "children", {}).values():
            walk(child)
        if "tegel-" in key:
            statuses.append(key.split("tegel-", 1)[1].rsplit("-", 1)[0])

    walk(at.main)
    assert statuses == [colour(*row) for row in expected]
    assert len(set(statuses)) > 1, "the sample regio has rising and flat trends"
    legend = next(m.value for m in at.markdown if "Kleur van een tegel" in m.value)
    assert "de trend over vijf jaar" in legend


def test_a_wijk_names_its_gemeente_and_keeps_the_year_when_a_quarter_is_asked(open_page, open_db):
    code, name, gemeente = open_db(
        "select w.area_code, w.area_name, g.area_name from areas w join areas g "
        "on g.area_code = w.gemeente_code where w.area_level = 'wijk' order by 1 limit 1"
    ).row(0)
    at = open_page()
    at.sidebar.selectbox(key="wijk").set_value(code).run()
    at.radio(key="tegels").set_value("kwartaal").run()
    assert not at.exception, [e.message for e in at.exception]
    year = _last_year(open_db)
    assert at.subheader[0].value == f"{name}, {gemeente}, {year}"
    assert any("pas vanaf gemeenteniveau" in c.value for c in at.caption)
