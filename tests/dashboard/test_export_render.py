"""A rendered check of the deck: LibreOffice turns it into a PDF and pdftoppm into PNGs.

Runs in CI (.ci/run installs LibreOffice and poppler); skipped only on a machine without
soffice when CI is not "true".
"""

import io
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from dashboard import data as published
from dashboard.export import region
from dashboard.export.deck import build_deck
from dashboard.export.meta import ExportMeta
from pipelines.publish import SCHEMA_VERSION
from tests.made_once import made_once_value

IN_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and not IN_CI,
    reason="LibreOffice (soffice) is not installed here; CI installs it",
)


@pytest.fixture(scope="module")
def rendered(published_db, tmp_path_factory):
    """The deck of two indicators for RESV02 in 2025, as PDF and as one PNG per page (made
    once per run: tests/made_once.py)."""
    for tool in ("soffice", "pdfinfo", "pdftoppm"):
        assert shutil.which(tool), f"{tool} ontbreekt; .ci/run installeert het"
    return made_once_value(
        tmp_path_factory, "export_render", lambda work: _render(published_db, work)
    )


def _render(published_db, work: Path) -> dict:
    con = published.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, "RESV02", "2025", ("crisisopnames", "elv_opnames"))
        items = region.region_charts(con, selection)
    finally:
        con.close()
    meta = ExportMeta("Rapport Synthetica Zuid", ("Synthetica Zuid",), "2025", selection.bron)
    deck = work / "rapport.pptx"
    deck.write_bytes(build_deck(items, meta, made_on=date(2026, 11, 23)))
    profile = (work / "profile").as_uri()  # own profile: parallel runs do not share a lock
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = work / "rapport.pdf"
    subprocess.run(
        ["pdftoppm", "-r", "36", "-png", str(pdf), str(work / "dia")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {
        "slides": 1 + len(items) + 1 + 1,
        "pdf": pdf,
        "pngs": sorted(work.glob("dia-*.png")),
    }


def _pdfinfo(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_pdf_has_one_page_per_slide(rendered):
    match = re.search(r"^Pages:\s+(\d+)$", _pdfinfo(rendered["pdf"]), re.MULTILINE)
    assert match is not None
    assert int(match.group(1)) == rendered["slides"] == 8


def test_pdf_pages_are_16_to_9_slides(rendered):
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", _pdfinfo(rendered["pdf"]), re.M)
    assert match is not None
    width, height = float(match.group(1)), float(match.group(2))
    assert width == pytest.approx(960, abs=0.5)
    assert height == pytest.approx(540, abs=0.5)


def test_every_page_renders_as_a_16_to_9_image_with_content(rendered):
    assert len(rendered["pngs"]) == rendered["slides"]
    for path in rendered["pngs"]:
        image = Image.open(io.BytesIO(path.read_bytes())).convert("L")
        # 960 × 540 pt at 36 dpi; LibreOffice rounds the width to 960,009 pt.
        assert image.size in ((480, 270), (481, 270)), path.name
        # Not a blank page: a slide with text or a chart has dark pixels.
        assert image.getextrema()[0] < 100, path.name


def _render_meeting(published_db, work: Path, *extra: str) -> dict:
    """The command line's deck for RESV02 in 2025, as PDF, with the box of every word
    LibreOffice laid out (pdftotext -bbox)."""
    from dashboard.export.__main__ import main

    for tool in ("soffice", "pdftotext"):
        assert shutil.which(tool), f"{tool} ontbreekt; .ci/run installeert het"
    args = ["--area", "RESV02", "--period", "2025", "--output", str(work), *extra]
    assert main([*args, "--db", str(published_db), "--formats", "pptx"]) == 0
    (deck,) = work.glob("*.pptx")
    profile = (work / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = deck.with_suffix(".pdf")
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return {"pdf": pdf, "pages": _words(html)}


@pytest.fixture(scope="module")
def meeting(published_db, tmp_path_factory):
    """The default deck (at most 20 slides)."""
    return made_once_value(
        tmp_path_factory, "meeting_render", lambda work: _render_meeting(published_db, work)
    )


@pytest.fixture(scope="module")
def meeting_everything(published_db, tmp_path_factory):
    """The deck with every chart (--alles): every chart title of the report is laid out."""
    return made_once_value(
        tmp_path_factory,
        "meeting_all",
        lambda work: _render_meeting(published_db, work, "--alles"),
    )


def _words(html: str) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, each word with its box (xMin, yMin, xMax, yMax) in points."""
    pages = []
    for page in re.split(r"<page ", html)[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        pages.append([(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in words])
    return pages


def test_the_meeting_deck_renders_at_most_20_pages(meeting):
    match = re.search(r"^Pages:\s+(\d+)$", _pdfinfo(meeting["pdf"]), re.MULTILINE)
    assert match is not None
    assert 4 <= int(match.group(1)) <= 20
    assert len(meeting["pages"]) == int(match.group(1))


def test_every_rendered_word_is_inside_its_page(meeting, meeting_everything):
    for number, words in enumerate(meeting["pages"] + meeting_everything["pages"], start=1):
        assert words, f"page {number} has no text"
        for word, x0, y0, x1, y1 in words:
            assert x0 >= 0 and y0 >= 0, (number, word)
            assert x1 <= 960.5 and y1 <= 540.5, (number, word)


def test_no_rendered_word_lies_on_another(meeting, meeting_everything):
    # A title wrapping over its subtitle, or a text running out of its box into the next one,
    # puts words on top of each other. The boxes pdftotext gives span the font's whole ascent
    # and descent, so two lines of one paragraph share a few points; a line drawn over another
    # shares far more than a third of its height.
    for number, words in enumerate(meeting["pages"] + meeting_everything["pages"], start=1):
        ordered = sorted(words, key=lambda w: w[2])
        for i, (word, x0, y0, x1, y1) in enumerate(ordered):
            for other, a0, b0, a1, b1 in ordered[i + 1 :]:
                if b0 >= y1 - 1:
                    break
                overlap_x = min(x1, a1) - max(x0, a0)
                overlap_y = min(y1, b1) - max(y0, b0)
                shared = overlap_y / min(y1 - y0, b1 - b0)
                assert overlap_x <= 1 or shared <= 1 / 3, (number, word, other)


def test_wat_valt_op_is_the_second_rendered_page(meeting):
    second = " ".join(word for word, *_ in meeting["pages"][1])
    assert second.startswith("Wat valt op")
