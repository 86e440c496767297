"""One report, two front ends: for the same selection the page and `python -m dashboard.export`
draw the same chart from the same rows (`dashboard.reports`)."""

from __future__ import annotations

import pytest

from dashboard import data
from dashboard.export import region
from pipelines.publish import SCHEMA_VERSION
from tests.dashboard.conftest import chart_rows, chart_specs


def _without_data(node):
    """A spec without its data (the page sends named Arrow datasets, a file has them inline)
    and without Streamlit's own sizing of the chart to the page's width (`autosize`)."""
    if isinstance(node, dict):
        return {
            key: _without_data(value)
            for key, value in node.items()
            if key not in ("data", "datasets", "autosize")
        }
    if isinstance(node, list):
        return [_without_data(value) for value in node]
    return node


def _differences(page, file, path: str = "") -> list[str]:
    """The paths where two specs differ, with both values."""
    if isinstance(page, dict) and isinstance(file, dict):
        found = []
        for key in sorted(set(page) | set(file)):
            if key not in page or key not in file:
                found.append(f"{path}/{key}: only in the {'page' if key in page else 'file'}")
            else:
                found += _differences(page[key], file[key], f"{path}/{key}")
        return found
    if isinstance(page, list) and isinstance(file, list) and len(page) == len(file):
        return [
            d
            for i, pair in enumerate(zip(page, file, strict=True))
            for d in _differences(*pair, f"{path}[{i}]")
        ]
    return [] if page == file else [f"{path}: page {page!r} ≠ file {file!r}"]


def _small_wijk(open_db) -> tuple[str, str, str]:
    return open_db(
        "select w.area_code, w.area_name || ', ' || "
        "(select g.area_name from areas g where g.area_code = w.gemeente_code)"
        ", "
        "(select laatste_volledige_jaar::varchar from build_info) from areas w "
        "join indicator_values v on v.area_code = w.area_code "
        "where w.area_level = 'wijk' and v.suppressed "
        "and v.period = (select laatste_volledige_jaar::varchar from build_info) "
        "group by all order by count(*) desc, 1 limit 1"
    ).row(0)


def test_a_wijk_gets_the_same_wijkprofiel_on_the_page_and_from_the_command_line(
    open_page, open_db, published_db
):
    code, label, year = _small_wijk(open_db)
    at = open_page("wijkprofiel", wijk=label)
    page_spec = chart_specs(at)[0]
    page_rows = {
        (row["titel"], row["waarde_kort"]) for row in chart_rows(at, 0) if "waarde_kort" in row
    }

    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        items = region.region_charts(con, region.select(con, code, year))
    finally:
        con.close()
    profile = items[0]
    assert profile.meta.titel == page_spec["title"]["text"]
    file_spec = profile.chart.export()
    assert _differences(_without_data(page_spec), _without_data(file_spec)) == []
    file_rows = {
        (row["titel"], row["waarde_kort"])
        for rows in file_spec["datasets"].values()
        for row in rows
        if "waarde_kort" in row
    }
    assert file_rows == page_rows
    assert any(text.startswith("<") or "onderdrukt" in text for _, text in file_rows)


def test_a_gemeente_gets_the_same_overview_grid_on_the_page_and_from_the_command_line(
    open_page, open_db, published_db
):
    code, name = open_db(
        "select area_code, area_name from areas where area_level = 'gemeente' "
        "order by area_code limit 1"
    ).row(0)
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    at = open_page(gemeente=name)
    page_spec = chart_specs(at)[0]

    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        items = region.region_charts(con, region.select(con, code, year))
    finally:
        con.close()
    grid = items[0]
    assert grid.meta.titel == page_spec["title"]["text"] == f"Wijken × indicatoren, {year}"
    file_spec = grid.chart.export()
    assert _differences(_without_data(page_spec), _without_data(file_spec)) == []
    page_cells = {(r["gebied"], r["titel"], r["cel_tekst"]) for r in chart_rows(at, 0)}
    file_cells = {
        (r["gebied"], r["titel"], r["cel_tekst"])
        for rows in file_spec["datasets"].values()
        for r in rows
        if "cel_tekst" in r
    }
    assert file_cells == page_cells
    assert any(text == "onderdrukt" for *_, text in file_cells)


def test_the_wijken_compared_on_an_indicator_are_the_same_chart_on_both(
    open_page, open_db, published_db
):
    code, name = open_db(
        "select area_code, area_name from areas where area_level = 'gemeente' "
        "order by area_code limit 1"
    ).row(0)
    year = str(open_db("select laatste_volledige_jaar from build_info").item())
    at = open_page("vergelijken", gemeente=name)
    page_spec = chart_specs(at)[0]

    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        items = region.region_charts(con, region.select(con, code, year, ["so_bereik"]))
    finally:
        con.close()
    bars = next(item for item in items if item.meta.onderwerp == "so_bereik-wijken")
    file_spec = bars.chart.export()
    assert file_spec["title"]["text"] == page_spec["title"]["text"]
    assert _differences(_without_data(page_spec), _without_data(file_spec)) == []
    page_rows = {(r["gebied"], r["waarde_kort"]) for r in chart_rows(at, 0) if "waarde_kort" in r}
    file_rows = {
        (r["gebied"], r["waarde_kort"])
        for rows in file_spec["datasets"].values()
        for r in rows
        if "waarde_kort" in r
    }
    assert file_rows == page_rows


