"""The shared sidebar filters: they narrow each other and fall back on bad URL values."""

from __future__ import annotations

from tests.dashboard.conftest import warnings


def _gemeente_with_wijken(open_db) -> tuple[str, str, list[str]]:
    gemeente = open_db(
        "select area_code, area_name, resv_code from areas where area_level = 'gemeente' "
        "order by 1 limit 1"
    ).row(0, named=True)
    wijken = open_db(
        "select area_code from areas where area_level = 'wijk' and gemeente_code = $g order by 1",
        {"g": gemeente["area_code"]},
    )["area_code"].to_list()
    return gemeente["area_code"], gemeente["resv_code"], wijken


def test_resv_gemeente_and_wijk_narrow_each_other(open_page, open_db):
    gemeente, resv, wijken = _gemeente_with_wijken(open_db)
    at = open_page("wijkprofiel")
    at.sidebar.selectbox(key="resv").set_value(resv).run()
    at.sidebar.selectbox(key="gemeente").set_value(gemeente).run()
    wijk_box = at.sidebar.selectbox(key="wijk")
    assert len(wijk_box.options) == len(wijken) + 1
    assert wijk_box.options[0] == "Alle wijken"
    at.sidebar.selectbox(key="wijk").set_value(wijken[0]).run()
    assert at.subheader[0].value.endswith("(wijk), " + at.sidebar.selectbox(key="jaar").value)


def test_changing_the_resv_drops_a_gemeente_of_another_resv(open_page, open_db):
    gemeente, resv, _wijken = _gemeente_with_wijken(open_db)
    other = open_db(
        "select area_code from areas where area_level = 'resv' and area_code <> $r limit 1",
        {"r": resv},
    ).item()
    at = open_page("wijkprofiel")
    at.sidebar.selectbox(key="resv").set_value(resv).run()
    at.sidebar.selectbox(key="gemeente").set_value(gemeente).run()
    at.sidebar.selectbox(key="resv").set_value(other).run()
    assert at.sidebar.selectbox(key="gemeente").value is None
    assert not at.exception


def test_a_wijk_outside_the_chosen_gemeente_in_the_url_falls_back(open_page, open_db):
    gemeente = open_db(
        "select area_code, area_name from areas where area_level = 'gemeente' order by 1 limit 1"
    ).row(0, named=True)
    elsewhere = open_db(
        "select area_name || ' (' || area_code || ')' from areas where area_level = 'wijk' "
        "and gemeente_code <> $g order by 1 limit 1",
        {"g": gemeente["area_code"]},
    ).item()
    at = open_page("wijkprofiel", gemeente=gemeente["area_name"], wijk=elsewhere)
    assert warnings(at) == [
        f"De link bevatte een onbekende of verouderde wijk ‘{elsewhere}’; de standaardkeuze "
        "wordt getoond."
    ]
    assert at.subheader[0].value.startswith(f"{gemeente['area_name']} (gemeente), ")


def test_filters_keep_their_url_values_on_another_page(open_page, open_db):
    gemeente = open_db(
        "select area_name from areas where area_level = 'gemeente' order by 1 limit 1"
    ).item()
    for page in ("overzicht", "koppels", "opnames", "vergelijken"):
        at = open_page(page, gemeente=gemeente, jaar="2023")
        assert at.sidebar.selectbox(key="jaar").value == "2023"
        assert (
            at.sidebar.selectbox(key="gemeente").format_func(
                at.sidebar.selectbox(key="gemeente").value
            )
            == gemeente
        )
