"""The "Rapport als PowerPoint": a finished 16:9 deck of the charts of the current view.

Slides, in order: a title slide (report title, selection, date, synthetic data); with a
summary of the Overzicht (`wat_valt_op.Samenvatting`) "Wat valt op" as slide 2 and the tiles,
coloured by their verdict, after it; one slide per chart (title, selection, the chart sized to
fit, footnote); the definitions of the indicators shown (as many slides as they need), and a
closing slide about the data and suppression, naming the charts left out.

A chart with nothing to show (every row suppressed) gets no slide. With `max_slides` (the
command line's default is 20) the deck keeps the charts of the indicators "Wat valt op" names
first, then the others in order, as many as fit; the closing slide says what was left out.

No text is smaller than 10 pt, and no text box holds more than it can show: every text is
sized by `fit_size`, a conservative estimate of how the words wrap in their box.

A corporate template is optional: a `.pptx` (not `.potx`, python-pptx cannot open those) given
as path or bytes, else the file named by the environment variable `DASHBOARD_PPTX_TEMPLATE`,
else `sample_data/sjabloon.pptx` when present. Its masters and layouts are used, its own slides
dropped. Every text box wraps its words and every picture has an explicit size (python-pptx's
defaults would give 4:3 geometry and pictures at 72 dpi).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from dashboard import present
from dashboard.charts.spec import Chart
from dashboard.export.images import PPI, slide_png
from dashboard.export.meta import ExportMeta
from dashboard.reports import Definitie
from dashboard.reports.overzicht import legend
from dashboard.theme import COMPARISON_COLOURS

TEMPLATE_ENV = "DASHBOARD_PPTX_TEMPLATE"
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "sample_data" / "sjabloon.pptx"

#: 16:9 slide, 13,333 × 7,5 inch, in points (1 pt = 12.700 EMU).
SLIDE_WIDTH_PT = 960
SLIDE_HEIGHT_PT = 540
_EMU_PER_PT = 12700

_MARGIN = 36
_TITLE_TOP, _TITLE_HEIGHT = 20, 44
_SUBTITLE_TOP, _SUBTITLE_HEIGHT = 64, 24
_PICTURE_TOP = 96
_FOOTNOTE_HEIGHT = 60
#: The chart picture's box, in points; the picture is rendered at exactly this size.
PICTURE_WIDTH = SLIDE_WIDTH_PT - 2 * _MARGIN
PICTURE_HEIGHT = SLIDE_HEIGHT_PT - _PICTURE_TOP - _FOOTNOTE_HEIGHT - 10

#: Definitions per slide: a definition is 100–300 characters; this many fit at 14 pt.
_DEFINITIONS_CHARACTERS = 1500

_GREY = RGBColor(0x55, 0x55, 0x55)
_DARK = RGBColor(0x22, 0x22, 0x22)

#: No text on a slide is smaller than this (points).
MIN_PT = 10

#: The average width of a character in em, on the safe side for Calibri, Carlito and Liberation
#: Sans (the fonts PowerPoint and LibreOffice use here); bold is wider. Line height in em.
_CHAR_EM, _BOLD_EM, _LINE_EM = 0.56, 0.60, 1.25
#: python-pptx's default text insets: 0,1 inch left and right, 0,05 inch top and bottom.
_INSET_X, _INSET_Y = 7.2, 3.6


class DeckError(ValueError):
    """A deck that cannot be made (no charts, an unreadable template); the message is Dutch."""


@dataclass(frozen=True)
class ChartExport:
    """One chart of the deck: the chart as the builder returned it (not `finish`ed), the frame
    it was drawn from, its export metadata, the indicators it shows (for the definitions
    slide; default: the frame's `indicator_id` values) and, where it draws a measure other
    than its catalogue indicator, that measure's definition (`reports.Definitie`: its own
    in place of the catalogue's)."""

    chart: Chart
    frame: pl.DataFrame
    meta: ExportMeta
    indicatoren: tuple[str, ...] = ()
    definities: tuple[Definitie, ...] = ()

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """The indicators this chart shows, in order of appearance."""
        if self.indicatoren:
            return tuple(self.indicatoren)
        if "indicator_id" in self.frame.columns:
            return tuple(self.frame.get_column("indicator_id").unique(maintain_order=True))
        return ()


def _pt(value: float) -> Emu:
    return Emu(round(value * _EMU_PER_PT))


def line_count(text: str, size: float, width: float, bold: bool = False) -> int:
    """How many lines `text` takes at `size` points in a box `width` points wide, wrapping at
    spaces (each "\\n" starts a paragraph); a conservative estimate."""
    per_line = max(1, int((width - 2 * _INSET_X) / (size * (_BOLD_EM if bold else _CHAR_EM))))
    lines = 0
    for paragraph in text.split("\n"):
        count, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                count += 1
                used = 0
            used = len(word) if used == 0 else used + 1 + len(word)
            while used > per_line:  # a word longer than a line breaks over lines
                count += 1
                used -= per_line
        lines += count
    return lines


def text_height(
    paragraphs: Sequence[tuple[str, float, bool]], width: float, space_after: float = 0
) -> float:
    """The height in points of `paragraphs` ((text, size, bold) each) in a box `width` wide,
    insets included."""
    height = 2 * _INSET_Y
    for text, size, bold in paragraphs:
        height += line_count(text, size, width, bold) * size * _LINE_EM + space_after
    return height


def fit_size(
    text: str,
    width: float,
    height: float,
    largest: float,
    smallest: float = MIN_PT,
    bold: bool = False,
    space_after: float = 0,
) -> float | None:
    """The largest size from `largest` down to `smallest` (whole points) at which `text` fits a
    box of `width` × `height` points; None when it does not fit even at `smallest`."""
    size = largest
    while size >= smallest:
        paragraphs = [(line, size, bold) for line in text.split("\n")]
        if text_height(paragraphs, width, space_after) <= height:
            return size
        size -= 1
    return None


def template_path(template: Path | str | None = None) -> Path | None:
    """Return the template to use: `template`, else $DASHBOARD_PPTX_TEMPLATE, else
    sample_data/sjabloon.pptx when it exists, else None (python-pptx's plain template)."""
    if template:
        return Path(template)
    configured = os.environ.get(TEMPLATE_ENV)
    if configured:
        return Path(configured)
    return DEFAULT_TEMPLATE if DEFAULT_TEMPLATE.is_file() else None


def _open(template: Path | bytes | None):
    """Open the template (or the plain default) as a 16:9 presentation without slides."""
    if template is None:
        prs = Presentation()
    else:
        source = io.BytesIO(template) if isinstance(template, bytes) else template
        name = "het sjabloon" if isinstance(template, bytes) else str(template)
        if isinstance(template, Path) and not template.is_file():
            raise DeckError(f"PowerPoint-sjabloon niet gevonden: {template}")
        try:
            prs = Presentation(source)
        except Exception as error:  # python-pptx raises several types for a bad file
            raise DeckError(
                f"{name} is geen bruikbaar PowerPoint-bestand (.pptx; een .potx moet eerst als "
                f".pptx worden opgeslagen): {error}"
            ) from None
        # python-pptx has no public call to delete a slide; dropping the id and its
        # relationship is the documented workaround and leaves masters and layouts intact.
        slide_ids = prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            prs.part.drop_rel(slide_id.rId)
            slide_ids.remove(slide_id)
    prs.slide_width = _pt(SLIDE_WIDTH_PT)
    prs.slide_height = _pt(SLIDE_HEIGHT_PT)
    return prs


def _title_layout(prs, with_subtitle: bool):
    """The layout with a title (and a subtitle when asked) and the fewest other placeholders;
    the last layout (usually blank) when none has a title."""

    def kinds(layout) -> list:
        return [ph.placeholder_format.type for ph in layout.placeholders]

    titled = [
        layout
        for layout in prs.slide_layouts
        if {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE} & set(kinds(layout))
        and (not with_subtitle or PP_PLACEHOLDER.SUBTITLE in kinds(layout))
    ]
    if not titled:
        if with_subtitle:
            return _title_layout(prs, with_subtitle=False)
        return prs.slide_layouts[len(prs.slide_layouts) - 1]
    return min(titled, key=lambda layout: len(kinds(layout)))


def _set_text(
    frame,
    text: str,
    size: float,
    colour: RGBColor,
    bold: bool = False,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    space_after: float = 0,
) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    lines = text.split("\n")
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
        paragraph.space_after = Pt(space_after)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour


def _new_slide(prs, title: str, with_subtitle: bool = False):
    """Add a slide with `title` in its title placeholder (moved to the 16:9 geometry), or a
    text box named "Titel" when the layout has no title. Other placeholders are removed."""
    slide = prs.slides.add_slide(_title_layout(prs, with_subtitle))
    title_shape = None
    for placeholder in list(slide.placeholders):
        kind = placeholder.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) and title_shape is None:
            title_shape = placeholder
        elif not (with_subtitle and kind == PP_PLACEHOLDER.SUBTITLE):
            placeholder._element.getparent().remove(placeholder._element)
    if title_shape is None:
        title_shape = slide.shapes.add_textbox(0, 0, 1, 1)
        title_shape.name = "Titel"
    width = SLIDE_WIDTH_PT - 2 * _MARGIN
    title_shape.left, title_shape.top = _pt(_MARGIN), _pt(_TITLE_TOP)
    title_shape.width, title_shape.height = _pt(width), _pt(_TITLE_HEIGHT)
    _set_text(title_shape.text_frame, title, _title_size(title, width, _TITLE_HEIGHT), _DARK, True)
    return slide


