"""The Koppels page: coverage, contacts within koppels, learning curve and VS/PA share."""

from __future__ import annotations

import polars as pl

from dashboard import format as fmt
from dashboard import present
from tests.dashboard.conftest import chart_rows, chart_titles

FASE_TITEL = "75-plussers naar samenwerkingsfase van hun huisartspraktijk"
HULPVRAAG_TITEL = "Contacten binnen vaste koppels naar hulpvraag en jaar van het koppel"


def test_default_shows_every_koppel_chart_for_the_regio(open_page, open_db):
    at = open_page("koppels")
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert at.title[0].value == "Koppels"
    assert chart_titles(at) == [
        "Dekking vaste HA/SO-koppels",
        "Contacten binnen vast koppel",
        f"Dekking vaste HA/SO-koppels per wijk, {year}",
        "Kenmerken van de vaste HA/SO-koppels",
        FASE_TITEL,
        "Leercurve van de vaste koppels",
        HULPVRAAG_TITEL,
        "Contacten door VS of PA",
        "Contacten naar uitvoerder",
    ]
    table = at.dataframe[0].value
    published = open_db(
        "select jaar, actieve_koppels from koppel_kenmerken where area_code = 'REGIO' order by 1"
    )
    assert table["Jaar"].tolist() == [str(j) for j in published["jaar"]]


def test_koppel_shares_are_shown_as_published(open_page, open_db):
    at = open_page("koppels")
    published = open_db(
        "select jaar::varchar as jaar, aandeel_werkt_in_his from koppel_kenmerken "
        "where area_code = 'REGIO' and not suppressed order by 1"
    )
    shown = {
        row["jaar"]: row["aandeel_tekst"]
        for row in chart_rows(at, 3)
        if row.get("kenmerk") == "SO werkt in het HIS van de huisarts" and not row["suppressed"]
    }
    assert shown == {
        row["jaar"]: fmt.format_value(row["aandeel_werkt_in_his"], "%", 0)
        for row in published.to_dicts()
    }


def test_a_wijk_with_fewer_than_three_koppels_says_so(open_page, open_db):
    wijk = open_db(
        "select a.area_name || ', ' || "
        "(select g.area_name from areas g where g.area_code = a.gemeente_code)"
        " from areas a "
        "left join koppel_kenmerken k using (area_code) "
        "where a.area_level = 'wijk' and k.area_code is null order by 1 limit 1"
    ).item()
    at = open_page("koppels", wijk=wijk)
    assert at.subheader[0].value.startswith(f"{wijk}, ")
    assert any(i.value.startswith("Er zijn geen koppelgegevens voor") for i in at.info)


def test_a_scope_with_too_many_wijken_shows_coverage_per_gemeente(open_page, open_db, monkeypatch):
    from dashboard.reports import rules

    per_resv = open_db(
        "select max(n) from (select count(*) n from areas where area_level = 'wijk' "
        "group by resv_code)"
    ).item()
    monkeypatch.setattr(rules, "MAX_GRID_AREAS", per_resv)
    year = open_db("select laatste_volledige_jaar from build_info").item()
    gemeenten = open_db("select area_name from areas where area_level = 'gemeente'")
    at = open_page("koppels")
    assert chart_titles(at)[2] == f"Dekking vaste HA/SO-koppels per gemeente, {year}"
    bars = [row["gebied"] for row in chart_rows(at, 2) if "waarde_tekst" in row]
    assert sorted(bars) == sorted(gemeenten["area_name"])
    assert any(c.value.startswith("Te veel wijken voor één staafdiagram") for c in at.caption)
    # A RESV still fits: its wijken.
    resv = open_db("select area_code from areas where area_level = 'resv' limit 1").item()
    at.sidebar.selectbox(key="resv").set_value(resv).run()
    assert chart_titles(at)[2] == f"Dekking vaste HA/SO-koppels per wijk, {year}"


def _fase_table(at):
    (table,) = [t.value for t in at.dataframe if t.value.columns[0] == "Samenwerkingsfase"]
    return table


def _year_headers(open_db) -> dict[int, str]:
    rows = open_db(
        "select p.jaar, p.periode_volledig, b.peildatum from periods p, build_info b "
        "where p.period_type = 'jaar'"
    )
    return {
        r["jaar"]: present.period_text(str(r["jaar"]), r["periode_volledig"], r["peildatum"])
        for r in rows.to_dicts()
    }


