"""What a page shows, as data: one module per report, selection → sections (a chart with its
title, the frame it is drawn from and what it shows), free of Streamlit.

A page renders the sections (`dashboard/views`), the command line writes the same sections to
files and a deck (`dashboard/export`): a rule such as which wijken are compared or which
benchmark line is drawn is written here once.

The reports of Trends, Koppels and Opnames read what they need through a `Source`: the app
gives one backed by its caches (`views/_common.CachedSource`), the command line one backed by
`dashboard.data` on its own connection (`DataSource`). Both return the same frames.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

import duckdb
import polars as pl

from dashboard import data, present
from dashboard import format as fmt
from dashboard.charts.spec import Chart


@dataclass(frozen=True)
class Definitie:
    """What a section draws when it is not its catalogue indicator as published: a measure of
    its own under that indicator's id, defined here once (the report's constant), and read by
    the page's caption (`tekst`), the deck's Definities slide and the files of the section
    (`row`, in the catalogue's place), so that none of them quotes the catalogue's definition
    for a chart that shows something else. The fields are the catalogue's
    (`indicator_catalogue`)."""

    indicator_id: str
    titel: str
    definitie: str
    teller_definitie: str
    noemer_definitie: str
    eenheid: str

    def row(self) -> dict:
        """The definition as a row of `indicator_catalogue` (its text columns)."""
        return asdict(self)

    @property
    def tekst(self) -> str:
        """The definition as a page says it: title (with its unit, unless the title names
        it), definition, teller and noemer."""
        titel = self.titel if self.eenheid in self.titel else f"{self.titel} ({self.eenheid})"
        return (
            f"{titel}: {self.definitie} Teller: {self.teller_definitie}. "
            f"Noemer: {self.noemer_definitie}."
        )


@dataclass(frozen=True)
class Section:
    """One chart of a report: the chart (the builder's output), its title, the frame it was
    drawn from, the indicators it shows, when it is not the report's, its period text, and,
    where it draws a measure other than its catalogue indicator, that measure's `Definitie`
    (one per indicator id at most; it replaces the catalogue's definition of that id)."""

    key: str
    titel: str
    chart: Chart
    frame: pl.DataFrame
    indicatoren: tuple[str, ...] = ()
    periode: str | None = None
    definities: tuple[Definitie, ...] = ()


@dataclass(frozen=True)
class Text:
    """A text of a report between its charts; `kind` says how a page shows it
    (`subheader`, `caption` or `info`). Files leave texts out; slides name the charts."""

    kind: str
    tekst: str


@dataclass(frozen=True)
class Table:
    """A table of texts (no numbers to draw), shown on the page under `key`."""

    key: str
    frame: pl.DataFrame


@dataclass(frozen=True)
class Report:
    """A page's report: its title (the deck's), the areas and period it is about, and its
    items in page order."""

    titel: str
    gebieden: tuple[str, ...]
    periode: str
    items: list[Section | Text | Table] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        """The charts of the report, in page order."""
        return [item for item in self.items if isinstance(item, Section)]

    def onderwerpen(self) -> dict[str, str]:
        """Section key → what its file names start with: the indicators it shows (an empty
        text lets the file be named after the title), with the section's key added where two
        sections of the report would otherwise write the same file."""
        bases = {section.key: "_".join(section.indicatoren) for section in self.sections}
        counts = Counter(base for base in bases.values() if base)
        return {key: f"{base}-{key}" if counts[base] > 1 else base for key, base in bases.items()}


class Source(Protocol):
    """What a report reads from the published database (see `dashboard.data` for each)."""

    def build_info(self) -> dict: ...
    def catalogue(self) -> pl.DataFrame: ...
    def areas(self) -> pl.DataFrame: ...
    def periods(self) -> pl.DataFrame: ...
    def area_values(self, area_code: str, period_type: str) -> pl.DataFrame: ...
    def trend_values(
        self, indicator_ids: Sequence[str], area_codes: Sequence[str], period_type: str
    ) -> pl.DataFrame: ...
    def level_values(
        self, indicator_id: str, area_level: str, scope: str | None, period: str
    ) -> pl.DataFrame: ...
    def koppel_kenmerken(self, area_code: str) -> pl.DataFrame: ...
    def koppel_leercurve(self, area_codes: Sequence[str]) -> pl.DataFrame: ...
    def consulten_per_kenmerk(self, area_code: str, kenmerk: str) -> pl.DataFrame: ...
    def opnames_per_type(self, area_code: str, period_type: str) -> pl.DataFrame: ...
    def koppel_vergelijking(self, area_code: str) -> pl.DataFrame | None: ...
    def samenwerkingsfase(self, area_code: str) -> pl.DataFrame | None: ...
    def koppel_hulpvraag(self, area_code: str) -> pl.DataFrame | None: ...
    def funnel_limits(
        self, indicator_id: str, period: str, benchmark_code: str, standardised: bool = False
    ) -> pl.DataFrame | None: ...
    def wijk_geometry(self, scope: str | None) -> pl.DataFrame: ...
    def similar_areas(self, area_code: str) -> pl.DataFrame: ...
    def population(self, area_code: str, jaar: int) -> pl.DataFrame: ...


class DataSource:
    """A `Source` reading `dashboard.data` on one connection (the command line's)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def build_info(self) -> dict:
        return data.read_build_info(self.con)

    def catalogue(self) -> pl.DataFrame:
        return data.read_catalogue(self.con)

    def areas(self) -> pl.DataFrame:
        return data.read_areas(self.con)

    def periods(self) -> pl.DataFrame:
        return data.read_periods(self.con)

    def area_values(self, area_code, period_type) -> pl.DataFrame:
        return data.read_area_values(self.con, area_code, period_type)

    def trend_values(self, indicator_ids, area_codes, period_type) -> pl.DataFrame:
        return data.read_trend_values(self.con, indicator_ids, area_codes, period_type)

    def level_values(self, indicator_id, area_level, scope, period) -> pl.DataFrame:
        return data.read_grid_values(self.con, area_level, scope, period, indicator_id)

    def koppel_kenmerken(self, area_code) -> pl.DataFrame:
        return data.read_koppel_kenmerken(self.con, area_code)

    def koppel_leercurve(self, area_codes) -> pl.DataFrame:
        return data.read_koppel_leercurve(self.con, area_codes)

    def consulten_per_kenmerk(self, area_code, kenmerk) -> pl.DataFrame:
        return data.read_consulten_per_kenmerk(self.con, area_code, kenmerk)

    def opnames_per_type(self, area_code, period_type) -> pl.DataFrame:
        return data.read_opnames_per_type(self.con, area_code, period_type)

    def koppel_vergelijking(self, area_code) -> pl.DataFrame | None:
        return data.read_koppel_vergelijking(self.con, area_code)

    def samenwerkingsfase(self, area_code) -> pl.DataFrame | None:
        return data.read_samenwerkingsfase(self.con, area_code)

    def koppel_hulpvraag(self, area_code) -> pl.DataFrame | None:
        return data.read_koppel_hulpvraag(self.con, area_code)

    def funnel_limits(
        self, indicator_id, period, benchmark_code, standardised=False
    ) -> pl.DataFrame | None:
        return data.read_funnel_limits(self.con, indicator_id, period, benchmark_code, standardised)

    def wijk_geometry(self, scope) -> pl.DataFrame:
        return data.read_wijk_geometry(self.con, scope)

    def similar_areas(self, area_code) -> pl.DataFrame:
        return data.read_vergelijkbare_gebieden(self.con, area_code)

    def population(self, area_code, jaar) -> pl.DataFrame:
        return data.read_bevolking_geslacht(self.con, area_code, jaar)


def period_text(source: Source, period: str) -> str:
    """A published period as users read it: "2025", or "2026 t/m sep" while incomplete."""
    row = source.periods().filter(pl.col("period") == period)
    volledig = bool(row.item(0, "periode_volledig")) if row.height else True
    return present.period_text(period, volledig, source.build_info()["peildatum"])


def area_row(source: Source, area_code: str) -> dict:
    """The `areas` row of `area_code` (level, code, name, parents); KeyError when unknown."""
    rows = source.areas().filter(pl.col("area_code") == area_code)
    if rows.is_empty():
        raise KeyError(area_code)
    return rows.row(0, named=True)


def area_title(area: Mapping) -> str:
    """An area as a heading names it, in words rather than codes: "De hele regio",
    "RESV Synthetica Noord", "Gemeente Synthdam", "Wijk 03 Zuid, Synthveen"."""
    level = area["area_level"]
    if level == "regio":
        return "De hele regio"
    if level == "wijk":
        # Its name carries its gemeente already (`dashboard.data.with_gemeente`).
        return area["area_name"]
    return f"{fmt.label_for(fmt.AREA_LEVEL_LABELS, level)} {area['area_name']}"


def area_in_text(area: Mapping) -> str:
    """An area as a sentence names it: "de hele regio", "RESV Synthetica Noord", "gemeente
    Synthdam", "Wijk 03 Zuid, Synthveen"."""
    title = area_title(area)
    if area["area_level"] in ("regio", "gemeente"):
        return title[0].lower() + title[1:]
    return title


def region_name(areas: pl.DataFrame) -> str:
    """The region as users know it. The delivery names no region, only its RESVs, so the
    region is named after them: "de regio van Synthetica Noord en Synthetica Zuid"."""
    names = sorted(areas.filter(pl.col("area_level") == "resv").get_column("area_name"))
    if not names:
        return "de regio"
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
    return f"de regio van {listed}"


def incomplete_text(periode: str) -> str:
    """What an incomplete period means for its figures ("2026 t/m sep is nog niet compleet…")."""
    return (
        f"{periode} is nog niet compleet: de cijfers zijn voorlopig, worden niet vergeleken met "
        "de referentie en niet met een heel jaar."
    )