def _title_size(title: str, width: float, height: float, largest: float = 26) -> float:
    """The size at which a title fits its box; a title too long even at 10 pt is a bug in the
    caller (titles are short), refused with DeckError rather than drawn over the subtitle."""
    size = fit_size(title, width, height, largest, bold=True)
    if size is None:
        raise DeckError(f"Titel te lang voor een dia: {title}")
    return size


def _text_box(slide, left, top, width, height, text, size, colour=_DARK, name=None, space=0):
    """A wrapped text box; `size` is the largest size, shrunk (down to MIN_PT) until the text
    fits the box. Refuses a text that does not fit at MIN_PT (DeckError)."""
    fitted = fit_size(text, width, height, size, space_after=space)
    if fitted is None:
        raise DeckError(f"Tekst past niet op de dia: {text[:60]}…")
    box = slide.shapes.add_textbox(_pt(left), _pt(top), _pt(width), _pt(height))
    if name:
        box.name = name
    _set_text(box.text_frame, text, fitted, colour, space_after=space)
    return box


def _title_slide(prs, meta: ExportMeta, made_on: date) -> None:
    slide = _new_slide(prs, meta.titel, with_subtitle=True)
    title = slide.shapes.title
    title.top, title.height = _pt(150), _pt(100)
    width = SLIDE_WIDTH_PT - 2 * _MARGIN
    size = _title_size(meta.titel, width, 100, largest=34)
    _set_text(title.text_frame, meta.titel, size, _DARK, bold=True, align=PP_ALIGN.CENTER)
    lines = [meta.ondertitel, f"Gemaakt op {made_on:%d-%m-%Y}"]
    if meta.bron.synthetisch:
        lines.append("Synthetische data: geen echte cliënten of zorgverleners")
    subtitle = next(
        (ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE),
        None,
    )
    if subtitle is None:
        subtitle = slide.shapes.add_textbox(0, 0, 1, 1)
        subtitle.name = "Ondertitel"
    subtitle.left, subtitle.top = _pt(_MARGIN), _pt(260)
    subtitle.width, subtitle.height = _pt(SLIDE_WIDTH_PT - 2 * _MARGIN), _pt(110)
    text = "\n".join(lines)
    size = fit_size(text, SLIDE_WIDTH_PT - 2 * _MARGIN, 110, 18) or MIN_PT
    _set_text(subtitle.text_frame, text, size, _GREY, align=PP_ALIGN.CENTER)


