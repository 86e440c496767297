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

IN_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None and not IN_CI,
    reason="LibreOffice (soffice) is not installed here; CI installs it",
)


@pytest.fixture(scope="module")
def rendered(published_db, tmp_path_factory):
    """The deck of two indicators for RESV02 in 2025, as PDF and as one PNG per page."""
    for tool in ("soffice", "pdfinfo", "pdftoppm"):
        assert shutil.which(tool), f"{tool} ontbreekt; .ci/run installeert het"
    work = tmp_path_factory.mktemp("export_render")
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
