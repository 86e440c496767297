"""The "Rapport als PowerPoint": a finished 16:9 deck of the charts of the current view.

Slides, in order: a title slide (report title, selection, date, synthetic data), one slide per
chart (title, selection, the chart sized to fit, footnote), the definitions of the indicators
shown (as many slides as they need), and a closing slide about the data and suppression.

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

import altair as alt
import polars as pl
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from dashboard import present
from dashboard.export.images import PPI, slide_png
from dashboard.export.meta import ExportMeta

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
_FOOTNOTE_HEIGHT = 56
#: The chart picture's box, in points; the picture is rendered at exactly this size.
PICTURE_WIDTH = SLIDE_WIDTH_PT - 2 * _MARGIN
PICTURE_HEIGHT = SLIDE_HEIGHT_PT - _PICTURE_TOP - _FOOTNOTE_HEIGHT - 12

#: Definitions per slide: a definition is 100–300 characters; this many fit at 14 pt.
_DEFINITIONS_CHARACTERS = 1500

_GREY = RGBColor(0x55, 0x55, 0x55)
_DARK = RGBColor(0x22, 0x22, 0x22)


class DeckError(ValueError):
    """A deck that cannot be made (no charts, an unreadable template); the message is Dutch."""


@dataclass(frozen=True)
class ChartExport:
    """One chart of the deck: the chart as the builder returned it (not `finish`ed), the frame
    it was drawn from, its export metadata, and the indicators it shows (for the definitions
    slide; default: the frame's `indicator_id` values)."""

    chart: alt.TopLevelMixin
    frame: pl.DataFrame
    meta: ExportMeta
    indicatoren: tuple[str, ...] = ()

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
    title_shape.left, title_shape.top = _pt(_MARGIN), _pt(_TITLE_TOP)
    title_shape.width, title_shape.height = _pt(SLIDE_WIDTH_PT - 2 * _MARGIN), _pt(_TITLE_HEIGHT)
    _set_text(title_shape.text_frame, title, 26, _DARK, bold=True)
    return slide


def _text_box(slide, left, top, width, height, text, size, colour=_DARK, name=None, space=0):
    box = slide.shapes.add_textbox(_pt(left), _pt(top), _pt(width), _pt(height))
    if name:
        box.name = name
    _set_text(box.text_frame, text, size, colour, space_after=space)
    return box


def _title_slide(prs, meta: ExportMeta, made_on: date) -> None:
    slide = _new_slide(prs, meta.titel, with_subtitle=True)
    title = slide.shapes.title
    title.top, title.height = _pt(150), _pt(90)
    _set_text(title.text_frame, meta.titel, 34, _DARK, bold=True, align=PP_ALIGN.CENTER)
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
    _set_text(subtitle.text_frame, "\n".join(lines), 18, _GREY, align=PP_ALIGN.CENTER)


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
        SLIDE_HEIGHT_PT - _FOOTNOTE_HEIGHT - 6,
        width,
        _FOOTNOTE_HEIGHT,
        item.meta.voetnoot,
        8,
        _GREY,
        name="Voetnoot",
    )


def _definitions(catalogue: pl.DataFrame, ids: Sequence[str]) -> list[dict]:
    wanted = set(ids)
    rows = catalogue.filter(pl.col("indicator_id").is_in(list(wanted)))
    if "volgorde" in rows.columns:
        rows = rows.sort("volgorde")
    return rows.to_dicts()


def _definition_slides(prs, definitions: list[dict]) -> None:
    pages: list[list[dict]] = []
    used = _DEFINITIONS_CHARACTERS
    for row in definitions:
        size = len(row["titel"]) + len(row["definitie"]) + 40
        if used + size > _DEFINITIONS_CHARACTERS:
            pages.append([])
            used = 0
        pages[-1].append(row)
        used += size
    for number, page in enumerate(pages, start=1):
        title = "Definities" if len(pages) == 1 else f"Definities ({number}/{len(pages)})"
        slide = _new_slide(prs, title)
        box = slide.shapes.add_textbox(
            _pt(_MARGIN), _pt(80), _pt(SLIDE_WIDTH_PT - 2 * _MARGIN), _pt(SLIDE_HEIGHT_PT - 110)
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
            body = frame.add_paragraph()
            run = body.add_run()
            run.text = row["definitie"]
            run.font.size, run.font.color.rgb = Pt(13), _DARK
            body.space_after = Pt(10)


def _closing_slide(prs, meta: ExportMeta) -> None:
    slide = _new_slide(prs, "Over de gegevens")
    bron = meta.bron
    drempels = bron.drempels
    lines = [
        f"{meta.voetnoot_regels[0]}",
        "Alleen geaggregeerde cijfers: niets is terug te voeren op een persoon, praktijk, "
        "specialist ouderengeneeskunde of koppel.",
    ]
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
    _text_box(
        slide,
        _MARGIN,
        80,
        SLIDE_WIDTH_PT - 2 * _MARGIN,
        SLIDE_HEIGHT_PT - 110,
        "\n".join(lines),
        14,
        name="Toelichting",
        space=6,
    )


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
) -> bytes:
    """Return the PowerPoint (.pptx bytes) of `charts` for the selection in `meta`.

    `meta.titel` is the report title; `catalogue` the published indicator_catalogue (default:
    the pipeline's catalogue); `template` a .pptx path or bytes (default: see the module
    docstring); `made_on` the date on the title slide (default today). Refuses an empty
    `charts` and an unreadable template with DeckError.
    """
    if not charts:
        raise DeckError("Geen grafieken om in het rapport op te nemen.")
    chosen = template if isinstance(template, bytes) else template_path(template)
    prs = _open(chosen)
    _title_slide(prs, meta, made_on or date.today())
    for item, png in zip(charts, _pictures(charts), strict=True):
        _chart_slide(prs, item, png)
    ids = list(dict.fromkeys(i for item in charts for i in item.indicator_ids))
    definitions = _definitions(catalogue if catalogue is not None else _code_catalogue(), ids)
    if definitions:
        _definition_slides(prs, definitions)
    _closing_slide(prs, meta)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
