"""The deck for the board meeting (`python -m dashboard.export` for a RESV or the regio), read
back with python-pptx: at most 20 slides, "Wat valt op" as slide 2 and the tiles after it,
no text under 10 pt, every shape inside the slide and no two texts on top of each other;
`--alles` gives every chart; a chart with nothing to show is left out and named."""

from __future__ import annotations

import io
from datetime import date
from itertools import combinations
from pathlib import Path

import polars as pl
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from dashboard import data as published
from dashboard.export import region
from dashboard.export.__main__ import MAX_SLIDES, main
from dashboard.export.deck import ChartExport, build_deck, fit_size, line_count
from dashboard.export.meta import ExportMeta
from pipelines.publish import SCHEMA_VERSION
from tests.made_once import made_once

SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000


def _deck(published_db, tmp_path_factory, area: str, *extra: str) -> Presentation:
    """The command line's deck of ``area``, written once per run (tests/made_once.py)."""

    def make(output: Path) -> None:
        args = ["--area", area, "--period", "2025", "--output", str(output)]
        args += ["--db", str(published_db), "--formats", "pptx", *extra]
        assert main(args) == 0

    name = "-".join(["deck", area, *(option.strip("-") for option in extra)])
    (path,) = made_once(tmp_path_factory, name, make).glob("*.pptx")
    return Presentation(str(path))


@pytest.fixture(scope="module")
def resv_deck(published_db, tmp_path_factory):
    return _deck(published_db, tmp_path_factory, "RESV02")


@pytest.fixture(scope="module")
def regio_deck(published_db, tmp_path_factory):
    return _deck(published_db, tmp_path_factory, "REGIO")


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


def _text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _decks(resv_deck, regio_deck):
    return {"RESV02": resv_deck, "REGIO": regio_deck}.items()


def test_at_most_20_slides_with_wat_valt_op_second_and_the_tiles_third(resv_deck, regio_deck):
    for area, deck in _decks(resv_deck, regio_deck):
        titles = [_title(slide) for slide in deck.slides]
        assert len(titles) <= MAX_SLIDES == 20, area
        assert titles[1] == "Wat valt op", area
        assert titles[2] == "Alle indicatoren", area
        assert titles[-1] == "Over de gegevens", area


def test_wat_valt_op_slide_holds_the_messages_of_the_overzicht(published_db, resv_deck):
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        summary = region.summary(con, region.select(con, "RESV02", "2025"))
    finally:
        con.close()
    text = _text(resv_deck.slides[1])
    assert summary.boodschappen
    for message in summary.boodschappen:
        assert message.zin in text.replace("\n", " ") or message.tekst in text


def test_the_tiles_slide_has_one_tile_per_indicator_with_its_verdict(published_db, resv_deck):
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        catalogue = published.read_catalogue(con)
    finally:
        con.close()
    text = _text(resv_deck.slides[2])
    for titel in catalogue.get_column("titel"):
        assert titel in text
    assert "Vergelijkbaar met de hele regio" in text
    for label in ("Beter", "Vergelijkbaar", "Slechter", "Niet vergeleken", "Onderdrukt"):
        assert label in text  # the legend


def test_no_text_is_smaller_than_10_pt(resv_deck, regio_deck):
    for area, deck in _decks(resv_deck, regio_deck):
        for number, slide in enumerate(deck.slides, start=1):
            for shape in slide.shapes:
                if not shape.has_text_frame:
                    continue
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size is not None, (area, number, shape.name)
                        assert run.font.size >= Pt(10), (area, number, shape.name, run.text)


def test_every_shape_is_inside_the_slide(resv_deck, regio_deck):
    for area, deck in _decks(resv_deck, regio_deck):
        for number, slide in enumerate(deck.slides, start=1):
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, (area, number, shape.name)
                assert shape.left + shape.width <= SLIDE_WIDTH, (area, number, shape.name)
                assert shape.top + shape.height <= SLIDE_HEIGHT, (area, number, shape.name)