def _chart_slide(prs, item: ChartExport, png: bytes) -> None:
    slide = _new_slide(prs, item.meta.titel)
    width = SLIDE_WIDTH_PT - 2 * _MARGIN
    _text_box(
        slide,
        _MARGIN,
        _SUBTITLE_TOP,
        width,
        _SUBTITLE_HEIGHT,
        item.meta.ondertitel,
        14,
        _GREY,
        name="Ondertitel",
    )
    picture = slide.shapes.add_picture(
        io.BytesIO(png),
        _pt(_MARGIN),
        _pt(_PICTURE_TOP),
        _pt(PICTURE_WIDTH),
        _pt(PICTURE_HEIGHT),
    )
    picture.name = "Grafiek"
    # Screen readers read the description of a picture.
    picture._element.nvPicPr.cNvPr.set("descr", f"{item.meta.titel}, {item.meta.ondertitel}")
    _text_box(
        slide,
        _MARGIN,
        SLIDE_HEIGHT_PT - _FOOTNOTE_HEIGHT - 4,
        width,
        _FOOTNOTE_HEIGHT,
        item.meta.voetnoot,
        MIN_PT,
        _GREY,
        name="Voetnoot",
    )


def _definitions(catalogue: pl.DataFrame, items: Sequence[ChartExport]) -> list[dict]:
    """The definitions of what `items` show, each once, in the catalogue's order: a chart's
    own definition of an indicator (`ChartExport.definities`) where it has one, else the
    catalogue's row."""
    if "volgorde" in catalogue.columns:
        catalogue = catalogue.sort("volgorde")
    published = {row["indicator_id"]: row for row in catalogue.to_dicts()}
    order = {indicator: number for number, indicator in enumerate(published)}
    found: dict[tuple[str, str], dict] = {}
    for item in items:
        own = {definitie.indicator_id: definitie.row() for definitie in item.definities}
        for indicator in item.indicator_ids:
            row = own.get(indicator, published.get(indicator))
            if row is not None:
                found.setdefault((indicator, row["titel"]), row)
    return sorted(found.values(), key=lambda row: order.get(row["indicator_id"], len(order)))


