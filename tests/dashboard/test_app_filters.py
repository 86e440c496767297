"""The shared sidebar filters: they narrow each other, a wijk chosen sets its gemeente and RESV,
and they fall back on bad URL values."""

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
    label = open_db(
        "select a.area_name || ', ' || g.area_name from areas a "
        "join areas g on g.area_code = a.gemeente_code where a.area_code = $code",
        {"code": wijken[0]},
    ).item()
    jaar = at.sidebar.selectbox(key="jaar").value
    assert at.subheader[0].value == f"{label}, {jaar}"


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
    assert _shown(at, "gemeente") == "Alle gemeenten"
    assert not at.exception


def test_a_wijk_outside_the_chosen_gemeente_in_the_url_falls_back(open_page, open_db):
    gemeente = open_db(
        "select area_code, area_name from areas where area_level = 'gemeente' order by 1 limit 1"
    ).row(0, named=True)
    elsewhere = open_db(
        "select w.area_name || ', ' || g.area_name from areas w "
        "join areas g on g.area_code = w.gemeente_code where w.area_level = 'wijk' "
        "and w.gemeente_code <> $g order by 1 limit 1",
        {"g": gemeente["area_code"]},
    ).item()
    at = open_page("wijkprofiel", gemeente=gemeente["area_name"], wijk=elsewhere)
    assert warnings(at) == [
        f"De link bevatte een onbekende of verouderde wijk ‘{elsewhere}’; de standaardkeuze "
        "wordt getoond."
    ]
    assert at.subheader[0].value.startswith(f"Gemeente {gemeente['area_name']}, ")


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


def _shown(at, key: str) -> str:
    """The text the sidebar box `key` shows."""
    box = at.sidebar.selectbox(key=key)
    return box.format_func(box.value)


def _wijk(open_db, code: str) -> dict:
    return open_db(
        "select w.area_code, w.area_name, g.area_name as gemeente, r.area_name as resv "
        "from areas w join areas g on g.area_code = w.gemeente_code "
        "join areas r on r.area_code = w.resv_code where w.area_code = $c",
        {"c": code},
    ).row(0, named=True)


def _repeated_wijk(open_db) -> str:
    """A wijk whose name another gemeente has too (the sample region repeats them)."""
    return open_db(
        "select min(area_code) from areas where area_level = 'wijk' and area_name in ("
        "select area_name from areas where area_level = 'wijk' group by 1 having count(*) > 1)"
    ).item()


def test_the_wijk_picker_names_each_wijk_with_its_gemeente(open_page, open_db):
    at = open_page("vergelijken")
    box = at.sidebar.selectbox(key="wijk")
    labels = box.options[1:]
    count = open_db("select count(*) from areas where area_level = 'wijk'").item()
    assert len(labels) == count == len(set(labels))
    wijk = _wijk(open_db, _repeated_wijk(open_db))
    assert f"{wijk['area_name']}, {wijk['gemeente']}" in labels
    # Grouped by gemeente: the list reads one gemeente after another.
    gemeenten = [label.rsplit(", ", 1)[1] for label in labels]
    assert gemeenten == sorted(gemeenten)


def test_choosing_a_wijk_sets_its_gemeente_and_resv(open_page, open_db):
    code = _repeated_wijk(open_db)
    wijk = _wijk(open_db, code)
    at = open_page("vergelijken")
    at.sidebar.selectbox(key="wijk").set_value(code).run()
    assert not at.exception
    assert _shown(at, "wijk") == f"{wijk['area_name']}, {wijk['gemeente']}"
    assert _shown(at, "gemeente") == wijk["gemeente"]
    assert _shown(at, "resv") == wijk["resv"]
    # Another gemeente drops the wijk; its RESV follows the gemeente.
    other = open_db(
        "select area_code, area_name, resv_code from areas where area_level = 'gemeente' "
        "and area_code <> (select gemeente_code from areas where area_code = $c) "
        "and resv_code = (select resv_code from areas where area_code = $c) limit 1",
        {"c": code},
    ).row(0, named=True)
    at.sidebar.selectbox(key="gemeente").set_value(other["area_code"]).run()
    assert _shown(at, "wijk") == "Alle wijken"
    assert _shown(at, "gemeente") == other["area_name"]


def test_a_link_with_only_a_wijk_fills_in_its_gemeente_and_resv(open_page, open_db):
    wijk = _wijk(open_db, _repeated_wijk(open_db))
    label = f"{wijk['area_name']}, {wijk['gemeente']}"
    at = open_page("wijkprofiel", wijk=label)
    assert not warnings(at)
    assert _shown(at, "wijk") == label
    assert _shown(at, "gemeente") == wijk["gemeente"]
    assert _shown(at, "resv") == wijk["resv"]
    assert at.subheader[0].value.startswith(f"{label}, ")
