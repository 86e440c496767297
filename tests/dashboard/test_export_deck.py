"""The PowerPoint (dashboard/export/deck.py), read back with python-pptx: 16:9, the expected
slides and titles, pictures inside the slide at their explicit size, wrapped text, template."""

import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu

from dashboard import data as published
from dashboard.export import deck, region
from dashboard.export.deck import ChartExport, DeckError, build_deck
from dashboard.export.meta import ExportMeta
from dashboard.reports import Definitie
from pipelines.publish import SCHEMA_VERSION, catalogue_table

SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # 13,333 × 7,5 inch in EMU
INDICATORS = ("so_bereik", "wachttijd_opname")


@pytest.fixture(scope="module")
def selection_and_charts(published_db):
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, "GM9901", "2025", INDICATORS)
        items = region.region_charts(con, selection)
    finally:
        con.close()
    return selection, items


@pytest.fixture(scope="module")
def report_meta(selection_and_charts):
    selection, _ = selection_and_charts
    return ExportMeta("Rapport Synthdam", ("Synthdam",), "2025", selection.bron, "rapport")


@pytest.fixture(scope="module")
def presentation(selection_and_charts, report_meta):
    selection, items = selection_and_charts
    data = build_deck(items, report_meta, catalogue=selection.catalogue, made_on=date(2026, 11, 23))
    return Presentation(io.BytesIO(data))


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


def _all_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_deck_is_16_to_9(presentation):
    assert (presentation.slide_width, presentation.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)


def test_deck_has_title_chart_definition_and_closing_slides_in_order(presentation):
    assert [_title(slide) for slide in presentation.slides] == [
        "Rapport Synthdam",
        "Wijken × indicatoren, 2025",
        "Bereik SO in de eerste lijn per wijk",
        "Bereik SO in de eerste lijn: ontwikkeling",
        "Wachttijd tot opname per wijk",
        "Wachttijd tot opname: ontwikkeling",
        "Definities",
        "Over de gegevens",
    ]


def test_title_slide_has_selection_date_and_synthetic_data(presentation):
    text = _all_text(presentation.slides[0])
    assert "Synthdam · 2025" in text
    assert "Gemaakt op 23-11-2026" in text
    assert "Synthetische data: geen echte cliënten of zorgverleners" in text


def test_every_chart_slide_has_one_picture_inside_the_slide_at_144_ppi(presentation):
    for slide in list(presentation.slides)[1:6]:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, _title(slide)
        picture = pictures[0]
        assert picture.left >= 0 and picture.top >= 0
        assert picture.left + picture.width <= SLIDE_WIDTH
        assert picture.top + picture.height <= SLIDE_HEIGHT
        assert (picture.width, picture.height) == (
            Emu(deck.PICTURE_WIDTH * 12700),
            Emu(deck.PICTURE_HEIGHT * 12700),
        )
        image = Image.open(io.BytesIO(picture.image.blob))
        assert image.size == (deck.PICTURE_WIDTH * 2, deck.PICTURE_HEIGHT * 2)
        title_bottom = slide.shapes.title.top + slide.shapes.title.height
        assert picture.top >= title_bottom


def test_chart_slides_carry_selection_and_footnote(presentation, selection_and_charts):
    _, items = selection_and_charts
    for slide, item in zip(list(presentation.slides)[1:6], items, strict=True):
        text = _all_text(slide)
        assert item.meta.ondertitel in text
        assert item.meta.voetnoot in text


def test_every_text_frame_wraps_and_stays_inside_the_slide(presentation):
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= SLIDE_WIDTH, shape.name
            assert shape.top + shape.height <= SLIDE_HEIGHT, shape.name
            if shape.has_text_frame:
                assert shape.text_frame.word_wrap is True, shape.name


def test_definitions_slide_defines_exactly_the_indicators_shown(presentation, selection_and_charts):
    selection, _ = selection_and_charts
    text = _all_text(presentation.slides[6])
    for row in selection.catalogue.to_dicts():
        assert f"{row['titel']} ({row['eenheid']})" in text
        assert row["definitie"] in text
    assert "Crisisopnames" not in text


