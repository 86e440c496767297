"""The Opnames page: admissions by type, crisis share, crisis admissions without SO contact
before, SO before admission, waiting time."""

from __future__ import annotations

from tests.dashboard.conftest import chart_rows, chart_titles


def test_default_shows_admissions_per_year(open_page, open_db):
    at = open_page("opnames")
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert at.title[0].value == "Opnames"
    assert chart_titles(at) == [
        "Opnames naar soort",
        "Opnames verpleeghuis (Wlz)",
        "Eerstelijnsverblijf",
        "Crisisopnames",
        "Crisisopnames zonder SO-contact",
        "SO betrokken vóór opname",
        "Opname via ziekenhuis",
        f"Wachttijd tot opname (mediaan), {year}",
    ]


def test_quarters_leave_out_the_yearly_only_indicator(open_page):
    at = open_page("opnames", periodes="Kwartalen")
    assert "SO betrokken vóór opname" not in chart_titles(at)
    assert any("alleen per jaar" in c.value for c in at.caption)


def test_waiting_time_per_wijk_shows_suppressed_wijken_as_text(open_page, open_db):
    gemeente = open_db(
        "select a.area_name from areas a join indicator_values v on v.parent_code = a.area_code "
        "where a.area_level = 'gemeente' and v.indicator_id = 'wachttijd_opname' "
        "and v.suppressed and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        "order by 1 limit 1"
    ).item()
    at = open_page("opnames", gemeente=gemeente)
    rows = [row for row in chart_rows(at, -1) if row.get("suppressed")]
    assert rows
    for row in rows:
        # No value is sent for a suppressed wijk (a chart whose every wijk is suppressed
        # carries no value column at all).
        assert row.get("value") is None
        assert row["waarde_tekst"] in ("< 10", "onderdrukt", "onderdrukt (kleine noemer)")
