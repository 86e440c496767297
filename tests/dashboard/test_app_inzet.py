"""The Inzet en bekostiging page: SO contacts by funding, prestatie, question, form and performer
per year, every category listed and suppressed ones marked, and the zorgtraject beside the
consults."""

from __future__ import annotations

import re

import polars as pl

from dashboard import format as fmt
from dashboard import present
from dashboard.reports import inzet
from tests.dashboard.conftest import chart_rows, chart_titles

KENMERK_TITELS = [titel for _kenmerk, titel, _uitleg in inzet.KENMERKEN]


def test_the_regio_shows_every_breakdown_and_the_zorgtraject_beside_the_consults(
    open_page, open_db
):
    at = open_page("inzet")
    assert at.title[0].value == "Inzet en bekostiging"
    assert chart_titles(at) == [
        *KENMERK_TITELS,
        "Bereik SO in de eerste lijn",
        "Cliënten met zorgtraject kwetsbare patiënten",
    ]
    # The funding table lists the published contacts of the regio, year by year, as published.
    published = open_db(
        "select jaar, waarde, contacten, aandeel from consulten_per_kenmerk "
        "where area_code = 'REGIO' and kenmerk = 'financiering' and not suppressed"
    )
    years = _year_headers(open_db)
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Financiering",
        *(years[j] for j in sorted(published["jaar"].unique())),
    ]
    shown = {
        (row["Financiering"], year): row[year]
        for row in table.to_dict("records")
        for year in table.columns[1:]
    }
    for row in published.to_dicts():
        label = fmt.FINANCIERING_LABELS[row["waarde"]]
        expected = (
            f"{fmt.format_number(row['contacten'])} ({fmt.format_value(row['aandeel'], '%', 1)})"
        )
        assert shown[(label, years[row["jaar"]])] == expected


def _year_headers(open_db) -> dict[int, str]:
    """Each published year as the page heads it: "2025", and "2026 t/m sep" for the year that
    runs only to the peildatum."""
    rows = open_db(
        "select p.jaar, p.periode_volledig, b.peildatum from periods p, build_info b "
        "where p.period_type = 'jaar'"
    )
    return {
        row["jaar"]: present.period_text(
            str(row["jaar"]), row["periode_volledig"], row["peildatum"]
        )
        for row in rows.to_dicts()
    }


def _wijk_with_suppressed_kenmerk(open_db) -> tuple[str, str]:
    """A wijk (its picker label) and a kenmerk of which some category is suppressed there."""
    return open_db(
        "select a.area_name || ', ' || g.area_name, k.kenmerk from consulten_per_kenmerk k "
        "join areas a using (area_code) join areas g on g.area_code = a.gemeente_code "
        "where a.area_level = 'wijk' and k.suppressed "
        "group by all order by count(*) desc, 1, 2 limit 1"
    ).row(0)


def test_a_wijk_lists_every_category_and_marks_the_suppressed_ones(open_page, open_db):
    wijk, kenmerk = _wijk_with_suppressed_kenmerk(open_db)
    code = open_db(
        "select a.area_code from areas a join areas g on g.area_code = a.gemeente_code "
        "where a.area_name || ', ' || g.area_name = $label",
        {"label": wijk},
    ).item()
    at = open_page("inzet", wijk=wijk)
    years = _year_headers(open_db)
    published = open_db(
        "select jaar, waarde, contacten, suppressed from consulten_per_kenmerk "
        "where area_code = $code and kenmerk = $kenmerk",
        {"code": code, "kenmerk": kenmerk},
    )
    position = [k for k, _t, _u in inzet.KENMERKEN].index(kenmerk)
    table = at.dataframe[position].value
    labels = fmt.KENMERK_WAARDE_LABELS[kenmerk]
    # Every category that occurs in any year is a row, in the labels' order.
    occurring = [labels[c] for c in labels if c in set(published["waarde"])]
    assert table.iloc[:, 0].tolist() == occurring
    cells = {
        (row[table.columns[0]], year): row[year]
        for row in table.to_dict("records")
        for year in table.columns[1:]
    }
    for row in published.to_dicts():
        cell = cells[(labels[row["waarde"]], years[row["jaar"]])]
        if row["suppressed"]:
            assert cell in ("< 10", "onderdrukt"), cell
            assert not re.search(r"\d", cell.removeprefix("< 10"))
        else:
            assert cell.startswith(fmt.format_number(row["contacten"]))
    # A suppressed category has no part of its own in the chart: no share, no number.
    rows = chart_rows(at, position)
    assert rows, "the chart has no rows"
    drawn = {(r.get("x_tekst"), r.get("categorie_tekst")) for r in rows}
    for row in published.filter(pl.col("suppressed")).to_dicts():
        assert (years[row["jaar"]], labels[row["waarde"]]) not in drawn


def test_the_command_line_writes_the_inzet_report(published_db, tmp_path, open_db):
    from dashboard.export.__main__ import export_area

    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    written = export_area(
        published_db,
        "REGIO",
        year,
        tmp_path,
        rapport="inzet",
        formats=("pptx", "csv"),
        progress=lambda _message: None,
    )
    names = sorted(path.name for path in written)
    assert any(name.endswith(".pptx") for name in names), names
    assert sum(name.endswith(".csv") for name in names) == len(KENMERK_TITELS) + 2, names
