"""What every export says about itself: title, subtitle (the selection), footnote, file name.

An `ExportMeta` rides along with a chart into every file made of it (PNG, SVG, CSV, XLSX and
the slides of the PowerPoint), so a chart pasted into someone else's presentation still says
what it shows, for which areas and period, from which build, and what was suppressed.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from dashboard.present import Drempels

#: Who delivered the data (docs/DATA_CONTRACT): the regional partners, processed by this project.
SOURCE_TEXT = (
    "Bron: aanleveringen van huisartsen(coöperaties), VVT-organisaties en zorgkantoor in de "
    "regio, bewerkt tot dashboard populatieverantwoordelijkheid HA/SO"
)
SYNTHETIC_TEXT = "Synthetische data: geen echte cliënten of zorgverleners."

#: File names stay short enough for every file system and mail client.
_MAX_NAME = 120


def _date_text(value: date | datetime | None) -> str:
    return "onbekend" if value is None else f"{value:%d-%m-%Y}"


@dataclass(frozen=True)
class Bron:
    """The facts of one published build that every footnote and the closing slide repeat."""

    gebouwd_op: datetime | date | None
    peildatum: date | None
    synthetisch: bool
    min_telling: int
    min_noemer: int
    min_koppels: int

    @property
    def drempels(self) -> Drempels:
        """The disclosure thresholds of the build (for `dashboard.present`)."""
        return Drempels(self.min_telling, self.min_noemer, self.min_koppels)

    @property
    def suppression_rule(self) -> str:
        """The disclosure rule in one Dutch sentence, with this build's thresholds."""
        return (
            f"Onderdrukt (“< {self.min_telling}” of “onderdrukt”): aantallen van 1 tot en met "
            f"{self.min_telling - 1} personen of gebeurtenissen, cijfers bij minder dan "
            f"{self.min_noemer} inwoners van 75 jaar en ouder, koppelcijfers van minder dan "
            f"{self.min_koppels} koppels, en cijfers waaruit een onderdrukt cijfer terug te "
            "rekenen zou zijn."
        )

    @property
    def build_text(self) -> str:
        """'Database gebouwd op …, gegevens tot en met …'."""
        return (
            f"Database gebouwd op {_date_text(self.gebouwd_op)}, gegevens tot en met "
            f"{_date_text(self.peildatum)}."
        )


def bron_from_build_info(info: Mapping) -> Bron:
    """Return the `Bron` of a `build_info` row (a dict as the published table holds it).

    Refuses a row without `built_at`, `synthetisch` or a threshold with ValueError naming the
    column.
    """
    for column in ("built_at", "synthetisch", "min_telling", "min_noemer", "min_koppels"):
        if column not in info:
            raise ValueError(f"build_info: kolom ontbreekt: {column}")
    return Bron(
        gebouwd_op=info["built_at"],
        peildatum=info.get("peildatum"),
        synthetisch=bool(info["synthetisch"]),
        **vars(Drempels.from_build_info(info)),
    )


def slug(text: str) -> str:
    """Return `text` as a file-name part: lower case, no accents, words joined by '-'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("+", "plus"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower(), flags=re.ASCII).strip("-")


@dataclass(frozen=True)
class ExportMeta:
    """Title, selection and source of one export (a chart, or a whole deck).

    `titel`: what the chart shows ("Bereik SO in de eerste lijn"); `gebieden`: the area names
    of the selection; `periode`: the period as users read it ("2025", "3e kwartaal 2025",
    "2020–2025"); `bron`: the build; `onderwerp`: what the file name starts with (an indicator
    id, or a short word such as "rapport"; default the title).
    """

    titel: str
    gebieden: tuple[str, ...]
    periode: str
    bron: Bron
    onderwerp: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.gebieden, str):
            object.__setattr__(self, "gebieden", (self.gebieden,))
        else:
            object.__setattr__(self, "gebieden", tuple(self.gebieden))
        if not self.titel.strip():
            raise ValueError("ExportMeta: titel is leeg")

    @property
    def selectie(self) -> str:
        """The areas of the selection as one text: "Synthdam, Synthveen en Synthrade"."""
        names = [name for name in self.gebieden if name]
        if not names:
            return "Hele regio"
        if len(names) == 1:
            return names[0]
        return f"{', '.join(names[:-1])} en {names[-1]}"

    @property
    def ondertitel(self) -> str:
        """The subtitle: the selection and the period, "Synthetica Noord · 2025"."""
        return " · ".join(part for part in (self.selectie, self.periode) if part)

    @property
    def voetnoot_regels(self) -> tuple[str, ...]:
        """The footnote as separate sentences: source and build, synthetic data, suppression."""
        lines = [f"{SOURCE_TEXT}. {self.bron.build_text}"]
        if self.bron.synthetisch:
            lines.append(SYNTHETIC_TEXT)
        lines.append(self.bron.suppression_rule)
        return tuple(lines)

    @property
    def voetnoot(self) -> str:
        """The footnote as one text (sentences separated by a space)."""
        return " ".join(self.voetnoot_regels)

    @property
    def bestandsnaam(self) -> str:
        """The file name without extension: what, where, when ("so-bereik_synthdam_2025").

        More than two areas are named by the first and a count ("synthdam-en-3-meer").
        """
        names = [slug(name) for name in self.gebieden if slug(name)]
        if len(names) > 2:
            area = f"{names[0]}-en-{len(names) - 1}-meer"
        else:
            area = "-".join(names) or "hele-regio"
        parts = [slug(self.onderwerp or self.titel), area, slug(self.periode)]
        return "_".join(part for part in parts if part)[:_MAX_NAME].strip("-_")

    def for_chart(self, titel: str, onderwerp: str = "") -> ExportMeta:
        """Return this selection and source with another title (and file-name subject)."""
        return replace(self, titel=titel, onderwerp=onderwerp)


def wrap_lines(lines: Sequence[str], width: int) -> list[str]:
    """Return `lines` wrapped at `width` characters (for text drawn without a layout engine)."""
    wrapped: list[str] = []
    for line in lines:
        wrapped.extend(textwrap.wrap(line, width=width) or [""])
    return wrapped
