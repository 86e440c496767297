"""The command line `python -m dashboard.export`: every file written is read back, nothing
suppressed leaks, and bad input gets a Dutch message and exit status 2, never a traceback."""

import csv
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import polars as pl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import present
from dashboard.export import files as export_files
from dashboard.export import images
from dashboard.export.__main__ import main
from dashboard.export.images import canvas_png
from dashboard.export.tables import TABLE_START_ROW

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = ("crisisopnames", "so_bereik")
STEMS = [
    "overzicht-wijken_synthetica-noord_2025",
    "so-bereik-wijken_synthetica-noord_2025",
    "so-bereik-trend_synthetica-noord_2020-2026-t-m-sep",
    "crisisopnames-wijken_synthetica-noord_2025",
    "crisisopnames-trend_synthetica-noord_2020-2026-t-m-sep",
]


@pytest.fixture(scope="module")
def exported(published_db, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("rapport")
    args = [
        "--area",
        "RESV01",
        "--period",
        "2025",
        "--output",
        str(output),
        "--db",
        str(published_db),
    ]
    for indicator in INDICATORS:
        args += ["--indicator", indicator]
    assert main(args) == 0
    return output


def test_writes_the_deck_and_every_chart_in_four_formats(exported):
    expected = {"rapport_synthetica-noord_2025.pptx"} | {
        f"{stem}.{extension}" for stem in STEMS for extension in ("png", "svg", "csv", "xlsx")
    }
    assert {path.name for path in exported.iterdir()} == expected


def test_deck_has_a_slide_per_chart_in_catalogue_order(exported):
    deck = Presentation(str(exported / "rapport_synthetica-noord_2025.pptx"))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles == [
        "Populatieverantwoordelijkheid HA/SO: Synthetica Noord",
        "Wat valt op",
        "Alle indicatoren",
        "Wijken × indicatoren, 2025",
        "Bereik SO in de eerste lijn per wijk",
        "Bereik SO in de eerste lijn: ontwikkeling",
        "Crisisopnames per wijk",
        "Crisisopnames: ontwikkeling",
        "Definities",
        "Over de gegevens",
    ]


def test_images_are_16_to_9_png_and_parseable_svg(exported):
    for stem in STEMS:
        image = Image.open(exported / f"{stem}.png")
        assert image.size == (1920, 1080), stem
        root = ET.parse(exported / f"{stem}.svg").getroot()
        assert (root.get("width"), root.get("height")) == ("960", "540"), stem


def test_png_is_the_svg_rasterised_and_each_chart_is_laid_out_once(
    published_db, tmp_path, monkeypatch
):
    layouts = []

    def counted(chart, meta):
        layouts.append(meta.bestandsnaam)
        return export_svg(chart, meta)

    export_svg = images.export_svg
    monkeypatch.setattr(export_files, "export_svg", counted)
    monkeypatch.setattr(images, "export_svg", counted)  # what export_png would call
    args = ["--area", "RESV01", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--indicator", "so_bereik", "--formats", "svg,png"]) == 0
    stems = sorted(path.stem for path in tmp_path.glob("*.svg"))
    assert stems == sorted(STEMS[:3])
    assert sorted(layouts) == stems  # one layout per chart for both files
    for stem in stems:
        svg = (tmp_path / f"{stem}.svg").read_text(encoding="utf-8")
        assert (tmp_path / f"{stem}.png").read_bytes() == canvas_png(svg), stem


def _csv_table(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()[TABLE_START_ROW:]
    return list(csv.DictReader(lines, delimiter=";"))


def _published_cells(database: Path) -> dict[tuple[str, str, str], bool]:
    """(indicator, area, period as exported) → suppressed, for every published row."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.sql(
            "select indicator_id, area_code, period, periode_volledig, suppressed "
            "from indicator_values where list_contains($ids, indicator_id)",
            params={"ids": list(INDICATORS)},
        ).fetchall()
        peildatum = con.execute("select peildatum from build_info").fetchone()[0]
    finally:
        con.close()
    return {
        (indicator, area, present.period_text(period, volledig, peildatum)): suppressed
        for indicator, area, period, volledig, suppressed in rows
    }


def test_no_csv_or_xlsx_holds_a_number_of_a_published_suppressed_cell(exported, published_db):
    published = _published_cells(published_db)
    numbers = ("Waarde", "Teller", "Noemer", "Ondergrens 95%", "Bovengrens 95%")
    checked_suppressed = 0
    for stem in STEMS:
        rows = _csv_table(exported / f"{stem}.csv")
        xlsx = pl.read_excel(
            exported / f"{stem}.xlsx", read_options={"header_row": TABLE_START_ROW}
        ).to_dicts()
        assert len(rows) == len(xlsx) > 0, stem
        for row, sheet_row in zip(rows, xlsx, strict=True):
            key = (row["Indicatorcode"], row["Gebiedscode"], row["Periode"])
            assert (row["Onderdrukt"] == "ja") is published[key], key
            assert sheet_row["Onderdrukt"] == row["Onderdrukt"]
            if published[key]:
                checked_suppressed += 1
                assert [row[name] for name in numbers] == [""] * len(numbers), key
                assert [sheet_row[name] for name in numbers] == [None] * len(numbers), key
                assert row["Weergave"] in ("< 10", "onderdrukt", "onderdrukt (kleine noemer)")
    assert checked_suppressed > 0


def test_csv_uses_decimal_commas(exported):
    rows = _csv_table(exported / "so-bereik-wijken_synthetica-noord_2025.csv")
    values = [row["Waarde"] for row in rows if row["Waarde"]]
    # A whole number needs no comma ("41"); no value has a decimal point.
    assert values and any("," in value for value in values)
    assert all("." not in value for value in values)


def test_formats_option_writes_only_the_deck(published_db, tmp_path, capsys):
    args = ["--area", "GM9901", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--indicator", "so_bereik", "--formats", "pptx"]) == 0
    assert [path.name for path in tmp_path.iterdir()] == ["rapport_synthdam_2025.pptx"]
    assert capsys.readouterr().out.endswith(f"1 bestanden in {tmp_path}\n")


def test_database_defaults_to_the_one_the_app_opens(published_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(published_db))
    args = ["--area", "REGIO", "--period", "2025", "--output", str(tmp_path)]
    assert main([*args, "--indicator", "so_bereik", "--formats", "pptx"]) == 0
    assert (tmp_path / "rapport_hele-regio_2025.pptx").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--area", "RESV09", "--period", "2025"],
            "fout: Onbekend gebied 'RESV09'. Kies een wijkcode of een van: REGIO (Hele regio), "
            "RESV01 (Synthetica Noord), RESV02 (Synthetica Zuid), GM9901 (Synthdam), "
            "GM9902 (Synthveen), GM9903 (Synthrade), GM9904 (Synthwoude).\n",
        ),
        (
            ["--area", "RESV01", "--period", "1999"],
            "fout: Onbekende periode '1999'. Kies een jaar (2020, 2021, 2022, 2023, 2024, 2025, "
            "2026) of een kwartaal als 2025-Q3.\n",
        ),
        (
            ["--area", "RESV01", "--period", "2025", "--indicator", "bereik"],
            "fout: Onbekende indicator(en): bereik. Kies uit: so_bereik, so_consulten, "
            "so_directe_tijd, koppeldekking, consulten_binnen_koppel, zorgtraject_clienten, "
            "inzet_vs_pa, wlz_opnames, crisisopnames, so_voor_opname, crisis_zonder_so, "
            "elv_opnames, opname_via_ziekenhuis, wachttijd_opname, dagen_tot_so_contact.\n",
        ),
        (
            ["--area", "RESV01", "--period", "2025-Q3", "--indicator", "so_bereik"],
            "fout: Geen van de gekozen indicatoren is per kwartaal gepubliceerd; kies een jaar.\n",
        ),
        (
            ["--area", "RESV01", "--period", "2025", "--formats", "png,pdf"],
            "fout: Onbekend formaat: pdf. Kies uit pptx, png, svg, csv, xlsx.\n",
        ),
    ],
)
def test_bad_choices_get_a_dutch_message_and_status_2(
    published_db, tmp_path, capsys, extra, message
):
    assert main([*extra, "--output", str(tmp_path / "uit"), "--db", str(published_db)]) == 2
    captured = capsys.readouterr()
    assert captured.err == message
    assert not (tmp_path / "uit").exists()


def test_missing_database_is_named_with_the_build_command(tmp_path, capsys):
    missing = tmp_path / "geen.duckdb"
    args = ["--area", "RESV01", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"fout: Er is geen gepubliceerde database op {missing}. Bouw die met "
        "`python -m pipelines build --input sample_data --output data` of geef het pad met "
        "--db.\n"
    )


def test_a_file_that_is_no_database_is_refused_without_traceback(tmp_path):
    broken = tmp_path / "kapot.duckdb"
    broken.write_text("geen database")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.export",
            "--area",
            "RESV01",
            "--period",
            "2025",
            "--output",
            str(tmp_path / "uit"),
            "--db",
            str(broken),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"fout: {broken} is geen bruikbare gepubliceerde database (")
    assert "Traceback" not in result.stderr


def test_a_wijk_gets_its_wijkprofiel_then_the_wijken_of_its_gemeente(published_db, tmp_path):
    args = ["--area", "WK990101", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--indicator", "crisisopnames", "--formats", "png"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "bevolkingsopbouw_wijk-01-noord-synthdam_1-januari-2025.png",
        "crisisopnames-profiel_wijk-01-noord-synthdam_per-jaar.png",
        "crisisopnames-trend_wijk-01-noord-synthdam_2020-2026-t-m-sep.png",
        "crisisopnames-vergelijkbaar_wijk-01-noord-synthdam_2025.png",
        "crisisopnames-wijken_wijken-van-synthdam_2025.png",
        "overzicht-wijken_wijken-van-synthdam_2025.png",
        "wijkprofiel_wijk-01-noord-synthdam_2025.png",
    ]


def _slide_texts(slide) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def _bold_svg_texts(svg: Path) -> list[str]:
    root = ET.parse(svg).getroot()
    return [
        "".join(text.itertext())
        for text in root.iter("{http://www.w3.org/2000/svg}text")
        if text.get("font-weight") == "bold"
    ]


def test_a_wijks_files_and_slides_carry_its_gemeente(published_db, tmp_path):
    """Wijk names repeat across gemeenten: every file and slide of a wijk names its gemeente,
    and its comparison charts mark it."""
    wijk, gemeente = "Wijk 01 Noord", "Synthrade"
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        repeats = con.execute(
            "select count(*) from areas where area_level = 'wijk' and area_name = ?", [wijk]
        ).fetchone()[0]
    finally:
        con.close()
    assert repeats > 1
    args = ["--area", "WK990301", "--period", "2025", "--db", str(published_db)]
    gebied = tmp_path / "gebied"
    assert main([*args, "--output", str(gebied), "--indicator", "so_bereik"]) == 0
    names = sorted(path.stem for path in gebied.iterdir())
    assert all("wijk-01-noord-synthrade" in n or "wijken-van-synthrade" in n for n in names), names
    deck = Presentation(str(next(gebied.glob("*.pptx"))))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[0] == f"Populatieverantwoordelijkheid HA/SO: {wijk}, {gemeente}"
    assert any(title.startswith(f"{wijk}, {gemeente} ten opzichte van ") for title in titles)
    slides = list(deck.slides)
    charts = [s for s in slides if any(x.shape_type == MSO_SHAPE_TYPE.PICTURE for x in s.shapes)]
    assert charts
    for slide in charts:  # a picture's slide names the selection: the wijk or its gemeente
        assert gemeente in _slide_texts(slide), slide.shapes.title.text_frame.text
    # Nowhere the wijk's name alone.
    everything = " ".join(_slide_texts(slide) for slide in slides)
    assert re.findall(rf"{wijk}(?!, {gemeente})", everything) == []
    # The wijken of its gemeente compared, the wijk bold on its band (in the exported SVG too).
    bars = gebied / "so-bereik-wijken_wijken-van-synthrade_2025.svg"
    assert f"{wijk}, {gemeente}" in _bold_svg_texts(bars)

    pagina = tmp_path / "vergelijken"
    vergelijken = [*args, "--output", str(pagina), "--rapport", "vergelijken"]
    assert main([*vergelijken, "--indicator", "so_bereik", "--formats", "pptx,svg"]) == 0
    assert sorted(path.name for path in pagina.iterdir()) == [
        "bereik-so-in-de-eerste-lijn-wijken_wijk-01-noord-synthrade_2025.pptx",
        "so-bereik-vergelijk-kaart_wijk-01-noord-synthrade_2025.svg",
        "so-bereik-vergelijk-staaf_wijk-01-noord-synthrade_2025.svg",
        "so-bereik-vergelijk-trechter_wijk-01-noord-synthrade_2025.svg",
        "so-bereik-vergelijkbaar-staaf_wijk-01-noord-synthrade_2025.svg",
    ]
    deck = Presentation(str(next(pagina.glob("*.pptx"))))
    for slide in list(deck.slides)[:4]:
        assert f"{wijk}, {gemeente}" in _slide_texts(slide)
    for name in ("vergelijk-staaf", "vergelijk-trechter", "vergelijk-kaart", "vergelijkbaar-staaf"):
        svg = pagina / f"so-bereik-{name}_wijk-01-noord-synthrade_2025.svg"
        # The map writes the name on two lines ("Wijk 01 Noord," / "Synthrade").
        bold = " ".join(_bold_svg_texts(svg))
        assert f"{wijk}, {gemeente}" in bold or f"{wijk},{gemeente}" in bold, name


def test_help_documents_every_option_in_dutch(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: python -m dashboard.export")
    for option, words in (
        ("--area", "gebiedscode"),
        ("--period", "jaar (2025) of kwartaal (2025-Q3)"),
        ("--output", "map voor de bestanden"),
        ("--db", "data/dashboard.duckdb"),
        ("--indicator", "herhaalbaar"),
        ("--template", "PowerPoint-sjabloon"),
        ("--formats", "pptx,png,svg,csv,xlsx"),
        ("--rapport", "grafieken van één pagina (trends, koppels"),
    ):
        assert option in text and words in text, option


def test_a_page_report_writes_that_pages_charts_and_deck(published_db, tmp_path):
    args = ["--area", "GM9901", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--rapport", "opnames", "--formats", "pptx,png"]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert "opnames-synthdam_synthdam_per-jaar.pptx" in names
    assert "opnames-naar-soort_synthdam_per-jaar.png" in names
    assert "wachttijd-opname_synthdam_2025.png" in names
    deck = Presentation(str(tmp_path / "opnames-synthdam_synthdam_per-jaar.pptx"))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[:3] == ["Opnames Synthdam", "Opnames naar soort", "Opnames verpleeghuis (Wlz)"]


def test_the_koppels_report_of_a_quarter_is_refused_in_dutch(published_db, tmp_path, capsys):
    args = ["--area", "GM9901", "--period", "2025-Q3", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--rapport", "koppels"]) == 2
    assert capsys.readouterr().err == (
        "fout: Het rapport koppels is per jaar; kies een jaar, zoals 2025.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_vergelijken_report_needs_exactly_one_indicator(published_db, tmp_path, capsys):
    args = ["--area", "GM9901", "--period", "2025", "--output", str(tmp_path), "--db"]
    assert main([*args, str(published_db), "--rapport", "vergelijken"]) == 2
    assert capsys.readouterr().err == (
        "fout: Het rapport vergelijken gaat over één indicator; kies die met --indicator.\n"
    )
    one = [*args, str(published_db), "--rapport", "vergelijken", "--indicator", "so_bereik"]
    assert main([*one, "--formats", "png"]) == 0
    # Bars, funnel, map and the similar gemeenten of one indicator: one file each, none
    # written over another.
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "so-bereik-vergelijk-kaart_synthdam_2025.png",
        "so-bereik-vergelijk-staaf_synthdam_2025.png",
        "so-bereik-vergelijk-trechter_synthdam_2025.png",
        "so-bereik-vergelijkbaar-staaf_synthdam_2025.png",
    ]