_DEFINITIONS_TOP = 80
_DEFINITIONS_HEIGHT = SLIDE_HEIGHT_PT - _DEFINITIONS_TOP - 24


def _definition_pages(definitions: list[dict]) -> list[list[dict]]:
    """The definitions spread over slides by their estimated height (heading 15 pt, text 13 pt)."""
    width = SLIDE_WIDTH_PT - 2 * _MARGIN
    pages: list[list[dict]] = []
    used = _DEFINITIONS_HEIGHT
    for row in definitions:
        heading = f"{row['titel']} ({row['eenheid']})"
        size = text_height([(heading, 15, True), (row["definitie"], 13, False)], width, 5) + 5
        if used + size > _DEFINITIONS_HEIGHT:
            pages.append([])
            used = 2 * _INSET_Y
        pages[-1].append(row)
        used += size
    return pages


def _definition_slides(prs, definitions: list[dict]) -> None:
    pages = _definition_pages(definitions)
    for number, page in enumerate(pages, start=1):
        title = "Definities" if len(pages) == 1 else f"Definities ({number}/{len(pages)})"
        slide = _new_slide(prs, title)
        box = slide.shapes.add_textbox(
            _pt(_MARGIN),
            _pt(_DEFINITIONS_TOP),
            _pt(SLIDE_WIDTH_PT - 2 * _MARGIN),
            _pt(_DEFINITIONS_HEIGHT),
        )
        box.name = "Definities"
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        first = True
        for row in page:
            heading = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            run = heading.add_run()
            run.text = f"{row['titel']} ({row['eenheid']})"
            run.font.bold, run.font.size, run.font.color.rgb = True, Pt(15), _DARK
            heading.space_after = Pt(5)
            body = frame.add_paragraph()
            run = body.add_run()
            run.text = row["definitie"]
            run.font.size, run.font.color.rgb = Pt(13), _DARK
            body.space_after = Pt(10)


