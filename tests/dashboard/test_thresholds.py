"""The build's thresholds reach every text: after `--min-count 15 --min-koppels 5` no screen,
file or slide says "< 10" or "3 koppels", and "< 15" is what a small count shows."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export.__main__ import export_area
from pipelines.build import BuildSettings, build
from tests.dashboard.conftest import APP, SAMPLE_DATA, TIMEOUT, chart_rows
from tests.made_once import made_once

#: What a default build would write, and must not appear after a build with other thresholds.
DEFAULT_TEXTS = re.compile(r"<\s*10\b|\b3 koppels|minder dan 10\b|minder dan 3\b")


@pytest.fixture(scope="session")
def db_15(tmp_path_factory) -> Path:
    """A database built from sample_data with min_count 15 and min_koppels 5."""
    output = made_once(
        tmp_path_factory,
        "published_15",
        lambda folder: build(
            BuildSettings(input_dir=SAMPLE_DATA, output_dir=folder, min_count=15, min_koppels=5)
        ),
    )
    return output / "dashboard.duckdb"


def _one(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchone()
    finally:
        con.close()


def _small_wijk(db: Path) -> tuple[str, str]:
    """The wijk with the most rows suppressed for a small count in the last complete year."""
    return _one(
        db,
        "select w.area_code, w.area_name || ', ' || "
        "(select g.area_name from areas g where g.area_code = w.gemeente_code)"
        " from areas w "
        "join indicator_values v on v.area_code = w.area_code "
        "where w.area_level = 'wijk' and v.suppression_reason = 'primair' "
        "and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        "group by all order by count(*) desc, 1 limit 1",
    )


def screen_text(at: AppTest) -> str:
    """Every text of a page run: headings, markdown, captions, notices, tiles, tables, the
    options of the filters, and every chart's spec and data."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        parts += [str(element.value) for element in getattr(at, kind)]
    for metric in at.metric:
        parts += [metric.label, str(metric.value), str(metric.proto.delta), metric.proto.help]
    for table in at.dataframe:
        parts.append(table.value.to_csv())
    for box in at.selectbox:
        parts += [str(option) for option in box.options]
    for index, chart in enumerate(at.get("vega_lite_chart")):
        parts.append(chart.proto.spec)
        parts += [json.dumps(row, default=str) for row in chart_rows(at, index)]
    return "\n".join(parts)


def _page(db: Path, monkeypatch, page: str, **params: str) -> str:
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return screen_text(at)


def test_every_page_names_the_builds_thresholds(db_15, monkeypatch):
    _, wijk = _small_wijk(db_15)
    runs = {
        "overzicht": {},
        "overzicht wijk": {"wijk": wijk},
        "wijkprofiel": {"wijk": wijk},
        "vergelijken": {},
        "vergelijken wijken": {"wijk": wijk, "indicator": "Crisisopnames"},
        "trends": {"wijk": wijk},
        "koppels": {"wijk": wijk},
        "opnames": {"wijk": wijk},
        "indicatoren": {},
        "over_de_data": {},
    }
    texts = {}
    for name, params in runs.items():
        texts[name] = _page(db_15, monkeypatch, name.split()[0], **params)
        found = DEFAULT_TEXTS.findall(texts[name])
        assert found == [], f"{name}: {found}"
    everything = "\n".join(texts.values())
    assert "< 15" in everything
    assert "5 koppels" in everything


def _file_text(path: Path) -> str:
    """The text of an exported file: CSV and SVG as they are, xlsx and pptx from their XML."""
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig")
    if path.suffix == ".svg":
        xml = path.read_text(encoding="utf-8")
    else:
        with zipfile.ZipFile(path) as archive:
            xml = " ".join(
                archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return html.unescape(re.sub(r"<[^>]+>", " ", xml))


@pytest.mark.parametrize("area", ["REGIO", "wijk"])
def test_every_file_and_slide_names_the_builds_thresholds(db_15, tmp_path, area):
    year = str(_one(db_15, "select laatste_volledige_jaar from build_info")[0])
    code = _small_wijk(db_15)[0] if area == "wijk" else area
    written = export_area(
        db_15,
        code,
        year,
        tmp_path,
        formats=("pptx", "svg", "csv", "xlsx"),
        progress=lambda _: None,
    )
    texts = {path.name: _file_text(path) for path in written}
    for name, text in texts.items():
        found = DEFAULT_TEXTS.findall(text)
        assert found == [], f"{name}: {found}"
    assert any("< 15" in text for name, text in texts.items() if name.endswith(".csv"))
    assert any("< 15" in text for name, text in texts.items() if name.endswith(".svg"))
    deck = next(text for name, text in texts.items() if name.endswith(".pptx"))
    assert "< 15" in deck
    assert "5 koppels" in deck
