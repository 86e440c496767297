"""Page rules that both front ends follow: which areas are compared, which benchmark line is
drawn, and which chart compares areas on an indicator."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from dashboard import charts, present
from dashboard import format as fmt
from dashboard.charts.spec import Chart
from dashboard.reports import Section, gecorrigeerd

#: The indicator drawn as a lollipop of days (a median has no interval).
WAITING_TIME = "wachttijd_opname"
#: More areas than this make the overview grid unreadable (and heavy): show a coarser level.
MAX_GRID_AREAS = 80
#: The levels areas are compared at, as a heading names them.
LEVEL_LABELS = {"wijk": "Wijken", "gemeente": "Gemeenten", "resv": "RESV's"}


def comparison_scope(area: Mapping) -> str | None:
    """The area whose wijken are compared with `area` (an `areas` row): none (the whole
    regio) for the regio, the gemeente of a wijk, else the area itself."""
    level = area["area_level"]
    if level == "regio":
        return None
    if level == "wijk":
        return area["gemeente_code"]
    return area["area_code"]


def gemeente_up(area: Mapping, areas: pl.DataFrame) -> Mapping:
    """The area a table published from the gemeente up shows for `area` (an `areas` row): the
    area itself, or for a wijk its gemeente (a wijk has too few practices and koppels)."""
    if area["area_level"] != "wijk":
        return area
    gemeenten = areas.filter(pl.col("area_code") == area["gemeente_code"])
    return gemeenten.row(0, named=True) if gemeenten.height else area


def reference_code(area: Mapping) -> str | None:
    """The benchmark area of `area` (an `areas` row) as INDICATORS.md sets it: a wijk or
    gemeente is compared with its RESV, a RESV with the regio; the regio has none."""
    level = area["area_level"]
    if level in ("wijk", "gemeente"):
        return area["resv_code"]
    if level == "resv":
        return area["parent_code"]
    return None


def trend_area_codes(area: Mapping, areas: pl.DataFrame) -> list[str]:
    """The areas a trend of `area` shows: the area, its benchmark and the regio (each once)."""
    regio = areas.filter(pl.col("area_level") == "regio").get_column("area_code").to_list()
    codes = [area["area_code"], reference_code(area), *regio]
    return [code for code in dict.fromkeys(codes) if code]


def grid_level(areas: pl.DataFrame, scope: str | None, scope_level: str) -> str:
    """The finest level whose areas inside ``scope`` still fit in one readable grid; the
    wijken of one gemeente always do."""
    if scope_level in ("gemeente", "wijk"):
        return "wijk"
    inside = (
        areas
        if scope is None
        else areas.filter(
            pl.any_horizontal(pl.col("area_code", "gemeente_code", "resv_code") == scope)
        )
    )
    for level in ("wijk", "gemeente"):
        if inside.filter(pl.col("area_level") == level).height <= MAX_GRID_AREAS:
            return level
    return "resv"


def level_noun(level: str) -> str:
    """One area of a level, as a sentence names it ("per gemeente")."""
    return {"wijk": "wijk", "gemeente": "gemeente", "resv": "RESV"}[level]


def benchmark_of(current: pl.DataFrame) -> str | None:
    """The benchmark area of an area's rows, as the pipeline published it
    (`indicator_values.benchmark_code`); None when the rows name none or several."""
    codes = current.get_column("benchmark_code").drop_nulls().unique().to_list()
    return codes[0] if len(codes) == 1 else None


def single_benchmark(frame: pl.DataFrame) -> tuple[str, float] | None:
    """The benchmark area and value when every area of `frame` shares one, as the pipeline
    published them (`benchmark_code`, `benchmark_value`), else None: areas of different
    RESVs have no one line to be drawn against."""
    pairs = frame.select("benchmark_code", "benchmark_value").drop_nulls().unique()
    if pairs.height == 1:
        return pairs.item(0, "benchmark_code"), float(pairs.item(0, "benchmark_value"))
    return None


def no_benchmark_text(frame: pl.DataFrame) -> str | None:
    """Why the areas of `frame` are drawn without a reference line, None when they have one
    (`single_benchmark`): they have different references, none at all (the regio), or their
    one reference has no published value (the period is incomplete, or it is suppressed)."""
    if single_benchmark(frame) is not None:
        return None
    codes = frame.get_column("benchmark_code").drop_nulls().unique()
    if codes.len() > 1:
        return (
            "Geen referentielijn: de gebieden hebben verschillende referenties (hun eigen "
            "RESV). Kies een RESV om de wijken met die RESV te vergelijken."
        )
    if codes.is_empty():
        return "Geen referentielijn: deze gebieden worden niet met een referentie vergeleken."
    if "periode_volledig" in frame.columns and not frame.get_column("periode_volledig").any():
        return (
            "Geen referentielijn: de periode is nog niet compleet; voorlopige cijfers worden "
            "niet met de referentie vergeleken."
        )
    return "Geen referentielijn: de waarde van de referentie is onderdrukt."


def chosen_code(area: Mapping, level: str) -> str | None:
    """The area marked in a comparison of areas of `level` when `area` (an `areas` row) is
    chosen: the area itself at its own level, its gemeente or RESV at theirs (a wijk chosen and
    gemeenten compared marks its gemeente), none at a finer level or for the regio."""
    if area["area_level"] == level:
        return area["area_code"]
    if area["area_level"] == "wijk" and level == "gemeente":
        return area["gemeente_code"]
    if area["area_level"] in ("wijk", "gemeente") and level == "resv":
        return area["resv_code"]
    return None


def comparison_chart(frame: pl.DataFrame, titel: str, gekozen: str | None = None) -> Chart:
    """The chart that compares areas on one indicator (rows of one indicator and period):
    the waiting time as a lollipop of days, any other indicator as bars with intervals; with
    the shared benchmark line when there is one, and the area `gekozen` marked."""
    first = frame.row(0, named=True)
    benchmark = single_benchmark(frame)
    value = benchmark[1] if benchmark else None
    if first["indicator_id"] == WAITING_TIME:
        return charts.wachttijd(frame, value, titel=titel, gekozen=gekozen)
    return charts.bar_with_intervals(
        frame,
        value,
        titel=titel,
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        gekozen=gekozen,
    )


def comparison_section(
    frame: pl.DataFrame, periode: str, gekozen: str | None = None, corrected: bool = True
) -> Section:
    """The areas compared on one indicator (`frame`: rows of one indicator and period), titled
    "<indicator>, <period>", the area `gekozen` marked — the Vergelijken page's first chart;
    with `corrected` the rates corrected for age and sex where published (`gecorrigeerd.apply`)."""
    frame = gecorrigeerd.apply(frame, corrected)
    first = frame.row(0, named=True)
    titel = f"{first['titel']}, {periode}"
    chart = comparison_chart(frame, titel, gekozen)
    return Section("vergelijk_staaf", titel, chart, frame, (first["indicator_id"],))


def trend_section(
    frame: pl.DataFrame, indicator_id: str, key: str, periode: str | None = None
) -> Section | None:
    """The trend lines of one indicator from `frame` (trend rows of one or more areas), one
    line per area; None when the indicator has no rows."""
    rows = frame.filter(pl.col("indicator_id") == indicator_id)
    if rows.is_empty():
        return None
    first = rows.row(0, named=True)
    chart = charts.trend_lines(
        rows,
        titel=first["titel"],
        eenheid=first["eenheid"],
        decimalen=int(first["decimalen"]),
        reeks="gebied",
    )
    return Section(key, first["titel"], chart, rows, (indicator_id,), periode)


def per_year_table(
    frame: pl.DataFrame,
    key: str,
    labels: Mapping[object, str],
    header: str,
    count: Callable[[Mapping], str],
    drempels: present.Drempels | None = None,
    absent: str = "0",
) -> pl.DataFrame:
    """Published rows of one area (`key` × jaar, each with `aandeel`) as a table of texts:
    one row per code of `labels` (in their order), the first column `header`, one column per
    year ("2026 t/m sep" for a year up to the peildatum). A cell is `count(row)` with the share
    after it; a suppressed cell says so and holds no number; a code without a row `absent`."""
    years = {row["jaar"]: present.row_period_text(row) for row in frame.sort("jaar").to_dicts()}
    cells = {(row[key], row["jaar"]): row for row in frame.to_dicts()}
    rows = []
    for code, label in labels.items():
        line = {header: label}
        for year, year_header in years.items():
            row = cells.get((code, year))
            if row is None:
                line[year_header] = absent
            elif row["suppressed"]:
                line[year_header] = present.suppressed_text(
                    row["suppression_reason"], drempels=present.Drempels.of_row(row) or drempels
                )
            elif row["aandeel"] is None:
                line[year_header] = count(row)
            else:
                line[year_header] = f"{count(row)} ({fmt.format_value(row['aandeel'], '%', 1)})"
        rows.append(line)
    return pl.DataFrame(rows)