_CLOSING_TOP = 80
_CLOSING_HEIGHT = SLIDE_HEIGHT_PT - _CLOSING_TOP - 24
_CLOSING_SIZE = 14


def _closing_lines(meta: ExportMeta, weggelaten: Sequence[str]) -> list[str]:
    bron = meta.bron
    drempels = bron.drempels
    lines = [*weggelaten, meta.voetnoot_regels[0]]
    lines.append(
        "Alleen geaggregeerde cijfers: niets is terug te voeren op een persoon, praktijk, "
        "specialist ouderengeneeskunde of koppel."
    )
    if bron.synthetisch:
        lines.append(
            "Dit rapport is gemaakt met synthetische data: de cijfers zijn verzonnen en "
            "zeggen niets over echte cliënten of zorgverleners."
        )
    lines += [
        bron.suppression_rule,
        *(
            f"“{present.suppressed_text(reason, drempels=drempels)}”: "
            + present.explanation(reason, drempels)
            for reason in (
                "primair",
                "secundair",
                "kleine_noemer",
                present.TOO_FEW_KOPPELS,
                present.TOO_FEW_PRACTICES,
            )
        ),
        "Een onvolledige (lopende) periode is voorlopig en wordt niet vergeleken met de "
        "referentie. Intervallen zijn 95%-betrouwbaarheidsintervallen.",
    ]
    return lines


def _closing_pages(lines: list[str]) -> list[list[str]]:
    """The closing lines over as few slides as they need at 12 pt or more."""
    width = SLIDE_WIDTH_PT - 2 * _MARGIN
    pages: list[list[str]] = [[]]
    for line in lines:
        trial = [*pages[-1], line]
        if (
            pages[-1]
            and fit_size("\n".join(trial), width, _CLOSING_HEIGHT, 12, 12, space_after=6) is None
        ):
            pages.append([line])
        else:
            pages[-1] = trial
    return pages


def _closing_slides(prs, meta: ExportMeta, weggelaten: Sequence[str] = ()) -> None:
    pages = _closing_pages(_closing_lines(meta, weggelaten))
    for number, page in enumerate(pages, start=1):
        title = "Over de gegevens" if number == 1 else "Over de gegevens (vervolg)"
        slide = _new_slide(prs, title)
        _text_box(
            slide,
            _MARGIN,
            _CLOSING_TOP,
            SLIDE_WIDTH_PT - 2 * _MARGIN,
            _CLOSING_HEIGHT,
            "\n".join(page),
            _CLOSING_SIZE,
            name="Toelichting",
            space=6,
        )


# --- "Wat valt op" and the tiles ------------------------------------------------------------------

_BODY_TOP = 96
_BODY_HEIGHT = SLIDE_HEIGHT_PT - _BODY_TOP - 24
_MESSAGE_SIZES = (16, 15, 14, 13, 12)

#: A tile's verdict colour (the theme's, colour-blind safe), and its text colour on top of it.
_VERDICT = {code: RGBColor.from_string(colour[1:]) for code, colour in COMPARISON_COLOURS.items()}


def _message_parts(message) -> tuple[str, str]:
    kop = f"{message.kop}. " if message.kop else ""
    return kop, message.tekst


def _message_pages(messages: Sequence) -> list[tuple[list, float]]:
    """The messages over as few slides as possible, each page with the largest size (16 down to
    12 pt) at which its messages fit; a bold headline is counted as bold throughout."""
    width = SLIDE_WIDTH_PT - 2 * _MARGIN

    def height(page, size) -> float:
        paragraphs = [("".join(_message_parts(m)), size, True) for m in page]
        return text_height(paragraphs, width, space_after=size * 0.6)

    pages: list[list] = [[]]
    for message in messages:
        if pages[-1] and height([*pages[-1], message], _MESSAGE_SIZES[-1]) > _BODY_HEIGHT:
            pages.append([])
        pages[-1].append(message)
    return [
        (page, next((s for s in _MESSAGE_SIZES if height(page, s) <= _BODY_HEIGHT), MIN_PT))
        for page in pages
    ]