def _check_stages(at, open_db, area_code: str) -> None:
    """The table lists every stage of every year as published (a suppressed stage says so and
    shows no number but the threshold); the chart draws no suppressed stage."""
    published = open_db(
        "select jaar, fase::varchar as fase, praktijken, ingeschreven_75plus, aandeel_75plus, "
        "suppressed, suppression_reason from samenwerkingsfase where area_code = $code",
        {"code": area_code},
    )
    assert published.filter(pl.col("suppressed")).height, "no suppressed stage to check"
    years = _year_headers(open_db)
    table = _fase_table(at)
    assert table["Samenwerkingsfase"].tolist() == list(fmt.FASE_LABELS.values())
    assert list(table.columns[1:]) == [years[j] for j in sorted(published["jaar"].unique())]
    cells = {
        (row["Samenwerkingsfase"], year): row[year]
        for row in table.to_dict("records")
        for year in table.columns[1:]
    }
    for row in published.to_dicts():
        cell = cells[(fmt.FASE_LABELS[row["fase"]], years[row["jaar"]])]
        if row["suppressed"]:
            assert cell in ("onderdrukt (minder dan 3 praktijken)", "onderdrukt", "< 10"), cell
        else:
            noun = "praktijk" if row["praktijken"] == 1 else "praktijken"
            expected = (
                f"{fmt.format_number(row['praktijken'])} {noun}: "
                f"{fmt.format_number(row['ingeschreven_75plus'])}"
            )
            if row["aandeel_75plus"] is not None:
                expected += f" ({fmt.format_value(row['aandeel_75plus'], '%', 1)})"
            assert cell == expected
    rows = chart_rows(at, chart_titles(at).index(FASE_TITEL))
    drawn = {(r.get("x_tekst"), r.get("categorie_tekst")) for r in rows}
    for row in published.filter(pl.col("suppressed")).to_dicts():
        assert (years[row["jaar"]], fmt.FASE_LABELS[row["fase"]]) not in drawn
    assert not [r for r in rows if r.get("suppressed") and r.get("ingeschreven_75plus")]


def test_the_samenwerkingsfase_lists_every_stage_as_published(open_page, open_db):
    at = open_page("koppels")
    _check_stages(at, open_db, "REGIO")


def test_a_wijk_shows_the_stages_of_its_gemeente(open_page, open_db):
    wijk, gemeente, code = open_db(
        "select a.area_name || ', ' || g.area_name, g.area_name, g.area_code from areas a "
        "join areas g on g.area_code = a.gemeente_code "
        "join samenwerkingsfase s on s.area_code = g.area_code "
        "where a.area_level = 'wijk' and s.suppressed order by 1 limit 1"
    ).row(0)
    at = open_page("koppels", wijk=wijk)
    assert any(
        c.value.startswith("Per gemeente: een wijk heeft te weinig praktijken")
        and gemeente in c.value
        for c in at.caption
    )
    _check_stages(at, open_db, code)


def test_the_questions_by_koppeljaar_draw_no_suppressed_question(open_page, open_db):
    gemeente, code = open_db(
        "select a.area_name, a.area_code from areas a join koppel_hulpvraag k using (area_code) "
        "where a.area_level = 'gemeente' and k.suppressed "
        "group by all order by count(*), 1 limit 1"
    ).row(0)
    published = open_db(
        "select koppeljaar, hulpvraag, contacten, aandeel, suppressed from koppel_hulpvraag "
        "where area_code = $code",
        {"code": code},
    )
    at = open_page("koppels", gemeente=gemeente)
    rows = chart_rows(at, chart_titles(at).index(HULPVRAAG_TITEL))
    labels = fmt.KENMERK_WAARDE_LABELS["hulpvraag"]
    jaren = {1: "1e jaar", 2: "2e jaar", 3: "3e jaar en later"}
    drawn = {(r.get("x_tekst"), r.get("categorie_tekst")): r for r in rows}
    for row in published.to_dicts():
        key = (jaren[row["koppeljaar"]], labels[row["hulpvraag"]])
        if row["suppressed"]:
            assert key not in drawn
        elif key in drawn:
            assert drawn[key]["aandeel_tekst"] == fmt.format_value(row["aandeel"], "%", 1)
    shown = [r for r in published.to_dicts() if not r["suppressed"] and r["contacten"]]
    assert shown and all((jaren[r["koppeljaar"]], labels[r["hulpvraag"]]) in drawn for r in shown)