def _title(spec: dict) -> str:
    title = spec.get("title")
    return title.get("text") if isinstance(title, dict) else title


def _file_rows(spec: dict) -> list[dict]:
    """Every data row of an exported spec: its datasets and any inline `data.values`."""
    rows = [row for values in spec.get("datasets", {}).values() for row in values]

    def walk(node):
        if isinstance(node, dict):
            values = (
                node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            )
            if isinstance(values, list):
                rows.extend(row for row in values if isinstance(row, dict))
            for key, value in node.items():
                if key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return rows


def _texts(rows: list[dict], keys: set[str]) -> set[tuple]:
    """The text fields `keys` of each row (what a reader sees: labels, value texts, notes)."""
    return {
        tuple((key, row.get(key)) for key in sorted(keys))
        for row in rows
        if any(key in row for key in keys)
    }


def _text_keys(rows: list[dict]) -> set[str]:
    return {key for row in rows for key, value in row.items() if isinstance(value, str)}


PAGE_REPORTS = ("trends", "koppels", "opnames", "inzet", "vergelijken")


@pytest.mark.parametrize("page", PAGE_REPORTS)
def test_a_page_and_its_command_line_report_draw_the_same_charts_for_a_wijk_with_suppressed_cells(
    page, open_page, open_db, published_db
):
    code, label, year = _small_wijk(open_db)
    params: dict = {"wijk": label}
    ids: list[str] = []
    if page == "trends":
        catalogue = open_db("select indicator_id, titel from indicator_catalogue order by volgorde")
        ids = catalogue.get_column("indicator_id").to_list()
        params["indicatoren"] = catalogue.get_column("titel").to_list()
    if page == "vergelijken":
        # The indicator with the most suppressed wijken in the wijk's gemeente.
        ids, titel = open_db(
            "select v.indicator_id, c.titel from indicator_values v "
            "join indicator_catalogue c using (indicator_id) "
            "join areas a on a.area_code = v.area_code "
            "where v.area_level = 'wijk' and v.period = $year and a.gemeente_code = "
            "(select gemeente_code from areas where area_code = $code) "
            "group by all order by count(*) filter (where v.suppressed) desc, 1 limit 1",
            {"year": year, "code": code},
        ).row(0)
        ids = [ids]
        params["indicator"] = titel
    at = open_page(page, **params)
    page_specs = chart_specs(at)

    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, code, year, ids)
        report = region.page_report(con, selection, page)
        items = region.report_items(report, selection)
    finally:
        con.close()
    _assert_same_charts(at, page_specs, items, minimum=len(ids) or 3)


def _assert_same_charts(at, page_specs: list[dict], items, minimum: int = 3) -> None:
    """The page's charts and the command line's items are the same charts: titles, specs
    (without data), the text fields of their rows and the titles of their exports; and some
    cell of the selection is suppressed."""
    file_specs = [item.chart.export() for item in items]
    assert len(page_specs) >= minimum
    assert [_title(spec) for spec in page_specs] == [_title(spec) for spec in file_specs]
    for index, (page_spec, file_spec) in enumerate(zip(page_specs, file_specs, strict=True)):
        assert _differences(_without_data(page_spec), _without_data(file_spec)) == [], index
        page_rows, file_rows = chart_rows(at, index), _file_rows(file_spec)
        keys = _text_keys(page_rows) & _text_keys(file_rows)
        assert _texts(page_rows, keys) == _texts(file_rows, keys), index
    # The files the page offers are the files the command line writes: same title, areas, period.
    page_exports = [
        button.proto.help
        for button in at.get("download_button")
        if button.proto.help.endswith(" als PNG")
    ]
    assert page_exports == [f"{item.meta.titel} ({item.meta.ondertitel}) als PNG" for item in items]
    # The selection has suppressed cells, and they reach both front ends as suppressed.
    assert any(
        item.frame.get_column("suppressed").any()
        for item in items
        if "suppressed" in item.frame.columns
    )


@pytest.mark.parametrize("page", ["trends", "opnames"])
def test_a_gemeente_per_quarter_gets_the_same_charts_on_the_page_and_from_the_command_line(
    page, open_page, open_db, published_db
):
    code, name, quarter = open_db(
        "select v.area_code, v.area_name, (select max(period) from periods where "
        "period_type = 'kwartaal' and jaar = (select laatste_volledige_jaar from build_info)) "
        "from indicator_values v where v.area_level = 'gemeente' "
        "and v.period_type = 'kwartaal' group by all "
        "order by count(*) filter (where v.suppressed) desc, 1 limit 1"
    ).row(0)
    ids = ["crisisopnames", "so_consulten"] if page == "trends" else []
    params: dict = {"gemeente": name, "periodes": "Kwartalen"}
    if page == "trends":
        params["indicatoren"] = ["SO-contacten", "Crisisopnames"]
    at = open_page(page, **params)
    page_specs = chart_specs(at)

    con = data.open_published(published_db, SCHEMA_VERSION)
    try:
        selection = region.select(con, code, quarter, ids)
        report = region.page_report(con, selection, page)
        items = region.report_items(report, selection)
    finally:
        con.close()
    _assert_same_charts(at, page_specs, items, minimum=len(ids) or 3)