def _box(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_text_or_picture_lies_on_another(resv_deck, regio_deck):
    for area, deck in _decks(resv_deck, regio_deck):
        for number, slide in enumerate(deck.slides, start=1):
            content = [
                shape
                for shape in slide.shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
                or (shape.has_text_frame and shape.text_frame.text.strip())
            ]
            for a, b in combinations(content, 2):
                assert not _overlap(_box(a), _box(b)), (area, number, a.name, b.name)


def test_every_text_fits_its_box_by_the_estimate(resv_deck, regio_deck):
    # The deck sizes each text with `fit_size`; read back, each box still holds its lines.
    for area, deck in _decks(resv_deck, regio_deck):
        for number, slide in enumerate(deck.slides, start=1):
            for shape in slide.shapes:
                if not (shape.has_text_frame and shape.text_frame.text.strip()):
                    continue
                width = shape.width / 12700
                height = 7.2
                for paragraph in shape.text_frame.paragraphs:
                    runs = paragraph.runs
                    if not runs:
                        continue
                    size = max(run.font.size.pt for run in runs)
                    bold = any(run.font.bold for run in runs)
                    text = "".join(run.text for run in runs)
                    height += line_count(text, size, width, bold) * size * 1.25
                    if paragraph.space_after is not None:
                        height += paragraph.space_after.pt
                assert height <= shape.height / 12700 + 0.5, (area, number, shape.name)


def test_every_option_gives_every_chart(published_db, tmp_path_factory, resv_deck):
    everything = _deck(published_db, tmp_path_factory, "RESV02", "--alles")
    short_titles = {_title(slide) for slide in resv_deck.slides}
    titles = [_title(slide) for slide in everything.slides]
    assert len(titles) > MAX_SLIDES
    assert short_titles - {"Definities"} <= set(titles) | {
        t for t in short_titles if t.startswith("Definities")
    }
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        items = region.region_charts(con, region.select(con, "RESV02", "2025"))
    finally:
        con.close()
    for item in items:
        assert item.meta.titel in titles


def test_the_short_deck_names_what_it_left_out(resv_deck):
    text = _text(resv_deck.slides[-1])
    assert "Om het rapport kort te houden staan deze onderwerpen er niet in:" in text
    assert "--alles" in text


def test_a_chart_with_nothing_to_show_is_left_out_and_named(published_db):
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, "GM9901", "2025", ("so_bereik",))
        items = region.region_charts(con, selection)
    finally:
        con.close()
    comparison = next(item for item in items if item.meta.titel.endswith("per wijk"))
    # The same chart as if every wijk had been suppressed: no numbers, every row suppressed.
    numbers = [c for c, t in comparison.frame.schema.items() if t.is_numeric()]
    hidden = comparison.frame.with_columns(
        pl.lit(True).alias("suppressed"),
        *(
            pl.lit(None).cast(t).alias(c)
            for c, t in comparison.frame.schema.items()
            if c in numbers
        ),
    )
    empty = ChartExport(comparison.chart, hidden, comparison.meta, comparison.indicatoren)
    others = [item for item in items if item is not comparison]
    meta = ExportMeta("Rapport Synthdam", ("Synthdam",), "2025", selection.bron, "rapport")
    deck = Presentation(io.BytesIO(build_deck([*others, empty], meta, made_on=date(2026, 11, 23))))
    titles = [_title(slide) for slide in deck.slides]
    assert comparison.meta.titel not in titles
    closing = _text(deck.slides[-1])
    assert (
        "Weggelaten omdat alle cijfers onderdrukt zijn (niets te tonen): "
        f"{comparison.meta.titel}." in closing
    )


def test_fit_size_shrinks_a_long_title_instead_of_wrapping_it_over_the_subtitle():
    long_title = "Cliënten met zorgtraject kwetsbare patiënten: ontwikkeling per gemeente"
    size = fit_size(long_title, 888, 44, 26, bold=True)
    assert size is not None and 10 <= size < 26
    assert line_count(long_title, size, 888, bold=True) * size * 1.25 + 7.2 <= 44
    assert fit_size("woord " * 400, 888, 44, 26) is None