def _messages_slides(prs, samenvatting, title: str) -> None:
    pages = _message_pages(samenvatting.boodschappen)
    for number, (page, size) in enumerate(pages, start=1):
        heading = title if len(pages) == 1 else f"{title} ({number}/{len(pages)})"
        slide = _new_slide(prs, heading)
        _subtitle(slide, f"{samenvatting.gebied} · {samenvatting.periode}")
        box = slide.shapes.add_textbox(
            _pt(_MARGIN), _pt(_BODY_TOP), _pt(SLIDE_WIDTH_PT - 2 * _MARGIN), _pt(_BODY_HEIGHT)
        )
        box.name = "Wat valt op"
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        for index, message in enumerate(page):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(size * 0.6)
            kop, tekst = _message_parts(message)
            for text, bold in ((kop, True), (tekst, False)):
                if not text:
                    continue
                run = paragraph.add_run()
                run.text = text
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _DARK


def _subtitle(slide, text: str) -> None:
    _text_box(
        slide,
        _MARGIN,
        _SUBTITLE_TOP,
        SLIDE_WIDTH_PT - 2 * _MARGIN,
        _SUBTITLE_HEIGHT,
        text,
        14,
        _GREY,
        name="Ondertitel",
    )


_TILE_COLUMNS, _TILE_ROWS, _TILE_GAP = 4, 4, 8
_LEGEND_HEIGHT = 22
_TILE_WIDTH = (SLIDE_WIDTH_PT - 2 * _MARGIN - (_TILE_COLUMNS - 1) * _TILE_GAP) / _TILE_COLUMNS
_TILE_HEIGHT = (
    SLIDE_HEIGHT_PT - _BODY_TOP - _LEGEND_HEIGHT - 16 - (_TILE_ROWS - 1) * _TILE_GAP
) / _TILE_ROWS
_TILE_BAR = 8


def _tile_texts(tegel) -> list[tuple[str, float, bool]]:
    """A tile's paragraphs (text, size, bold), shrunk until they fit the tile."""
    width = _TILE_WIDTH - _TILE_BAR
    change = tegel.verandering.tekst or ""
    for title, value in ((12, 18), (11, 16), (10, 14), (10, 12)):
        paragraphs = [
            (tegel.titel, title, True),
            (tegel.waarde, value, True),
            (tegel.oordeel, MIN_PT, False),
        ]
        if change:
            paragraphs.append((change, MIN_PT, False))
        if text_height(paragraphs, width) <= _TILE_HEIGHT:
            return paragraphs
    raise DeckError(f"Tegel past niet op de dia: {tegel.titel}")


def _tile(slide, tegel, left: float, top: float) -> None:
    frame_shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, _pt(left), _pt(top), _pt(_TILE_WIDTH), _pt(_TILE_HEIGHT)
    )
    frame_shape.name = f"Tegel {tegel.titel}"
    frame_shape.fill.background()
    frame_shape.line.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
    frame_shape.line.width = Pt(0.75)
    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, _pt(left), _pt(top), _pt(_TILE_BAR), _pt(_TILE_HEIGHT)
    )
    bar.name = f"Oordeel {tegel.titel}"
    bar.fill.solid()
    bar.fill.fore_color.rgb = _VERDICT.get(tegel.status, _VERDICT["niet_vergeleken"])
    bar.line.fill.background()
    box = slide.shapes.add_textbox(
        _pt(left + _TILE_BAR), _pt(top), _pt(_TILE_WIDTH - _TILE_BAR), _pt(_TILE_HEIGHT)
    )
    box.name = f"Tekst {tegel.titel}"
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, (text, size, bold) in enumerate(_tile_texts(tegel)):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = _DARK if index < 2 else _GREY


