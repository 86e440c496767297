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
    assert at.subheader[0].value == f"Hele regio (regio), {year}"
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
    assert at.subheader[0].value.startswith(f"{name} (resv), ")
    wijken = open_db(
        "select area_name, area_code from areas where area_level = 'wijk' and resv_code = $r",
        {"r": code},
    ).rows()
    # A chart labels an area by its name, with its code where the name repeats.
    names = [wijk_name for wijk_name, _ in wijken]
    labels = {n if names.count(n) == 1 else f"{n} ({c})" for n, c in wijken}
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
    assert at.subheader[0].value == f"Hele regio (regio), {year}"
    assert at.metric[0].delta.endswith(f"t.o.v. {int(year) - 1}")


def test_url_parameters_reproduce_the_view(open_page, open_db):
    name = open_db("select area_name from areas where area_level = 'resv' order by 1 limit 1")
    at = open_page(resv=name.item(), jaar="2022")
    assert at.subheader[0].value == f"{name.item()} (resv), 2022"
    assert warnings(at) == []


def test_a_bad_url_parameter_falls_back_with_a_notice(open_page, open_db):
    at = open_page(resv="Atlantis", jaar="1899")
    year = _last_year(open_db)
    assert at.subheader[0].value == f"Hele regio (regio), {year}"
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
    assert at.subheader[0].value.startswith(f"{name} (resv), ")
    assert at.query_params["resv"] == name
