"""An attacker's model of published ``dashboard.duckdb`` files: every count in them as a cell
(known when published, unknown when suppressed or never shown) and every relation the tables
state between those cells, as linear equations and inequalities.

Written from the published schema and docs/architecture.md only; it does not import the
pipeline's disclosure code. Cell keys are tuples ``(release, name, area_code, time)``:

- ``release``: 0 for the newest database, 1, 2, ... for the previous ones given;
- ``name``: what is counted, e.g. ``teller:wlz_opnames``, ``noemer:crisisopnames``, ``pop75``,
  ``opname:ELV_HOOG``, ``kenmerk:uitvoerder_discipline:PA``, ``bevolking:80-84``,
  ``koppels``, ``koppels:werkt_in_his``, ``leercurve:clienten``;
- ``time``: a period (``'2025'``, ``'2025-Q3'``) or, for the learning curve, ``'k7'`` (the
  seventh quarter since a koppel started).

A difference between two releases is a cell too: ``(release, 'verschil', older_release, name,
area_code, time)``.

Standardised rates (issue 13): the events of a standardised indicator split over the eight 75+
age-sex strata are cells too (``stratum:<indicator>:<leeftijdsklasse>:<geslacht>``, never
published). Worst case, the attacker knows every stratum's exact population (given as
``strata_population``, read from the warehouse: nothing published gives it); then every
published ``std_value`` is a linear equation over its row's stratum counts, and its Dobson
limits give a second one (the variance Σ (w/n)² x). Without those populations the standardised
columns tell the attacker nothing linear and are not used.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

#: The published schema this attacker knows, table → columns. A database with another schema
#: (a column renamed, added or removed, a table added) is refused: the attacker would miss
#: a relation without saying so.
SCHEMA: dict[str, tuple[str, ...]] = {
    "indicator_values": (
        "indicator_id", "period", "period_type", "period_start", "periode_volledig",
        "area_level", "area_code", "area_name", "parent_code", "teller", "noemer",
        "value", "lower_95", "upper_95", "lower_998", "upper_998", "benchmark_code",
        "benchmark_value", "comparison", "trend", "std_value", "std_lower_95", "std_upper_95",
        "std_lower_998", "std_upper_998", "std_comparison", "suppressed", "suppression_reason",
    ),
    "indicator_catalogue": (
        "indicator_id", "volgorde", "titel", "definitie", "teller_definitie", "noemer_definitie",
        "eenheid", "methode", "polariteit", "bronnen", "waarom", "periode_types", "telt_in",
        "decimalen",
    ),
    "areas": (
        "area_level", "area_code", "area_name", "parent_code", "gemeente_code", "resv_code",
        "geometry",
    ),
    "build_info": (
        "built_at", "pipeline_version", "schema_version", "synthetisch",
        "data_start", "peildatum", "laatste_volledige_jaar", "min_telling", "min_noemer",
        "min_koppels",
    ),
    "build_inputs": (
        "file", "table_name", "format", "rows_read", "rows_loaded", "rows_quarantined",
    ),
    "quarantine_summary": ("file", "column_name", "reason", "rows"),
    "koppel_leercurve": (
        "area_level", "area_code", "kwartaal_sinds_start", "n_koppels", "contacten_per_koppel",
        "clienten_per_koppel", "suppressed", "suppression_reason",
    ),
    "koppel_kenmerken": (
        "area_level", "area_code", "jaar", "actieve_koppels", "aandeel_werkt_in_his",
        "aandeel_vast_overleg", "aandelen_onderdrukt", "suppressed", "suppression_reason",
    ),
    # Funnel limits rest on published benchmark values and the grid only: no count. The
    # standardised rows (`standardised`) likewise: their benchmark is a published std_value and
    # their grid rests on derived noemers (published teller × 1.000 ÷ published std_value).
    "funnel_limits": (
        "indicator_id", "period", "benchmark_code", "standardised", "benchmark_value", "noemer",
        "lower_95", "upper_95", "lower_998", "upper_998",
    ),
    "periods": ("period", "period_type", "jaar", "period_start", "period_end", "periode_volledig"),
    "opnames_per_type": (
        "area_level", "area_code", "period", "period_type", "periode_volledig", "opname_type",
        "aantal", "per_1000", "suppressed", "suppression_reason",
    ),
    "bevolking": ("area_level", "area_code", "jaar", "leeftijdsklasse", "inwoners", "suppressed"),
    "bevolking_geslacht": (
        "area_level", "area_code", "jaar", "leeftijdsklasse", "geslacht", "inwoners", "suppressed",
    ),
    "consulten_per_kenmerk": (
        "area_level", "area_code", "jaar", "kenmerk", "waarde", "contacten", "aandeel",
        "suppressed", "suppression_reason",
    ),
    # Area codes and ranks only, computed from published figures (docs/privacy.md): no count.
    "vergelijkbare_gebieden": ("area_level", "area_code", "rank", "similar_code", "kenmerken"),
    "koppel_vergelijking": (
        "area_level", "area_code", "jaar", "periode_volledig", "indicator_id", "groep", "teller",
        "noemer", "value", "lower_95", "upper_95", "lower_998", "upper_998", "difference",
        "difference_lower_95", "difference_upper_95", "p_value", "suppressed",
        "suppression_reason",
    ),
    "samenwerkingsfase": (
        "area_level", "area_code", "jaar", "fase", "praktijken", "ingeschreven_75plus",
        "aandeel_75plus", "suppressed", "suppression_reason",
    ),
    "koppel_hulpvraag": (
        "area_level", "area_code", "koppeljaar", "hulpvraag", "contacten", "aandeel",
        "suppressed", "suppression_reason",
    ),
}  # fmt: skip
SCHEMA_VERSION = 10

#: Suppression reasons per table; another reason is refused (its range would be unknown).
REASONS: dict[str, set[str | None]] = {
    # te_weinig_koppels / te_weinig_praktijken / onderdrukt state no range (≥ 0).
    "indicator_values": {
        None,
        "primair",
        "secundair",
        "kleine_noemer",
        "te_weinig_koppels",
        "te_weinig_praktijken",
        "onderdrukt",
    },
    "opnames_per_type": {None, "primair", "secundair", "kleine_noemer", "onderdrukt"},
    "consulten_per_kenmerk": {None, "primair", "secundair", "onderdrukt"},
    "koppel_kenmerken": {None, "te_weinig_koppels", "secundair", "onderdrukt"},
    "koppel_leercurve": {None, "primair", "secundair", "te_weinig_koppels", "onderdrukt"},
    # A proportion's primair says only that the teller or the rest is small; te_weinig_* counts
    # practices, which are no cell here: none of these states a range of a cell.
    "koppel_vergelijking": {
        None,
        "primair",
        "secundair",
        "te_weinig_koppels",
        "te_weinig_praktijken",
        "onderdrukt",
    },
    # primair: the stage's listed 75-plussers are 1..min_telling−1; te_weinig_praktijken: its
    # practices are 1..min_koppels−1.
    "samenwerkingsfase": {None, "primair", "secundair", "te_weinig_praktijken", "onderdrukt"},
    # primair: the contacts are 1..min_telling−1; te_weinig_koppels counts koppels, no cell.
    "koppel_hulpvraag": {None, "primair", "secundair", "te_weinig_koppels", "onderdrukt"},
}

#: Indicators whose noemer is the inhabitants 75+ of the year (``pop75``), and how each
#: counts in the teller. ``so_directe_tijd`` has hours as teller: not a count, left out.
RATE_NOEMER = (
    "so_bereik",
    "so_consulten",
    "so_directe_tijd",
    "zorgtraject_clienten",
    "wlz_opnames",
    "elv_opnames",
)
NOT_A_COUNT = {
    ("teller", "so_directe_tijd"),
    ("teller", "wachttijd_opname"),
    ("teller", "dagen_tot_so_contact"),
}
#: Every indicator this attacker knows the relations of (relate_indicator_identities); a
#: release with another indicator is refused: its equations with the others would be missed.
INDICATORS = (
    *RATE_NOEMER,
    "koppeldekking",
    "consulten_binnen_koppel",
    "inzet_vs_pa",
    "crisisopnames",
    "so_voor_opname",
    "crisis_zonder_so",
    "opname_via_ziekenhuis",
    "wachttijd_opname",
    "dagen_tot_so_contact",
)
#: The 75+ age classes of ``bevolking`` (their sum is the rate noemer).
CLASSES_75PLUS = ("75-79", "80-84", "85-89", "90+")
#: The standardised indicators and the standard population of their strata (ESP 2013 for the
#: 75+ bands, split equally over the sexes), as docs/architecture.md states them.
STANDARDISED = ("so_bereik", "so_consulten", "zorgtraject_clienten", "wlz_opnames", "elv_opnames")
STANDARD_WEIGHTS = {
    (klasse, sex): weight / 2
    for klasse, weight in (("75-79", 4000), ("80-84", 2500), ("85-89", 1500), ("90+", 1000))
    for sex in ("M", "V")
}
#: Koppel properties published as shares of the active koppels (``aandeel_<property>``).
KOPPEL_PROPERTIES = ("werkt_in_his", "vast_overleg")
ELV_TYPES = ("ELV_LAAG", "ELV_HOOG", "ELV_PALLIATIEF")
#: Names counted over a period (a year is the sum of its quarters, a later release adds the
#: months in between); every other name is a state on a day (population, koppels on 1 July).
STATE_NAMES = (
    "pop75",
    "bevolking:",
    "koppels",
    "noemer:koppeldekking",
    "teller:koppeldekking",
    "rest:koppeldekking",
    "fase:",
    *(f"noemer:{ind}" for ind in RATE_NOEMER),
    # The koppel comparison's rate: listed 75-plussers of practices with/without a koppel.
    "koppelvgl:met_koppel:noemer:wlz_opnames",
    "koppelvgl:zonder_koppel:noemer:wlz_opnames",
)
#: Values are doubles computed from integers: a derived count further than this from an
#: integer means a wrong relation, not rounding.
INTEGER_TOLERANCE = 1e-6


def is_flow(name: str) -> bool:
    return not name.startswith(STATE_NAMES)


@dataclass
class Cell:
    """One whole count ≥ 0 (a revision's difference may be negative). ``value`` is set when
    published; ``lower``/``upper`` are what the labels say; ``threshold``: a true value of
    1..threshold−1 must not be pinned (min_telling, or min_koppels for koppel counts; 0 for a
    difference of states, which is not judged)."""

    key: tuple
    table: str
    value: float | None = None
    lower: float = 0.0
    upper: float = math.inf
    threshold: int = 0
    reason: str | None = None
    suppressed: bool = False


@dataclass
class Relation:
    """``Σ coefficient × cell  (= or ≤)  constant``, with the kind of relation that stated it."""

    kind: str
    terms: dict[tuple, float]
    constant: float = 0.0
    sense: str = "="


@dataclass
class Release:
    """One published database as the attacker reads it."""

    index: int
    path: Path
    min_telling: int
    min_noemer: int
    min_koppels: int
    peildatum: date
    data_start: date
    tables: dict[str, list[dict]]
    parent: dict[str, str | None]  # area_code → parent_code
    fraction: dict[str, float]  # period → jaarfractie
    complete: dict[str, bool]  # period → periode_volledig
    quarters: dict[str, list[str]]  # year → its quarters, when they cover the year's data
    dropped: list[str] = field(default_factory=list)  # rows contradicting others, left out
    #: (area_code, jaar, leeftijdsklasse, geslacht) → inhabitants, when the attacker knows them
    strata_population: dict[tuple, float] | None = None


@dataclass
class System:
    cells: dict[tuple, Cell] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def add(self, cell: Cell) -> Cell:
        if cell.key in self.cells:
            raise ValueError(f"cell {cell.key} stated twice")
        self.cells[cell.key] = cell
        return cell

    def relate(self, kind: str, terms: dict[tuple, float], constant=0.0, sense="=") -> None:
        missing = [k for k in terms if k not in self.cells]
        if missing:
            raise KeyError(f"{kind}: no cell {missing[0]}")
        self.relations.append(Relation(kind, dict(terms), constant, sense))

    def known(self, key: tuple, value: float, kind: str) -> None:
        """A value a derived column gives away: a relation ``cell = value``."""
        self.relate(kind, {key: 1.0}, _whole(value, f"{kind} {key}"))


def _whole(value: float, what: str) -> float:
    rounded = round(value)
    if abs(value - rounded) > INTEGER_TOLERANCE * max(1.0, abs(value)):
        raise ValueError(f"{what}: {value} is not a whole count (a wrong relation)")
    return float(rounded)


# ---------------------------------------------------------------------------------------------
# Reading a release


def read_release(path: Path | str, index: int = 0) -> Release:
    """Read one published database; refuses a schema or reason this attacker does not know."""
    path = Path(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {name for (name,) in con.execute("show tables").fetchall()}
        if tables != set(SCHEMA):
            raise ValueError(
                f"{path}: unknown published tables {sorted(tables ^ set(SCHEMA))}; "
                "teach the attacker their relations first"
            )
        rows: dict[str, list[dict]] = {}
        for table, columns in SCHEMA.items():
            present = tuple(r[0] for r in con.execute(f'describe "{table}"').fetchall())
            if present != columns:
                raise ValueError(f"{path}: {table} has columns {present}, expected {columns}")
            rows[table] = con.sql(f'select * from "{table}"').pl().to_dicts()
    finally:
        con.close()
    info = rows["build_info"][0]
    if info["schema_version"] != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema_version {info['schema_version']} is unknown")
    unknown = {c["indicator_id"] for c in rows["indicator_catalogue"]} - set(INDICATORS)
    if unknown:
        raise ValueError(
            f"{path}: unknown indicators {sorted(unknown)}; teach the attacker their relations"
        )
    for table, reasons in REASONS.items():
        seen = {r["suppression_reason"] for r in rows[table]}
        if seen - reasons:
            raise ValueError(f"{path}: {table} has unknown reasons {sorted(seen - reasons)}")
    peildatum, data_start = info["peildatum"], info["data_start"]
    fraction, complete, quarters = {}, {}, defaultdict(list)
    for p in rows["periods"]:
        first, last = max(p["period_start"], data_start), min(p["period_end"], peildatum)
        days_in_year = (date(p["jaar"], 12, 31) - date(p["jaar"], 1, 1)).days + 1
        fraction[p["period"]] = max((last - first).days + 1, 0) / days_in_year
        complete[p["period"]] = p["periode_volledig"]
        if p["period_type"] == "kwartaal":
            quarters[str(p["jaar"])].append(p["period"])
    covered = {
        year: sorted(qs)
        for year, qs in quarters.items()
        if abs(sum(fraction[q] for q in qs) - fraction.get(year, -1)) < 1e-9
    }
    release = Release(
        index=index,
        path=path,
        min_telling=info["min_telling"],
        min_noemer=info["min_noemer"],
        min_koppels=info["min_koppels"],
        peildatum=peildatum,
        data_start=data_start,
        tables=rows,
        parent={a["area_code"]: a["parent_code"] for a in rows["areas"]},
        fraction=fraction,
        complete=complete,
        quarters=covered,
    )
    drop_empty_kenmerk_rows(release)
    return release


def drop_empty_kenmerk_rows(release: Release) -> None:
    """Leave out ``consulten_per_kenmerk`` rows of an area-year whose published contacts are
    all 0 (``aandeel`` empty: a total of 0) while ``so_consulten`` publishes contacts there:
    the table contradicts itself (the regio rows of issue 11), and an equation through them
    would be wrong."""
    totals = {
        (row["area_code"], row["period"]): row["teller"]
        for row in release.tables["indicator_values"]
        if row["indicator_id"] == "so_consulten" and row["period_type"] == "jaar"
    }
    published: dict[tuple, list[int | None]] = defaultdict(list)
    for row in release.tables["consulten_per_kenmerk"]:
        published[(row["area_code"], str(row["jaar"]))].append(row["contacten"])
    empty = {
        key
        for key, counts in published.items()
        if all(c == 0 for c in counts) and (totals.get(key) or 0) > 0
    }
    if empty:
        release.tables["consulten_per_kenmerk"] = [
            row
            for row in release.tables["consulten_per_kenmerk"]
            if (row["area_code"], str(row["jaar"])) not in empty
        ]
        release.dropped += [f"consulten_per_kenmerk {a} {y}: 0 contacts" for a, y in sorted(empty)]


# ---------------------------------------------------------------------------------------------
# Cells: every count of every table, published or not


def _year(period: str) -> str:
    return period[:4]


def read_strata_population(warehouse: Path | str, release: Release) -> dict[tuple, float]:
    """The worst case: the exact population of every 75+ age-sex stratum of every area and
    year (the warehouse's ``bevolking_strata``, summed up ``release``'s area tree)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            "select wijk_code, cast(jaar as varchar), leeftijdsklasse, geslacht, inwoners "
            "from bevolking_strata"
        ).fetchall()
    finally:
        con.close()
    population: dict[tuple, float] = defaultdict(float)
    for wijk, jaar, klasse, sex, inwoners in rows:
        area = wijk
        while area is not None:
            population[(area, jaar, klasse, sex)] += inwoners
            area = release.parent.get(area)
    return dict(population)