def _legend(slide, basis: str) -> None:
    """The verdict colours in one row, each entry as wide as its label needs (plus an equal
    share of the rest)."""
    top = SLIDE_HEIGHT_PT - _LEGEND_HEIGHT - 12
    entries = legend(basis)
    needs = [14 + 2 * _INSET_X + len(label) * MIN_PT * _CHAR_EM + 2 for _, label in entries]
    slack = (SLIDE_WIDTH_PT - 2 * _MARGIN - sum(needs)) / len(entries)
    left = _MARGIN
    for (status, label), need in zip(entries, needs, strict=True):
        width = need + slack
        square = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, _pt(left), _pt(top + 5), _pt(12), _pt(12)
        )
        square.name = f"Legenda {label}"
        square.fill.solid()
        square.fill.fore_color.rgb = _VERDICT[status]
        square.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
        square.line.width = Pt(0.5)
        _text_box(slide, left + 14, top, width - 14, _LEGEND_HEIGHT, label, MIN_PT, _GREY)
        left += width


def _tile_slides(prs, samenvatting) -> None:
    per_slide = _TILE_COLUMNS * _TILE_ROWS
    tegels = list(samenvatting.tegels)
    pages = [tegels[i : i + per_slide] for i in range(0, len(tegels), per_slide)]
    if samenvatting.kleur == "trend":
        kleur = "kleur: trend over vijf jaar"
    elif samenvatting.referentie:
        kleur = f"kleur: vergelijking met {samenvatting.referentie}"
    else:
        kleur = "kleur: vergelijking met de referentie"
    for number, page in enumerate(pages, start=1):
        title = (
            "Alle indicatoren" if len(pages) == 1 else f"Alle indicatoren ({number}/{len(pages)})"
        )
        slide = _new_slide(prs, title)
        _subtitle(
            slide,
            f"{samenvatting.gebied} · {samenvatting.periode} · {kleur}",
        )
        for index, tegel in enumerate(page):
            row, column = divmod(index, _TILE_COLUMNS)
            _tile(
                slide,
                tegel,
                _MARGIN + column * (_TILE_WIDTH + _TILE_GAP),
                _BODY_TOP + row * (_TILE_HEIGHT + _TILE_GAP),
            )
        _legend(slide, samenvatting.kleur)