def test_closing_slide_explains_data_and_suppression(presentation):
    text = _all_text(presentation.slides[7])
    assert "aantallen van 1 tot en met 9 personen of gebeurtenissen" in text
    assert "“< 10”: Minder dan 10 personen of gebeurtenissen" in text
    assert "synthetische data" in text


def test_many_definitions_are_spread_over_numbered_slides(selection_and_charts, report_meta):
    _, items = selection_and_charts
    catalogue = catalogue_table()  # without a catalogue the deck uses the pipeline's own
    every_id = tuple(catalogue.get_column("indicator_id"))
    everything = ChartExport(items[0].chart, items[0].frame, items[0].meta, every_id)
    data = build_deck([everything], report_meta, made_on=date(2026, 11, 23))
    slides = [s for s in Presentation(io.BytesIO(data)).slides if "Definities" in _title(s)]
    assert len(slides) >= 2
    assert [_title(s) for s in slides] == [
        f"Definities ({n}/{len(slides)})" for n in range(1, len(slides) + 1)
    ]
    text = "\n".join(_all_text(slide) for slide in slides)
    assert all(definitie in text for definitie in catalogue.get_column("definitie"))


def test_a_chart_of_another_measure_is_defined_by_its_own_definition(
    selection_and_charts, report_meta
):
    """A chart that draws another measure under an indicator's id brings its definition: it
    takes the catalogue's place for that chart only; another chart of the catalogue's
    indicator keeps the catalogue's, and each definition is said once."""
    selection, items = selection_and_charts
    own = Definitie(
        "so_bereik",
        "Bereik SO per 1.000 ingeschreven 75-plussers",
        "Het aantal cliënten met een SO-contact per 1.000 ingeschreven 75-plussers.",
        "Cliënten 75+ met een SO-contact",
        "Ingeschreven 75-plussers",
        "per 1.000",
    )
    first = items[0]
    other = ChartExport(first.chart, first.frame, first.meta, ("so_bereik",), (own,))
    catalogue = selection.catalogue.filter(pl.col("indicator_id") == "so_bereik").row(0, named=True)

    def definitions(charts) -> str:
        data = build_deck(charts, report_meta, catalogue=selection.catalogue)
        slides = [s for s in Presentation(io.BytesIO(data)).slides if "Definities" in _title(s)]
        return "\n".join(_all_text(slide) for slide in slides)

    alone = definitions([other, other])
    assert alone.count(own.definitie) == 1
    assert f"{own.titel} ({own.eenheid})" in alone and catalogue["definitie"] not in alone
    catalogues = ChartExport(first.chart, first.frame, first.meta, ("so_bereik",))
    both = definitions([other, catalogues])
    assert own.definitie in both and catalogue["definitie"] in both


def _template(path: Path) -> Path:
    template = Presentation()  # 4:3, with one slide of its own
    template.slide_layouts[5].name = "Huisstijl titel"
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Oude dia"
    template.save(path)
    return path


def test_template_layouts_are_used_and_its_own_slides_dropped(
    selection_and_charts, report_meta, tmp_path, monkeypatch
):
    _, items = selection_and_charts
    monkeypatch.setenv(deck.TEMPLATE_ENV, str(_template(tmp_path / "huisstijl.pptx")))
    result = Presentation(io.BytesIO(build_deck(items[:1], report_meta)))
    assert (result.slide_width, result.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    titles = [_title(slide) for slide in result.slides]
    assert "Oude dia" not in titles
    assert len(titles) == 4
    assert result.slides[1].slide_layout.name == "Huisstijl titel"


def test_bad_template_and_empty_report_are_refused_in_dutch(report_meta, selection_and_charts):
    _, items = selection_and_charts
    with pytest.raises(DeckError, match=r"^Geen grafieken om in het rapport op te nemen\.$"):
        build_deck([], report_meta)
    with pytest.raises(DeckError, match=r"^PowerPoint-sjabloon niet gevonden: /geen/sjabloon"):
        build_deck(items[:1], report_meta, template="/geen/sjabloon.pptx")
    with pytest.raises(DeckError, match=r"^het sjabloon is geen bruikbaar PowerPoint-bestand"):
        build_deck(items[:1], report_meta, template=b"geen pptx")
