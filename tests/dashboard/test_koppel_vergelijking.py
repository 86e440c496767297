"""The page "Helpt een vast koppel?" (issue 16): the caveat, the table of the year with the
test of the difference, one chart per indicator with suppressed groups left undrawn, the
same charts from `python -m dashboard.export --rapport koppel_vergelijking`, and what the page
says when the delivery named no practice or the database has no such table."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest
from pptx import Presentation

from dashboard import data
from dashboard.charts.koppel_vergelijking import koppel_groepen
from dashboard.export import region
from dashboard.export.__main__ import main
from dashboard.reports import DataSource, Section, Table, Text, area_row
from dashboard.reports import koppel_vergelijking as report
from pipelines.publish import SCHEMA_VERSION
from tests.dashboard.conftest import chart_rows, chart_specs, chart_titles
from tests.dashboard.test_report_parity import _assert_same_charts

TITLES = [
    "Crisisopnames: met en zonder vast koppel, Hele regio",
    "SO betrokken vóór opname: met en zonder vast koppel, Hele regio",
    "Opname via ziekenhuis: met en zonder vast koppel, Hele regio",
    "Wlz-opnames per 1.000 ingeschreven 75-plussers: met en zonder vast koppel, Hele regio",
]


def test_the_page_says_it_compares_groups_and_shows_the_year_and_every_indicator(
    open_page, open_db
):
    at = open_page("koppel_vergelijking")
    year = open_db("select laatste_volledige_jaar from build_info").item()
    assert at.title[0].value == "Helpt een vast koppel?"
    assert at.info[0].value == report.CAVEAT
    assert "niet dat het koppel de oorzaak is" in at.info[0].value
    assert chart_titles(at) == TITLES
    table = at.dataframe[0].value
    assert table["Indicator"].tolist() == [
        "Crisisopnames",
        "SO betrokken vóór opname",
        "Opname via ziekenhuis",
        report.RATE_TITEL,
    ]
    published = open_db(
        "select teller, noemer, p_value from koppel_vergelijking where area_code = 'REGIO' "
        "and jaar = $jaar and indicator_id = 'crisisopnames' and groep = 'met_koppel'",
        {"jaar": year},
    ).row(0)
    teller, noemer, p = published
    assert f"{int(teller)} van {int(noemer)}" in table["Met vast koppel"][0]
    assert table["Toets"][0].startswith(
        "Verschil groter dan toeval" if p < report.P_GRENS else "Verschil kan toeval zijn"
    )


def test_the_rate_shows_per_1000_in_the_table_and_on_its_own_axis(open_page, open_db):
    at = open_page("koppel_vergelijking")
    assert "1 juli" in at.info[0].value
    year = open_db("select laatste_volledige_jaar from build_info").item()
    rows = open_db(
        "select groep, teller, noemer, value, difference, suppressed from koppel_vergelijking "
        "where area_code = 'REGIO' and jaar = $jaar and indicator_id = 'wlz_opnames' "
        "order by groep",
        {"jaar": year},
    ).to_dicts()
    assert [r["groep"] for r in rows] == ["met_koppel", "zonder_koppel"]
    assert not any(r["suppressed"] for r in rows)
    table = at.dataframe[0].value.set_index("Indicator").loc[report.RATE_TITEL]
    for row, column in zip(rows, ("Met vast koppel", "Zonder vast koppel"), strict=True):
        value = f"{row['value']:.1f}".replace(".", ",")
        teller, noemer = (f"{int(row[c]):,}".replace(",", ".") for c in ("teller", "noemer"))
        assert table[column].startswith(f"{value} per 1.000 (")
        assert f"; {teller} opnames, {noemer} ingeschreven)" in table[column]
    assert "per 1.000 (95%-interval" in table["Verschil (met − zonder)"]
    assert "procentpunt" not in table["Verschil (met − zonder)"]
    spec = chart_specs(at)[3]
    points = spec["layer"][1]["encoding"]["y"]
    assert points["title"] == "Per 1.000"
    assert "domain" not in points["scale"] and points["scale"]["zero"] is True
    assert any("Poisson" in line for line in spec["title"]["subtitle"])
    drawn = chart_rows(at, 3)
    assert drawn and all(r["waarde_tekst"].endswith("per 1.000") for r in drawn)


def test_a_suppressed_group_has_no_mark_and_is_named_in_the_subtitle(open_page, open_db):
    hidden = open_db(
        "select indicator_id, jaar, groep from koppel_vergelijking "
        "where area_code = 'REGIO' and suppressed order by all"
    )
    assert hidden.height >= 1
    at = open_page("koppel_vergelijking")
    order = [i for i in report.INDICATORS]
    years = open_db("select period from periods where period_type = 'jaar'").height
    for index, spec in enumerate(chart_specs(at)):
        rows = chart_rows(at, index)
        assert all(not row["suppressed"] and row["value"] is not None for row in rows)
        shown = {(row["jaar_tekst"][:4], row["groep_tekst"]) for row in rows}
        for row in hidden.filter(pl.col("indicator_id") == order[index]).to_dicts():
            label = "Met vast koppel" if row["groep"] == "met_koppel" else "Zonder vast koppel"
            assert (str(row["jaar"]), label) not in shown
            assert f"{row['jaar']} {label.lower()}" in " ".join(spec["title"]["subtitle"])
        # Every year keeps its place on the axis.
        assert len(spec["layer"][0]["encoding"]["x"]["scale"]["domain"]) == years


def test_a_wijk_is_shown_through_its_gemeente_or_resv_and_says_so(open_page, open_db):
    wijk = open_db(
        "select a.area_name || ', ' || g.area_name from areas a "
        "join areas g on g.area_code = a.gemeente_code where a.area_level = 'wijk' "
        "order by a.area_code limit 1"
    ).item()
    at = open_page("koppel_vergelijking", wijk=wijk)
    assert any(
        c.value.startswith("Per wijk wordt deze vergelijking niet gemaakt: voor " + wijk)
        for c in at.caption
    )
    assert len(chart_specs(at)) >= 1


def test_the_command_line_writes_the_pages_charts_and_deck(published_db, tmp_path):
    args = ["--area", "REGIO", "--period", "2025", "--output", str(tmp_path), "--db"]
    rapport = ["--rapport", "koppel_vergelijking", "--formats", "pptx,png,csv"]
    assert main([*args, str(published_db), *rapport]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert "helpt-een-vast-koppel-hele-regio_hele-regio_2025.pptx" in names
    for stem in ("crisisopnames", "so-voor-opname", "opname-via-ziekenhuis", "wlz-opnames"):
        assert f"{stem}_hele-regio_2025.png" in names
        assert f"{stem}_hele-regio_2025.csv" in names
    deck = Presentation(str(tmp_path / "helpt-een-vast-koppel-hele-regio_hele-regio_2025.pptx"))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    first, last = "Helpt een vast koppel? Hele regio", ["Definities", "Over de gegevens"]
    assert titles == [first, *TITLES, *last]
    # The caveat travels with every chart: its subtitle, so the image on the slide and the files.
    specs = [item.chart.export() for item in _items(published_db)]
    assert len(specs) == 4
    assert all(report.CAVEAT_KORT in spec["title"]["subtitle"] for spec in specs)
    # The CSV names groups and columns in Dutch, and a suppressed group has no number.
    lines = (tmp_path / "crisisopnames_hele-regio_2025.csv").read_text(encoding="utf-8-sig")
    header, *rows = lines.splitlines()[4:]
    assert "Groep" in header.split(";") and "groep" not in header.split(";")
    # The rate's file says its unit on every row; the difference's label covers it.
    rate = (tmp_path / "wlz-opnames_hele-regio_2025.csv").read_text(encoding="utf-8-sig")
    rate_header, *rate_rows = rate.splitlines()[4:]
    assert "Verschil met − zonder koppel (procentpunt of per 1.000, zie Eenheid)" in rate_header
    assert rate_rows and all(";per 1.000;" in row for row in rate_rows)
    for row in rows:
        cells = dict(zip(header.split(";"), row.split(";"), strict=True))
        if cells["Onderdrukt"] == "ja":
            assert cells["Weergave"] == "onderdrukt" and cells["Teller"] == cells["Waarde"] == ""


def _items(published_db):
    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, "REGIO", "2025", [])
        return region.report_items(
            region.page_report(con, selection, "koppel_vergelijking"), selection
        )
    finally:
        con.close()


def test_the_command_line_refuses_a_quarter_in_dutch(published_db, tmp_path, capsys):
    args = ["--area", "REGIO", "--period", "2025-Q3", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--rapport", "koppel_vergelijking"]) == 2
    assert capsys.readouterr().err == (
        "fout: Het rapport koppel_vergelijking is per jaar; kies een jaar, zoals 2025.\n"
    )


def test_the_page_and_the_command_line_draw_the_same_charts(open_page, published_db):
    at = open_page("koppel_vergelijking", jaar="2025")
    _assert_same_charts(at, chart_specs(at), _items(published_db), minimum=4)


def test_a_delivery_without_praktijk_id_says_what_is_missing(hand_unsuppressed):
    db = hand_unsuppressed / "data" / "dashboard.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        source = DataSource(con)
        result = report.report(source, area_row(source, "REGIO"), "2024")
    texts = [item.tekst for item in result.items if isinstance(item, Text)]
    assert report.NO_PRACTICE in texts
    assert not any(isinstance(item, Section | Table) for item in result.items)


def test_a_database_without_the_table_says_so(published_db, tmp_path):
    copy = tmp_path / "older.duckdb"
    shutil.copyfile(published_db.resolve(), copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table koppel_vergelijking")
    with duckdb.connect(str(copy), read_only=True) as con:
        source = DataSource(con)
        result = report.report(source, area_row(source, "REGIO"), "2025")
    assert [item.tekst for item in result.items if isinstance(item, Text)][-1] == (report.NO_TABLE)
    assert result.sections == []


def test_the_chart_refuses_two_indicators_and_draws_nothing_when_all_is_hidden():
    row = {
        "area_code": "REGIO", "jaar": 2024, "periode_volledig": True, "groep": "met_koppel",
        "teller": None, "noemer": None, "value": None, "lower_95": None, "upper_95": None,
        "suppressed": True, "suppression_reason": "primair", "min_telling": 10,
        "min_noemer": 50, "min_koppels": 3, "peildatum": None,
    }  # fmt: skip
    frame = pl.DataFrame(
        [row | {"indicator_id": "crisisopnames"}, row | {"indicator_id": "so_voor_opname"}]
    )
    with pytest.raises(ValueError, match="koppel_groepen"):
        koppel_groepen(frame, titel="x")
    chart = koppel_groepen(frame.head(1), titel="x")
    assert chart.builder == "no_data"


@pytest.mark.parametrize("eenheid", ["%", "per 1.000"])
def test_each_point_sits_on_its_year_and_a_suppressed_group_has_no_mark(eenheid):
    from tests.dashboard.test_chart_positions import _svg, assert_marks_on_their_labels, read_svg
    from tests.dashboard.test_charts import BUILD

    def row(jaar, groep, teller, noemer, reason=None):
        shown = reason is None
        return {
            "area_code": "REGIO", "jaar": jaar, "periode_volledig": jaar < 2026,
            "indicator_id": "crisisopnames", "groep": groep,
            "teller": float(teller) if shown else None, "noemer": float(noemer) if shown else None,
            "value": teller / noemer * 100 if shown else None,
            "lower_95": teller / noemer * 80 if shown else None,
            "upper_95": teller / noemer * 120 if shown else None,
            "suppressed": not shown, "suppression_reason": reason,
            **BUILD,
        }  # fmt: skip

    frame = pl.DataFrame(
        [
            row(2024, "met_koppel", 30, 300),
            row(2024, "zonder_koppel", 60, 300),
            row(2025, "met_koppel", 0, 0, "secundair"),
            row(2025, "zonder_koppel", 50, 250),
            row(2026, "met_koppel", 20, 200),
            row(2026, "zonder_koppel", 40, 180),
        ]
    )
    chart = koppel_groepen(frame, titel="Crisisopnames", eenheid=eenheid)
    svg = _svg(chart)
    texts = [r["waarde_tekst"] for r in chart.datasets["groepen"].to_dicts()]
    assert texts and all(t.endswith(f" {eenheid}") for t in texts)
    assert assert_marks_on_their_labels(svg, "X") >= 5
    _, marks = read_svg(svg)
    drawn = {
        (m["fields"].get("jaar_tekst"), m["fields"].get("groep_tekst"))
        for m in marks
        if m["kind"] in ("point", "rule")
    }
    assert ("2025", "Met vast koppel") not in drawn
    assert ("2025", "Zonder vast koppel") in drawn
    subtitle = chart.export()["title"]["subtitle"]
    assert "Onderdrukt: 2025 met vast koppel (terug te rekenen)" in subtitle
    assert [label for label in read_svg(svg)[0] if label["axis"] == "X"][-1]["text"].startswith(
        "2026 t/m"
    )


def test_a_gemeente_left_out_in_some_years_keeps_every_year_and_says_which(published_db):
    with duckdb.connect(str(published_db), read_only=True) as con:
        years = con.execute("select count(*) from periods where period_type = 'jaar'").fetchone()
        code = con.execute(
            "select area_code from koppel_vergelijking where area_level = 'gemeente' "
            "group by area_code, indicator_id having count(distinct jaar) < $n "
            "order by 1 limit 1",
            {"n": years[0]},
        ).fetchone()
        assert code is not None, "the sample has no gemeente left out in some year"
        source = DataSource(con)
        result = report.report(source, area_row(source, code[0]), "2024")
    captions = [i.tekst for i in result.items if isinstance(i, Text) and i.kind == "caption"]
    assert any(c.startswith("Niet gepubliceerd voor deze gemeente") for c in captions)
    for section in result.sections:
        domain = section.chart.export()["layer"][0]["encoding"]["x"]["scale"]["domain"]
        assert len(domain) == years[0]


def _definitions_text(deck) -> str:
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Definities")]
    assert slides, "the deck has no Definities slide"
    return "\n".join(
        shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame
    )


def test_the_rate_is_defined_per_listed_75_plusser_on_the_slide_and_the_page(
    open_page, open_db, published_db, tmp_path
):
    """The rate counts per 1.000 listed 75-plussers, not per 1.000 inhabitants as the
    catalogue's wlz_opnames does: the deck's Definities slide, the page's caption and the
    section's file say so from one definition (RATE_DEFINITIE), and no slide quotes the
    catalogue's."""
    args = ["--area", "REGIO", "--period", "2025", "--output", str(tmp_path), "--db"]
    rapport = ["--rapport", "koppel_vergelijking", "--formats", "pptx,csv"]
    assert main([*args, str(published_db), *rapport]) == 0
    deck = Presentation(str(tmp_path / "helpt-een-vast-koppel-hele-regio_hele-regio_2025.pptx"))
    text = _definitions_text(deck)
    rate = report.RATE_DEFINITIE
    assert f"{rate.titel} ({rate.eenheid})\n{rate.definitie}" in text
    assert "per 1.000 bij die praktijken ingeschreven 75-plussers" in rate.definitie
    catalogue = open_db("select indicator_id, titel, definitie from indicator_catalogue")
    by_id = {row["indicator_id"]: row for row in catalogue.to_dicts()}
    wlz = by_id["wlz_opnames"]
    assert "per 1.000 inwoners van 75 jaar en ouder" in wlz["definitie"]
    assert wlz["definitie"] not in text and wlz["titel"] not in text
    # The shares are the catalogue's indicators within each group: their own definitions.
    for indicator in ("crisisopnames", "so_voor_opname", "opname_via_ziekenhuis"):
        assert by_id[indicator]["definitie"] in text
    # The page's caption quotes the same definition.
    at = open_page("koppel_vergelijking", jaar="2025")
    captions = [caption.value for caption in at.caption]
    assert any(caption.startswith(rate.tekst) for caption in captions)
    assert not any(wlz["definitie"] in caption for caption in captions)
    # The section's file: its title and unit are the definition's.
    lines = (tmp_path / "wlz-opnames_hele-regio_2025.csv").read_text(encoding="utf-8-sig")
    title, _selection, _footnote, _empty, header, *rows = lines.splitlines()
    assert title.startswith(rate.titel)
    cells = [dict(zip(header.split(";"), row.split(";"), strict=True)) for row in rows]
    assert cells and {c["Eenheid"] for c in cells} == {rate.eenheid}
    assert {c["Indicator"] for c in cells} == {rate.titel}