def _stratum(ind: str, klasse: str, sex: str) -> str:
    return f"stratum:{ind}:{klasse}:{sex}"


def cells_strata(system: System, release: Release) -> None:
    """The hidden stratum counts of every row of a standardised indicator (only when the
    attacker knows the stratum populations)."""
    if release.strata_population is None:
        return
    for row in release.tables["indicator_values"]:
        if row["indicator_id"] not in STANDARDISED:
            continue
        for klasse, sex in STANDARD_WEIGHTS:
            system.add(
                Cell(
                    (release.index, _stratum(row["indicator_id"], klasse, sex), row["area_code"],
                     row["period"]),
                    "indicator_values:strata",
                    threshold=release.min_telling,
                )
            )  # fmt: skip


def _byar_upper(count: float, confidence: float = 0.95) -> float:
    """Byar's upper limit of a Poisson count (the published limits use it from 10 events)."""
    z = statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    return (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3


def relate_strata(system: System, release: Release) -> None:
    """The strata add up to the row's teller; a published ``std_value`` is
    Σ w/(n × jaarfractie) × x = std_value × Σw / 1.000 over the strata, and its upper 95 %
    limit gives the variance: Σ (w/(n × jaarfractie))² x = var × (Σw)², with
    var = O × ((upper − value) / ((O_upper − O) × 1.000))² (Dobson, O = the teller ≥ 10)."""
    if release.strata_population is None:
        return
    r, total = release.index, sum(STANDARD_WEIGHTS.values())
    for row in release.tables["indicator_values"]:
        ind, area, period = row["indicator_id"], row["area_code"], row["period"]
        if ind not in STANDARDISED:
            continue
        strata = {s: (r, _stratum(ind, *s), area, period) for s in STANDARD_WEIGHTS}
        system.relate(
            "strata=teller",
            {(r, f"teller:{ind}", area, period): 1.0} | {k: -1.0 for k in strata.values()},
        )
        value, upper, count = row["std_value"], row["std_upper_95"], row["teller"]
        if value is None:
            continue
        ratio = {}
        for (klasse, sex), key in strata.items():
            people = release.strata_population.get((area, _year(period), klasse, sex), 0.0)
            years = people * release.fraction[period]
            if years > 0:
                ratio[key] = STANDARD_WEIGHTS[(klasse, sex)] / years
            else:  # a stratum without inhabitants has no events where the rate is published
                system.relate("std_leeg_stratum", {key: 1.0})
        scale = max(ratio.values())
        system.relate(
            "std_waarde",
            {k: a / scale for k, a in ratio.items()},
            value * total / 1000.0 / scale,
        )
        if upper is not None and count:
            variance = count * ((upper - value) / ((_byar_upper(count) - count) * 1000.0)) ** 2
            system.relate(
                "std_variantie",
                {k: (a / scale) ** 2 for k, a in ratio.items()},
                variance * total**2 / scale**2,
            )


def cells_indicator_values(system: System, release: Release) -> None:
    """Teller (``teller``) and noemer (``noemer``) of every indicator row, and for a
    proportion the persons or events outside the teller (``rest``: noemer −
    teller, protected like the teller)."""
    r = release.index
    methods = {c["indicator_id"]: c["methode"] for c in release.tables["indicator_catalogue"]}
    for row in release.tables["indicator_values"]:
        ind = row["indicator_id"]
        rest = None
        if row["teller"] is not None and row["noemer"] is not None:
            rest = row["noemer"] - row["teller"]
        for part, value in (
            ("teller", row["teller"]),
            ("noemer", row["noemer"]),
            *((("rest", rest),) if methods[ind] == "proportion" else ()),
        ):
            if (part, ind) not in NOT_A_COUNT:
                system.add(
                    Cell(
                        (r, f"{part}:{ind}", row["area_code"], row["period"]),
                        "indicator_values",
                        value=value,
                        threshold=release.min_telling,
                        reason=row["suppression_reason"],
                        suppressed=row["suppressed"],
                    )
                )


def cells_population(system: System, release: Release) -> None:
    """The inhabitants 75+ of every area and year (the rate noemer): never a column of
    its own, read from the rates, ``bevolking`` and ``per_1000``."""
    years = {str(p["jaar"]) for p in release.tables["periods"]}
    for area in release.parent:
        for year in years:
            system.add(
                Cell(
                    (release.index, "pop75", area, year),
                    "inwoners_75plus",
                    threshold=release.min_telling,
                )
            )


def cells_opnames_per_type(system: System, release: Release) -> None:
    for row in release.tables["opnames_per_type"]:
        key = (release.index, f"opname:{row['opname_type']}", row["area_code"], row["period"])
        system.add(
            Cell(
                key,
                "opnames_per_type",
                value=row["aantal"],
                threshold=release.min_telling,
                reason=row["suppression_reason"],
                suppressed=row["suppressed"],
            )
        )


def cells_consulten_per_kenmerk(system: System, release: Release) -> None:
    for row in release.tables["consulten_per_kenmerk"]:
        name = f"kenmerk:{row['kenmerk']}:{row['waarde']}"
        key = (release.index, name, row["area_code"], str(row["jaar"]))
        system.add(
            Cell(
                key,
                "consulten_per_kenmerk",
                value=row["contacten"],
                threshold=release.min_telling,
                reason=row["suppression_reason"],
                suppressed=row["suppressed"],
            )
        )


def cells_bevolking(system: System, release: Release) -> None:
    for row in release.tables["bevolking"]:
        key = (
            release.index,
            f"bevolking:{row['leeftijdsklasse']}",
            row["area_code"],
            str(row["jaar"]),
        )
        value = None if row["inwoners"] is None else float(row["inwoners"])
        system.add(
            Cell(
                key,
                "bevolking",
                value=value,
                threshold=release.min_telling,
                suppressed=row["suppressed"],
            )
        )


def cells_bevolking_geslacht(system: System, release: Release) -> None:
    for row in release.tables["bevolking_geslacht"]:
        key = (
            release.index,
            f"bevolking:{row['leeftijdsklasse']}:{row['geslacht']}",
            row["area_code"],
            str(row["jaar"]),
        )
        value = None if row["inwoners"] is None else float(row["inwoners"])
        system.add(
            Cell(
                key,
                "bevolking_geslacht",
                value=value,
                threshold=release.min_telling,
                suppressed=row["suppressed"],
            )
        )


def cells_koppel_kenmerken(system: System, release: Release) -> None:
    """Active koppels, and the koppels working in the HIS / with fixed consultations and the
    others: those four are never columns, only shares of the first (a group of 1..2 koppels
    with or without a property is as small as 1..2 koppels)."""
    for row in release.tables["koppel_kenmerken"]:
        area, year = row["area_code"], str(row["jaar"])
        for name, value in (
            ("koppels", row["actieve_koppels"]),
            *((f"koppels:{p}", None) for p in KOPPEL_PROPERTIES),
            *((f"koppels:niet_{p}", None) for p in KOPPEL_PROPERTIES),
        ):
            system.add(
                Cell(
                    (release.index, name, area, year),
                    "koppel_kenmerken",
                    value=value,
                    threshold=release.min_koppels,
                    reason=row["suppression_reason"],
                    suppressed=row["suppressed"] and name == "koppels",
                )
            )


def cells_koppel_leercurve(system: System, release: Release) -> None:
    """Koppels per quarter since their start, and their contacts and clients (published only
    per koppel)."""
    for row in release.tables["koppel_leercurve"]:
        time = f"k{row['kwartaal_sinds_start']}"
        for name, value, threshold in (
            ("leercurve:n_koppels", row["n_koppels"], release.min_koppels),
            ("leercurve:contacten", None, release.min_telling),
            ("leercurve:clienten", None, release.min_telling),
        ):
            system.add(
                Cell(
                    (release.index, name, row["area_code"], time),
                    "koppel_leercurve",
                    value=value,
                    threshold=threshold,
                    reason=row["suppression_reason"],
                    suppressed=row["suppressed"],
                )
            )


def _fase(part: str, fase) -> str:
    return f"fase:{part}:{fase}"


def cells_samenwerkingsfase(system: System, release: Release) -> None:
    """Per row the stage's practices (``fase:praktijken:<fase>``, judged like koppels: a stage
    of 1..min_koppels−1 practices must not be pinned) and their listed 75-plussers
    (``fase:ingeschreven:<fase>``); per area and year all listed 75-plussers
    (``fase:ingeschreven:totaal``, never a column: the sum of the stages, and what a share
    gives away)."""
    r = release.index
    pairs = set()
    for row in release.tables["samenwerkingsfase"]:
        area, year = row["area_code"], str(row["jaar"])
        pairs.add((area, year))
        for part, value, threshold in (
            ("praktijken", row["praktijken"], release.min_koppels),
            ("ingeschreven", row["ingeschreven_75plus"], release.min_telling),
        ):
            system.add(
                Cell(
                    (r, _fase(part, row["fase"]), area, year),
                    "samenwerkingsfase",
                    value=None if value is None else float(value),
                    threshold=threshold,
                    reason=row["suppression_reason"],
                    suppressed=row["suppressed"],
                )
            )
    for area, year in sorted(pairs):
        system.add(
            Cell(
                (r, _fase("ingeschreven", "totaal"), area, year),
                "samenwerkingsfase:totaal",
                threshold=release.min_telling,
            )
        )


def _koppeljaar(jaar, hulpvraag: str) -> str:
    return f"koppeljaar:{jaar}:{hulpvraag}"


def cells_koppel_hulpvraag(system: System, release: Release) -> None:
    """Per row the contacts of a koppeljaar and hulpvraag; per area and koppeljaar all its
    contacts (``koppeljaar:<j>:totaal``, never a column: the sum of the questions, what a
    share gives away, and the learning curve's contacts of the koppeljaar's quarters). The
    time of a cell is ``'-'``: a koppeljaar spans calendar years."""
    r = release.index
    pairs = set()
    for row in release.tables["koppel_hulpvraag"]:
        pairs.add((row["area_code"], row["koppeljaar"]))
        system.add(
            Cell(
                (r, _koppeljaar(row["koppeljaar"], row["hulpvraag"]), row["area_code"], "-"),
                "koppel_hulpvraag",
                value=None if row["contacten"] is None else float(row["contacten"]),
                threshold=release.min_telling,
                reason=row["suppression_reason"],
                suppressed=row["suppressed"],
            )
        )
    for area, jaar in sorted(pairs):
        system.add(
            Cell(
                (r, _koppeljaar(jaar, "totaal"), area, "-"),
                "koppel_hulpvraag:totaal",
                threshold=release.min_telling,
            )
        )


# ---------------------------------------------------------------------------------------------
# Relations: one function per kind


def _by(system: System, release: Release, group) -> dict:
    """Cells of one release grouped by ``group(key)``."""
    groups: dict = defaultdict(dict)
    for key in system.cells:
        if key[0] == release.index and key[1] != "verschil":
            groups[group(key)][key] = system.cells[key]
    return groups


def relate_area_sums(system: System, release: Release) -> None:
    """Every parent area is the sum of its children (wijk → gemeente → resv → regio), for every
    count and time. A child without a row counts 0 (the learning curve lists only areas with
    koppels)."""
    children: dict[str, list[str]] = defaultdict(list)
    for area, parent in release.parent.items():
        if parent is not None:
            children[parent].append(area)
    for cells in _by(system, release, lambda k: (k[1], k[3])).values():
        areas = {key[2]: key for key in cells}
        for parent, kids in children.items():
            present = [areas[k] for k in kids if k in areas]
            if parent in areas and present:
                terms = {areas[parent]: 1.0} | {k: -1.0 for k in present}
                system.relate("gebieden", terms)


def relate_quarter_sums(system: System, release: Release) -> None:
    """A year of a count over time is the sum of its quarters (when the quarters cover the
    year's data)."""
    r = release.index
    for (name, area), cells in _by(system, release, lambda k: (k[1], k[2])).items():
        if not is_flow(name):
            continue
        for year, quarters in release.quarters.items():
            keys = [(r, name, area, q) for q in quarters]
            if (r, name, area, year) in cells and all(k in cells for k in keys):
                system.relate("kwartalen", {(r, name, area, year): 1.0} | {k: -1.0 for k in keys})


def _relate_if_present(system: System, kind: str, terms: dict, sense: str = "=") -> None:
    if all(k in system.cells for k in terms):
        system.relate(kind, terms, sense=sense)


def relate_indicator_identities(system: System, release: Release) -> None:
    """Counts that two indicators share, per area and period, and counts that are subsets of
    others (``≤``)."""
    r = release.index
    proportions = [
        c["indicator_id"]
        for c in release.tables["indicator_catalogue"]
        if c["methode"] == "proportion"
    ]
    for area, time in {(k[2], k[3]) for k in system.cells if k[0] == r and k[1] != "verschil"}:

        def c(name: str, area=area, time=time) -> tuple:
            return (r, name, area, time)

        wlz, elv, consulten = (
            c("teller:wlz_opnames"),
            c("teller:elv_opnames"),
            c("teller:so_consulten"),
        )
        _relate_if_present(system, "wlz=crisis_noemer", {wlz: 1, c("noemer:crisisopnames"): -1})
        # Crisis admissions without an SO contact are a part of all crisis admissions.
        _relate_if_present(
            system,
            "crisis=crisis_zonder_so_noemer",
            {c("teller:crisisopnames"): 1, c("noemer:crisis_zonder_so"): -1},
        )
        for ind in ("consulten_binnen_koppel", "inzet_vs_pa"):
            _relate_if_present(
                system, f"consulten={ind}_noemer", {consulten: 1, c(f"noemer:{ind}"): -1}
            )
        _relate_if_present(
            system,
            "wlz+elv=ziekenhuis_noemer",
            {wlz: 1, elv: 1, c("noemer:opname_via_ziekenhuis"): -1},
        )
        for ind in RATE_NOEMER:
            _relate_if_present(
                system,
                "noemer_75plus",
                {c(f"noemer:{ind}"): 1, (r, "pop75", area, _year(time)): -1},
            )
        # A proportion's teller and the rest add up to its noemer. Subsets:
        # admissions from home ≤ Wlz admissions; non-crisis Wlz admissions with an indication
        # date ≤ Wlz − crisis; clients with a contact ≤ contacts; requests ≤ contacts.
        for ind in proportions:
            _relate_if_present(
                system,
                "teller+rest=noemer",
                {c(f"teller:{ind}"): 1, c(f"rest:{ind}"): 1, c(f"noemer:{ind}"): -1},
            )
        _relate_if_present(
            system, "deelverzameling", {c("noemer:so_voor_opname"): 1, wlz: -1}, "<="
        )
        _relate_if_present(
            system,
            "deelverzameling",
            {c("noemer:wachttijd_opname"): 1, wlz: -1, c("teller:crisisopnames"): 1},
            "<=",
        )
        bereik = c("teller:so_bereik")
        _relate_if_present(system, "deelverzameling", {bereik: 1, consulten: -1}, "<=")
        # A request to the SO team counts where and when its first contact is: ≤ contacts.
        _relate_if_present(
            system, "deelverzameling", {c("noemer:dagen_tot_so_contact"): 1, consulten: -1}, "<="
        )


def relate_indicator_values(system: System, release: Release) -> None:
    """``value`` of a row with one of its counts gives the other: rates are teller ÷
    (noemer × jaarfractie) × 1,000, proportions teller ÷ noemer × 100."""
    r = release.index
    multiplier = {
        c["indicator_id"]: (c["methode"], c["eenheid"])
        for c in release.tables["indicator_catalogue"]
    }
    for row in release.tables["indicator_values"]:
        ind, value = row["indicator_id"], row["value"]
        method, unit = multiplier[ind]
        if value is None or value == 0 or method not in ("rate", "proportion"):
            continue
        per = {"per 1.000": 1000.0, "%": 100.0}[unit]
        scale = per / (release.fraction[row["period"]] if method == "rate" else 1.0)
        num, den = row["teller"], row["noemer"]
        teller = (r, f"teller:{ind}", row["area_code"], row["period"])
        noemer = (r, f"noemer:{ind}", row["area_code"], row["period"])
        if num is not None and den is not None:
            if abs(num * scale / value - den) > INTEGER_TOLERANCE * max(den, 1.0):
                raise ValueError(f"value of {teller}: not teller/noemer as documented")
        elif num is not None:
            system.known(noemer, num * scale / value, "waarde")
        elif den is not None:
            system.known(teller, value * den / scale, "waarde")


def relate_opnames_per_type(system: System, release: Release) -> None:
    """WLZ_VERBLIJF is ``wlz_opnames``' teller, the three ELV types add up to
    ``elv_opnames``' teller; ``per_1000`` with a published ``aantal`` gives the
    population."""
    r = release.index
    for row in release.tables["opnames_per_type"]:
        area, period = row["area_code"], row["period"]
        if row["aantal"] and row["per_1000"]:
            population = row["aantal"] * 1000 / (row["per_1000"] * release.fraction[period])
            system.known((r, "pop75", area, _year(period)), population, "per_1000")
        if row["opname_type"] == "WLZ_VERBLIJF":
            _relate_if_present(
                system,
                "wlz_verblijf=wlz_opnames",
                {
                    (r, "opname:WLZ_VERBLIJF", area, period): 1,
                    (r, "teller:wlz_opnames", area, period): -1,
                },
            )
        if row["opname_type"] == ELV_TYPES[0]:
            terms = {(r, f"opname:{t}", area, period): 1.0 for t in ELV_TYPES}
            terms[(r, "teller:elv_opnames", area, period)] = -1.0
            _relate_if_present(system, "elv_typen=elv_opnames", terms)


def relate_consulten_per_kenmerk(system: System, release: Release) -> None:
    """The values of every kenmerk add up to the year's contacts (``so_consulten``); VS + PA
    is ``inzet_vs_pa``'s teller; ``aandeel`` with a published count gives the total."""
    r = release.index
    values: dict[tuple, list[tuple]] = defaultdict(list)
    for row in release.tables["consulten_per_kenmerk"]:
        area, year = row["area_code"], str(row["jaar"])
        key = (r, f"kenmerk:{row['kenmerk']}:{row['waarde']}", area, year)
        values[(row["kenmerk"], area, year)].append(key)
        if row["contacten"] and row["aandeel"]:
            system.known(
                (r, "teller:so_consulten", area, year),
                row["contacten"] * 100 / row["aandeel"],
                "aandeel",
            )
    for (kenmerk, area, year), keys in values.items():
        total = (r, "teller:so_consulten", area, year)
        _relate_if_present(system, f"kenmerk_som:{kenmerk}", {k: 1.0 for k in keys} | {total: -1.0})
        if kenmerk == "uitvoerder_discipline":
            vs_pa = {(r, f"kenmerk:{kenmerk}:{w}", area, year): 1.0 for w in ("VS", "PA")}
            _relate_if_present(
                system, "vs+pa=inzet_vs_pa", vs_pa | {(r, "teller:inzet_vs_pa", area, year): -1.0}
            )


def relate_bevolking(system: System, release: Release) -> None:
    """The 75+ age classes add up to the rate noemer of the area and year."""
    r = release.index
    for area, year in {(k[2], k[3]) for k in system.cells if k[0] == r and k[1] == "pop75"}:
        terms = {(r, f"bevolking:{c}", area, year): 1.0 for c in CLASSES_75PLUS}
        _relate_if_present(
            system, "leeftijdsklassen=noemer_75plus", terms | {(r, "pop75", area, year): -1.0}
        )


def relate_bevolking_geslacht(system: System, release: Release) -> None:
    """Men and women of an age class add up to the class of ``bevolking``."""
    r = release.index
    classes = {
        (row["leeftijdsklasse"], row["area_code"], str(row["jaar"]))
        for row in release.tables["bevolking_geslacht"]
    }
    for klasse, area, year in classes:
        total = (r, f"bevolking:{klasse}", area, year)
        # A sex without a row counts 0 (nobody of that sex and class was delivered).
        sexes = {
            key: 1.0
            for sex in ("M", "V")
            if (key := (r, f"bevolking:{klasse}:{sex}", area, year)) in system.cells
        }
        if total in system.cells:
            system.relate("geslachten=leeftijdsklasse", sexes | {total: -1.0})


def relate_koppel_kenmerken(system: System, release: Release) -> None:
    """A share (%) × the active koppels is a koppel count; with and without a property add up
    to the koppels."""
    r = release.index
    for row in release.tables["koppel_kenmerken"]:
        area, year, koppels = row["area_code"], str(row["jaar"]), row["actieve_koppels"]
        for name in KOPPEL_PROPERTIES:
            key, others = (
                (r, f"koppels:{name}", area, year),
                (r, f"koppels:niet_{name}", area, year),
            )
            share = row[f"aandeel_{name}"]
            # No share where there are no koppels (0 of 0), or where its unit is hidden.
            if koppels is not None and (share is not None or koppels == 0):
                system.known(key, (share or 0.0) * koppels / 100, "aandeel_koppels")
            system.relate(
                "koppels_met+zonder", {key: 1.0, others: 1.0, (r, "koppels", area, year): -1.0}
            )


def relate_koppel_leercurve(system: System, release: Release) -> None:
    """Per-koppel means × n_koppels are the contacts and clients; clients ≤ contacts."""
    r = release.index
    for row in release.tables["koppel_leercurve"]:
        area, time, n = row["area_code"], f"k{row['kwartaal_sinds_start']}", row["n_koppels"]
        for name in ("contacten", "clienten"):
            mean = row[f"{name}_per_koppel"]
            if n is not None and mean is not None:
                system.known((r, f"leercurve:{name}", area, time), mean * n, "per_koppel")
        system.relate(
            "clienten<=contacten",
            {
                (r, "leercurve:clienten", area, time): 1.0,
                (r, "leercurve:contacten", area, time): -1.0,
            },
            sense="<=",
        )


def bound_from_labels(system: System, release: Release) -> None:
    """What a suppression reason says about the counts of its row.

    - ``primair`` on a rate or count row: the teller (for ``so_directe_tijd`` the
      contacts, for the median the admissions, for the learning curve the clients) is in
      1..min_telling−1. On a proportion the teller *or* noemer − teller is: a
      disjunction, relaxed here to ≥ 0 (no bound).
    - ``kleine_noemer``: the population is in 1..min_noemer−1.
    - ``te_weinig_koppels``: the koppels are in 1..min_koppels−1; a learning-curve row with
      another reason has at least min_koppels koppels (``te_weinig_koppels`` wins).
    - ``secundair`` ("not in 1..min−1"): relaxed to ≥ 0 (no bound).
    """
    r, t = release.index, release.min_telling
    methods = {c["indicator_id"]: c["methode"] for c in release.tables["indicator_catalogue"]}
    small, few = (1.0, float(t - 1)), (1.0, float(release.min_koppels - 1))

    def bound(key: tuple, lower: float, upper: float = math.inf) -> None:
        cell = system.cells[key]
        cell.lower, cell.upper = max(cell.lower, lower), min(cell.upper, upper)

    for row in release.tables["indicator_values"]:
        ind, reason, area, period = (
            row["indicator_id"],
            row["suppression_reason"],
            row["area_code"],
            row["period"],
        )
        method = methods[ind]
        if reason == "primair" and method == "median":
            bound((r, f"noemer:{ind}", area, period), *small)
        elif reason == "primair" and method in ("rate", "none"):
            counted = "so_consulten" if ind == "so_directe_tijd" else ind
            bound((r, f"teller:{counted}", area, period), *small)
        elif reason == "kleine_noemer":
            bound((r, f"noemer:{ind}", area, period), 1.0, float(release.min_noemer - 1))
    for row in release.tables["opnames_per_type"]:
        key = (r, f"opname:{row['opname_type']}", row["area_code"], row["period"])
        if row["suppression_reason"] == "primair":
            bound(key, *small)
        elif row["suppression_reason"] == "kleine_noemer":
            bound(
                (r, "pop75", row["area_code"], _year(row["period"])),
                1.0,
                float(release.min_noemer - 1),
            )
    for row in release.tables["consulten_per_kenmerk"]:
        if row["suppression_reason"] == "primair":
            name = f"kenmerk:{row['kenmerk']}:{row['waarde']}"
            bound((r, name, row["area_code"], str(row["jaar"])), *small)
    for row in release.tables["koppel_kenmerken"]:
        if row["suppression_reason"] == "te_weinig_koppels":
            bound((r, "koppels", row["area_code"], str(row["jaar"])), *few)
    for row in release.tables["samenwerkingsfase"]:
        area, year = row["area_code"], str(row["jaar"])
        if row["suppression_reason"] == "te_weinig_praktijken":
            bound((r, _fase("praktijken", row["fase"]), area, year), *few)
        elif row["suppression_reason"] == "primair":
            bound((r, _fase("ingeschreven", row["fase"]), area, year), *small)
    for row in release.tables["koppel_hulpvraag"]:
        if row["suppression_reason"] == "primair":
            name = _koppeljaar(row["koppeljaar"], row["hulpvraag"])
            bound((r, name, row["area_code"], "-"), *small)
    for row in release.tables["koppel_leercurve"]:
        area, time = row["area_code"], f"k{row['kwartaal_sinds_start']}"
        if row["suppression_reason"] == "te_weinig_koppels":
            bound((r, "leercurve:n_koppels", area, time), *few)
        elif row["suppression_reason"] == "primair":
            bound((r, "leercurve:clienten", area, time), *small)
            bound((r, "leercurve:n_koppels", area, time), float(release.min_koppels))


def _koppel_name(groep: str, part: str, ind: str) -> str:
    return f"koppelvgl:{groep}:{part}:{ind}"


#: Admissions of a practice the delivery does not name: in the indicator, in neither group.
KOPPEL_GROEPEN = ("met_koppel", "zonder_koppel", "onbekend")
#: The comparison's rate (docs/architecture.md): Wlz admissions per 1.000 listed 75-plussers,
#: the groups by the practice's koppel on 1 July. Its noemers are listed 75-plussers (met =
#: koppeldekking's teller, met + zonder = its noemer); no rest, and the unknown practice has
#: admissions only.
KOPPEL_RATE = "wlz_opnames"


def _koppel_parts(ind: str, groep: str) -> tuple[str, ...]:
    if ind != KOPPEL_RATE:
        return ("teller", "noemer", "rest")
    return ("teller",) if groep == "onbekend" else ("teller", "noemer")


def cells_koppel_vergelijking(system: System, release: Release) -> None:
    """Per row the group's teller, noemer and the rest (noemer − teller); per area, year and
    indicator the same three of the admissions without a known practice, never published
    (docs/architecture.md: the groups add up to the indicator where the practice is known)."""
    r = release.index
    pairs = set()
    for row in release.tables["koppel_vergelijking"]:
        area, year, ind = row["area_code"], str(row["jaar"]), row["indicator_id"]
        pairs.add((area, year, ind))
        rest = None
        if row["teller"] is not None and row["noemer"] is not None:
            rest = row["noemer"] - row["teller"]
        for part, value in (("teller", row["teller"]), ("noemer", row["noemer"]), ("rest", rest)):
            if part not in _koppel_parts(ind, row["groep"]):
                continue
            system.add(
                Cell(
                    (r, _koppel_name(row["groep"], part, ind), area, year),
                    "koppel_vergelijking",
                    value=value,
                    threshold=release.min_telling,
                    reason=row["suppression_reason"],
                    suppressed=row["suppressed"],
                )
            )
    for area, year, ind in sorted(pairs):
        for part in _koppel_parts(ind, "onbekend"):
            system.add(
                Cell(
                    (r, _koppel_name("onbekend", part, ind), area, year),
                    "koppel_vergelijking:onbekend",
                    threshold=release.min_telling,
                )
            )


def relate_koppel_vergelijking(system: System, release: Release) -> None:
    """Per group teller + rest = noemer; the three groups' tellers add up to the indicator's
    teller, their noemers to its noemer (same area and year). The rate (``wlz_opnames``): the
    three tellers add up to wlz_opnames' teller; met's noemer is koppeldekking's teller, met +
    zonder its noemer. The shares, limits, difference
    and p-value are published only with both groups' counts: nothing more."""
    r = release.index
    seen = {
        (row["area_code"], str(row["jaar"]), row["indicator_id"])
        for row in release.tables["koppel_vergelijking"]
    }
    for area, year, ind in seen:

        def c(name: str, area=area, year=year) -> tuple:
            return (r, name, area, year)

        if ind == KOPPEL_RATE:
            terms = {c(_koppel_name(g, "teller", ind)): 1.0 for g in KOPPEL_GROEPEN}
            _relate_if_present(system, "koppel_rate=teller", terms | {c(f"teller:{ind}"): -1.0})
            met, zonder = (c(_koppel_name(g, "noemer", ind)) for g in KOPPEL_GROEPEN[:2])
            _relate_if_present(
                system, "koppel_rate=dekking", {met: 1.0, c("teller:koppeldekking"): -1.0}
            )
            _relate_if_present(
                system,
                "koppel_rate=ingeschreven",
                {met: 1.0, zonder: 1.0, c("noemer:koppeldekking"): -1.0},
            )
            continue
        for groep in KOPPEL_GROEPEN:
            system.relate(
                "koppel:teller+rest=noemer",
                {
                    c(_koppel_name(groep, "teller", ind)): 1.0,
                    c(_koppel_name(groep, "rest", ind)): 1.0,
                    c(_koppel_name(groep, "noemer", ind)): -1.0,
                },
            )
        for part in ("teller", "noemer"):
            terms = {c(_koppel_name(g, part, ind)): 1.0 for g in KOPPEL_GROEPEN}
            _relate_if_present(system, f"koppel_groepen={part}", terms | {c(f"{part}:{ind}"): -1.0})


def relate_samenwerkingsfase(system: System, release: Release) -> None:
    """The stages' listed 75-plussers add up to the area's (``totaal``), which is
    koppeldekking's noemer; stages 1–4 (a koppel on 1 July) add up to its teller, stage 0 is
    its rest (docs/architecture.md: the same peildag rule). A share with a published count
    gives the total."""
    r = release.index
    stages: dict[tuple, dict] = defaultdict(dict)
    for row in release.tables["samenwerkingsfase"]:
        area, year = row["area_code"], str(row["jaar"])
        stages[(area, year)][row["fase"]] = (r, _fase("ingeschreven", row["fase"]), area, year)
        count, share = row["ingeschreven_75plus"], row["aandeel_75plus"]
        if count and share:
            system.known(
                (r, _fase("ingeschreven", "totaal"), area, year),
                count * 100 / share,
                "aandeel_75plus",
            )
    for (area, year), keys in stages.items():
        total = (r, _fase("ingeschreven", "totaal"), area, year)
        system.relate("fasen=totaal", {k: 1.0 for k in keys.values()} | {total: -1.0})
        _relate_if_present(
            system,
            "fasen=koppeldekking_noemer",
            {total: 1.0, (r, "noemer:koppeldekking", area, year): -1.0},
        )
        with_koppel = {k: 1.0 for fase, k in keys.items() if fase >= 1}
        _relate_if_present(
            system,
            "fasen=koppeldekking_teller",
            with_koppel | {(r, "teller:koppeldekking", area, year): -1.0},
        )
        if 0 in keys:
            _relate_if_present(
                system,
                "fase0=koppeldekking_rest",
                {keys[0]: 1.0, (r, "rest:koppeldekking", area, year): -1.0},
            )


def relate_koppel_hulpvraag(system: System, release: Release) -> None:
    """The questions of a koppeljaar add up to its contacts (docs/architecture.md), which are
    the learning curve's contacts of its quarters (0–3, 4–7, 8 and later: every quarter the
    learning curve lists for the area); a share with a published count gives the total."""
    r = release.index
    questions: dict[tuple, list] = defaultdict(list)
    for row in release.tables["koppel_hulpvraag"]:
        area, jaar = row["area_code"], row["koppeljaar"]
        questions[(area, jaar)].append((r, _koppeljaar(jaar, row["hulpvraag"]), area, "-"))
        if row["contacten"] and row["aandeel"]:
            system.known(
                (r, _koppeljaar(jaar, "totaal"), area, "-"),
                row["contacten"] * 100 / row["aandeel"],
                "aandeel_koppeljaar",
            )
    quarters: dict[tuple, list] = defaultdict(list)
    for row in release.tables["koppel_leercurve"]:
        k = row["kwartaal_sinds_start"]
        quarters[(row["area_code"], min(k // 4 + 1, 3))].append(
            (r, "leercurve:contacten", row["area_code"], f"k{k}")
        )
    for (area, jaar), keys in questions.items():
        total = (r, _koppeljaar(jaar, "totaal"), area, "-")
        system.relate("hulpvragen=koppeljaar", {k: 1.0 for k in keys} | {total: -1.0})
        if quarters.get((area, jaar)):
            system.relate(
                "koppeljaar=leercurve",
                {total: 1.0} | {k: -1.0 for k in quarters[(area, jaar)]},
            )


# ---------------------------------------------------------------------------------------------
# Releases


def relate_releases(system: System, newer: Release, older: Release, revision: bool) -> None:
    """Cells with the same key in two releases. Without a revision a period complete in both
    is unchanged; otherwise the difference newer − older is a cell of its own: for a count
    over time in an incomplete year the count of the days in between (≥ 0), for a revision
    the corrected events (either sign), for a state (population, koppels) unbounded."""
    for key in [k for k in system.cells if k[0] == older.index and k[1] != "verschil"]:
        twin = (newer.index, *key[1:])
        if twin not in system.cells:
            continue
        name, time = key[1], key[3]
        complete = older.complete.get(time, True) and newer.complete.get(time, True)
        # The learning curve and the koppeljaren grow while koppels age: never "complete".
        if complete and not revision and not name.startswith(("leercurve:", "koppeljaar:")):
            system.relate("releases_gelijk", {twin: 1.0, key: -1.0})
            continue
        diff = (newer.index, "verschil", older.index, *key[1:])
        grows = is_flow(name) and not revision
        threshold = system.cells[key].threshold if is_flow(name) else 0
        system.add(Cell(diff, "verschil", lower=0.0 if grows else -math.inf, threshold=threshold))
        system.relate("releases_verschil", {twin: 1.0, key: -1.0, diff: -1.0})


# ---------------------------------------------------------------------------------------------
# The whole model

CELLS = (
    cells_indicator_values,
    cells_population,
    cells_opnames_per_type,
    cells_consulten_per_kenmerk,
    cells_bevolking,
    cells_bevolking_geslacht,
    cells_koppel_kenmerken,
    cells_koppel_leercurve,
    cells_koppel_vergelijking,
    cells_samenwerkingsfase,
    cells_koppel_hulpvraag,
    cells_strata,
)
RELATIONS = (
    relate_area_sums,
    relate_quarter_sums,
    relate_indicator_identities,
    relate_indicator_values,
    relate_opnames_per_type,
    relate_consulten_per_kenmerk,
    relate_bevolking,
    relate_bevolking_geslacht,
    relate_koppel_kenmerken,
    relate_koppel_leercurve,
    relate_koppel_vergelijking,
    relate_samenwerkingsfase,
    relate_koppel_hulpvraag,
    relate_strata,
    bound_from_labels,
)


def build_system(
    newest: Path | str,
    previous: list[Path | str] = (),
    revision: bool = False,
    strata_population: list[Path | str | None] = (),
):
    """The system of every cell and relation of ``newest`` and the ``previous`` releases
    (newest first). ``strata_population``: per release a warehouse whose stratum populations
    the attacker is assumed to know (the worst case). Returns (system, releases)."""
    releases = [read_release(p, i) for i, p in enumerate([newest, *previous])]
    for release, warehouse in zip(releases, strata_population, strict=False):
        if warehouse is not None:
            release.strata_population = read_strata_population(warehouse, release)
    system = System()
    for release in releases:
        for add_cells in CELLS:
            add_cells(system, release)
        for relate in RELATIONS:
            relate(system, release)
    for newer, older in itertools.pairwise(releases):
        relate_releases(system, newer, older, revision)
    return system, releases