def _summary_slide_count(samenvatting) -> int:
    if samenvatting is None:
        return 0
    tiles = -(-len(samenvatting.tegels) // (_TILE_COLUMNS * _TILE_ROWS))
    return len(_message_pages(samenvatting.boodschappen)) + tiles


# --- Which charts --------------------------------------------------------------------------------


def nothing_to_show(item: ChartExport) -> bool:
    """Whether a chart has nothing to show: no rows, or every row suppressed."""
    frame = item.frame
    if frame.is_empty():
        return True
    return "suppressed" in frame.columns and bool(
        frame.get_column("suppressed").fill_null(False).all()
    )


def _priority(charts: Sequence[ChartExport], first: Sequence[str]) -> list[int]:
    """The chart indices in the order they are kept: overviews (more than one indicator), then
    the charts of the indicators in `first` (in that order), then the rest in deck order."""
    rank = {indicator: number for number, indicator in enumerate(first)}

    def key(index: int) -> tuple:
        ids = charts[index].indicator_ids
        if len(ids) > 1:
            return (0, 0, index)
        ranks = [rank[i] for i in ids if i in rank]
        return (1, min(ranks), index) if ranks else (2, 0, index)

    return sorted(range(len(charts)), key=key)


def _pictures(charts: Sequence[ChartExport]) -> list[bytes]:
    """Render the chart pictures, two at a time: vl-convert releases the GIL, and the machines
    have two cores."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(
            pool.map(lambda item: slide_png(item.chart, PICTURE_WIDTH, PICTURE_HEIGHT, PPI), charts)
        )


def _code_catalogue() -> pl.DataFrame:
    # The very function that wrote the published indicator_catalogue; used when the caller has
    # no catalogue frame at hand.
    from pipelines.publish import catalogue_table

    return catalogue_table()


def build_deck(
    charts: Sequence[ChartExport],
    meta: ExportMeta,
    *,
    catalogue: pl.DataFrame | None = None,
    template: Path | str | bytes | None = None,
    made_on: date | None = None,
    samenvatting=None,
    max_slides: int | None = None,
    alles_hint: str | None = None,
) -> bytes:
    """Return the PowerPoint (.pptx bytes) of `charts` for the selection in `meta`.

    `meta.titel` is the report title; `catalogue` the published indicator_catalogue (default:
    the pipeline's catalogue); `template` a .pptx path or bytes (default: see the module
    docstring); `made_on` the date on the title slide (default today); `samenvatting` a
    `wat_valt_op.Samenvatting`: "Wat valt op" as slide 2, then the tiles; `max_slides` at most
    this many slides, keeping the charts in the order of `_priority` (None: every chart);
    `alles_hint` how to get every chart, said on the closing slide when charts were left out.
    A chart with nothing to show gets no slide, and a line on the closing slide. Refuses a
    deck with nothing to show and an unreadable template with DeckError.
    """
    shown = [item for item in charts if not nothing_to_show(item)]
    empty = [item.meta.titel for item in charts if nothing_to_show(item)]
    if not shown and samenvatting is None:
        raise DeckError("Geen grafieken om in het rapport op te nemen.")
    catalogue = catalogue if catalogue is not None else _code_catalogue()
    first = samenvatting.indicatoren if samenvatting is not None else ()
    order = _priority(shown, first)
    kept = len(shown)
    while True:
        chosen = sorted(order[:kept])
        dropped = _subjects([shown[i] for i in order[kept:]], catalogue)
        weggelaten = _omitted_lines(empty, dropped, alles_hint)
        slides = _slide_count([shown[i] for i in chosen], meta, catalogue, samenvatting, weggelaten)
        if max_slides is None or slides <= max_slides or kept == 0:
            break
        kept -= 1
    items = [shown[i] for i in chosen]
    chosen_template = template if isinstance(template, bytes) else template_path(template)
    prs = _open(chosen_template)
    _title_slide(prs, meta, made_on or date.today())
    if samenvatting is not None:
        _messages_slides(prs, samenvatting, "Wat valt op")
        _tile_slides(prs, samenvatting)
    for item, png in zip(items, _pictures(items), strict=True):
        _chart_slide(prs, item, png)
    definitions = _definitions(catalogue, items)
    if definitions:
        _definition_slides(prs, definitions)
    _closing_slides(prs, meta, weggelaten)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _subjects(items: Sequence[ChartExport], catalogue: pl.DataFrame) -> list[str]:
    """What the charts `items` are about, each once: the title of their one indicator (the
    chart's own definition of it, else the catalogue's), or the chart's own title."""
    titles = dict(
        zip(catalogue.get_column("indicator_id"), catalogue.get_column("titel"), strict=True)
    )
    subjects = []
    for item in items:
        ids = item.indicator_ids
        own = {definitie.indicator_id: definitie.titel for definitie in item.definities}
        named = {**titles, **own}
        subjects.append(named.get(ids[0], item.meta.titel) if len(ids) == 1 else item.meta.titel)
    return list(dict.fromkeys(subjects))


def _omitted_lines(
    empty: Sequence[str], dropped: Sequence[str], alles_hint: str | None
) -> list[str]:
    """The closing slide's lines about the charts that are not in the deck."""
    lines = []
    if empty:
        lines.append(
            "Weggelaten omdat alle cijfers onderdrukt zijn (niets te tonen): "
            + "; ".join(empty)
            + "."
        )
    if dropped:
        text = (
            "Om het rapport kort te houden staan deze onderwerpen er niet in: "
            + "; ".join(dropped)
            + "."
        )
        lines.append(f"{text} {alles_hint}" if alles_hint else text)
    return lines


def _slide_count(items, meta, catalogue, samenvatting, weggelaten) -> int:
    definitions = _definitions(catalogue, items)
    return (
        1
        + _summary_slide_count(samenvatting)
        + len(items)
        + (len(_definition_pages(definitions)) if definitions else 0)
        + len(_closing_pages(_closing_lines(meta, weggelaten)))
    )
