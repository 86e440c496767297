"""What every published table shows, and how the tables relate: the input of the disclosure
model (pipelines/disclosure_model.py).

A *cell* is named ``family|area_code|slot``: the family says what is counted (``contacten``,
``opname:WLZ_VERBLIJF``, ``inwoners:80-84``, ``koppels:his`` …), the slot when (a period such
as ``2025`` or ``2025-Q3``, a jaar, a quarter since a koppel's start). The same count shown by
two tables has one name, so hiding it in one and showing it in the other is seen at once.

Relations, all of the form Σ sign × cell = 0:

- areas: a parent equals the sum of its children (every family and slot where every child is
  published in some form);
- time: a year equals the sum of its quarters (families with quarters);
- proportions: teller + the persons outside it = noemer;
- breakdowns: the values of a characteristic add up to the contacts; VS + PA = the contacts by
  VS or PA; the ELV types add up to ELV; Wlz + ELV = the noemer of admissions via the
  hospital; the age classes 75+ add up to the rate noemer; the two sexes of an age class add
  up to the class; koppels with and without a trait add up to the koppels;
- the koppel comparison (``koppel_vergelijking``): per indicator, area and year the teller of
  the admissions with a koppel + without + of an unknown practice (a hidden cell no table
  shows) = the indicator's teller, the same for the noemer, and per group teller + the rest
  = noemer; for its rate ``wlz_opnames`` (groups by the status on 1 July) the groups'
  tellers + unknown = wlz_opnames' teller, and the noemers are koppeldekking's teller
  (met_koppel) and rest (zonder_koppel), under those names.
"""

from __future__ import annotations

import polars as pl

from pipelines import catalogue
from pipelines.disclosure_model import Model

SEPARATOR = "|"
REST = "~rest"

#: Family of each indicator's teller and noemer (None: not a count of anything, e.g.
#: hours or a median's value). Every catalogue indicator must be here (a test checks).
TELLER_FAMILY: dict[str, str | None] = {
    "so_bereik": "bereik",
    "so_consulten": "contacten",
    "so_directe_tijd": None,
    "koppeldekking": "dekking",
    "consulten_binnen_koppel": "binnen_koppel",
    "zorgtraject_clienten": "zorgtraject",
    "inzet_vs_pa": "vs_pa",
    "wlz_opnames": "opname:WLZ_VERBLIJF",
    "crisisopnames": "crisis",
    "so_voor_opname": "so_voor_opname",
    "crisis_zonder_so": "crisis_zonder_so",
    "elv_opnames": "opname:ELV",
    "opname_via_ziekenhuis": "via_ziekenhuis",
    "wachttijd_opname": None,
    "dagen_tot_so_contact": None,
}
POPULATION = "inwoners75"
NOEMER_FAMILY: dict[str, str] = {
    "koppeldekking": "ingeschreven",
    "consulten_binnen_koppel": "contacten",
    "inzet_vs_pa": "contacten",
    "crisisopnames": "opname:WLZ_VERBLIJF",
    "so_voor_opname": "so_voor_opname_noemer",
    # Every crisis admission: crisisopnames' teller is this noemer (one cell, one name).
    "crisis_zonder_so": "crisis",
    "opname_via_ziekenhuis": "via_ziekenhuis_noemer",
    "wachttijd_opname": "wachttijd",
    "dagen_tot_so_contact": "aanvragen",
}
ELV_TYPES = ("ELV_LAAG", "ELV_HOOG", "ELV_PALLIATIEF")
AGE_75PLUS = ("75-79", "80-84", "85-89", "90+")
LEEFTIJDSKLASSEN = ("65-74", *AGE_75PLUS)
GESLACHTEN = ("M", "V")
#: The stages of collaboration of ``samenwerkingsfase`` (int_samenwerkingsfase.sql).
FASEN = (0, 1, 2, 3, 4)


def fase_family(kind: str, fase: pl.Expr | int) -> pl.Expr:
    """The family of a stage's practices (``praktijken:fase2``) or of their listed
    75-plussers (``ingeschreven:fase2``) in ``samenwerkingsfase``."""
    fase = pl.lit(fase) if isinstance(fase, int) else fase
    return pl.concat_str([pl.lit(f"{kind}:fase"), fase.cast(pl.String)])


#: ``koppel_hulpvraag``: the contacts of the koppels by koppeljaar (the slot: 1, 2, 3 = third
#: year and later) and hulpvraag (``koppeljaar:<hulpvraag>``), and of all questions
#: (``koppeljaar``): the learning curve's contacts of the koppeljaar's quarters.
KOPPELJAAR = "koppeljaar"


def koppeljaar_family(hulpvraag: pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit(f"{KOPPELJAAR}:"), hulpvraag])


#: Families of ``samenwerkingsfase``: the practices and the listed 75-plussers of each stage.
FASE_PRAKTIJKEN = tuple(f"praktijken:fase{f}" for f in FASEN)
FASE_INGESCHREVEN = tuple(f"ingeschreven:fase{f}" for f in FASEN)
#: Families that count koppels, or practices per stage; their rows say whether they are below
#: the koppel minimum (``te_weinig_koppels``/``te_weinig_praktijken``: 1 … minimum − 1; any
#: other row: at least the minimum).
KOPPEL_COUNTS = ("koppels", "leercurve:koppels", *FASE_PRAKTIJKEN)
#: Counts that are part of another count (name, whole, parts): whole ≥ Σ parts. Clients with
#: a contact ≤ contacts; Wlz admissions from home ≤ Wlz admissions; crisis admissions and
#: non-crisis admissions with an indication date ≤ Wlz admissions; clients ≤ contacts of the
#: learning curve; requests to the SO team ≤ contacts (each request is counted where and when
#: its first contact is, and that contact is one of the contacts).
SUBSETS = (
    ("bereik", "contacten", ["bereik"]),
    ("aanvragen", "contacten", ["aanvragen"]),
    ("thuis", "opname:WLZ_VERBLIJF", ["so_voor_opname_noemer"]),
    ("wachttijd", "opname:WLZ_VERBLIJF", ["crisis", "wachttijd"]),
    ("leercurve", "leercurve:contacten", ["leercurve:clienten"]),
)
#: Indicators split by koppel group in ``koppel_vergelijking`` (pipelines/koppel_vergelijking.py)
#: and the groups, the last one (an unknown practice) never shown.
KOPPEL_VERGELIJKING = ("crisisopnames", "so_voor_opname", "opname_via_ziekenhuis")
KOPPEL_GROEPEN = ("met_koppel", "zonder_koppel", "onbekend")
#: The rate of the koppel comparison (``wlz_opnames`` per 1.000 listed 75-plussers), grouped
#: by the practice's status on 1 July: its tellers are a family of their own (not the
#: admission-day groups of crisisopnames' noemer); its noemers *are* koppeldekking's teller
#: (met_koppel) and rest (zonder_koppel), so they carry those names; it has no rest.
KOPPEL_RATE = "wlz_opnames"
KOPPEL_RATE_TELLER = "wlz_1juli"
KOPPEL_RATE_NOEMER = {"met_koppel": "dekking", "zonder_koppel": f"dekking{REST}"}
#: Families whose change between releases is no count of care (a population, a list size or
#: the koppels of an area that moved is public knowledge, not a person's care; the koppels that
#: reached a quarter of the learning curve since are: their contacts follow).
NOT_CARE = ("inwoners", "koppels", "ingeschreven", "dekking", "praktijken")


def ranged_families() -> pl.Expr:
    """Families whose suppression label states a range (``primair``: 1 … limit − 1): the count
    of a count or rate row (a rate's teller, a median's admissions, a row of a breakdown).
    A proportion's label says only that its teller *or* the rest is small, so neither part
    gets a range from it. Koppel counts are protected from exact recovery only: a count of
    koppels is no person, and every figure *of* fewer koppels than the minimum (their
    contacts, clients, shares, listed patients) is a target of its own."""
    counted = [
        TELLER_FAMILY[i.id]
        for i in catalogue.INDICATORS
        if i.methode == "rate" and TELLER_FAMILY[i.id]
    ]
    medians = [NOEMER_FAMILY[i.id] for i in catalogue.INDICATORS if i.methode == "median"]
    family = pl.col("family")
    return (
        family.is_in([*counted, *medians])
        | family.str.starts_with("kenmerk:")
        | family.str.starts_with("inwoners:")
        | family.is_in(["leercurve:contacten", "leercurve:clienten"])
        | family.is_in(FASE_INGESCHREVEN)
        | family.str.starts_with(f"{KOPPELJAAR}:")
        | (family.str.starts_with("opname:"))
        | family.is_in(KOPPEL_COUNTS)
    )


def subset_relations(cells: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A count that is part of another: whole = Σ parts + the rest, where the rest is a cell
    no table shows (so ≥ 0 is all an attacker knows of it). Returns the rest cells (key,
    value) and the relations."""
    rests, relations = [], []
    for name, whole, parts in SUBSETS:
        relation = pl.concat_str(
            [pl.lit(f"subset:{name}"), "area_code", "slot"], separator=SEPARATOR
        ).alias("relation")
        totals = cells.filter(pl.col("family") == whole).select(
            relation, "area_code", "slot", "key", "value"
        )
        members = cells.filter(pl.col("family").is_in(parts)).join(
            totals.select("relation", "area_code", "slot"), on=["area_code", "slot"]
        )
        rest = (
            totals.join(
                members.group_by("relation").agg(pl.col("value").sum().alias("parts")),
                on="relation",
            )
            .with_columns(
                key(pl.lit(f"{REST}:{name}"), pl.col("area_code"), pl.col("slot")).alias("rest"),
                (pl.col("value") - pl.col("parts")).alias("rest_value"),
            )
            .filter(pl.col("rest_value") >= 0)
        )
        rests.append(rest.select(pl.col("rest").alias("key"), pl.col("rest_value").alias("value")))
        holding = rest.select("relation")
        relations.append(
            pl.concat(
                [
                    totals.select("relation", "key", pl.lit(1.0).alias("sign")),
                    members.select("relation", "key", pl.lit(-1.0).alias("sign")),
                    rest.select(
                        "relation", pl.col("rest").alias("key"), pl.lit(-1.0).alias("sign")
                    ),
                ]
            ).join(holding, on="relation")
        )
    return pl.concat(rests), pl.concat(relations)


def koppel_family(groep: pl.Expr | str, indicator_id: pl.Expr | str, part: str) -> pl.Expr:
    """The family of one group's ``part`` (``teller``, ``noemer``, ``rest``) of an indicator in
    the koppel comparison: ``koppelvgl:<groep>:`` + the indicator's own family of that part
    (``koppelvgl:met_koppel:crisis``), so the parts of the indicator are named alike."""
    groep = pl.lit(groep) if isinstance(groep, str) else groep
    indicator_id = pl.lit(indicator_id) if isinstance(indicator_id, str) else indicator_id
    own = families().select(
        "indicator_id",
        pl.col({"teller": "teller_family", "noemer": "noemer_family", "rest": "rest_family"}[part]),
    )
    mapping = dict(own.iter_rows())
    proportion = pl.concat_str(
        [pl.lit("koppelvgl:"), groep, pl.lit(":"), indicator_id.replace_strict(mapping)]
    )
    # The rate (see KOPPEL_RATE): null for its rest and for onbekend's noemer (no list).
    rate = {
        "teller": pl.concat_str([pl.lit("koppelvgl:"), groep, pl.lit(f":{KOPPEL_RATE_TELLER}")]),
        "noemer": groep.replace_strict(KOPPEL_RATE_NOEMER, default=None, return_dtype=pl.String),
        "rest": pl.lit(None, dtype=pl.String),
    }[part]
    return pl.when(indicator_id == KOPPEL_RATE).then(rate).otherwise(proportion)


def key(family: pl.Expr, area: pl.Expr, slot: pl.Expr) -> pl.Expr:
    return pl.concat_str([family, area, slot.cast(pl.String)], separator=SEPARATOR).alias("key")


def small_group_targets(keys: pl.DataFrame, min_koppels: int) -> pl.DataFrame:
    """The cells ``keys`` (column ``key``) of a group of 1 … min_koppels − 1 practices or
    koppels as targets (key, lo, hi, need, limit): protected whatever their value, for they are
    the figure of one or two practices; unique, in first-seen order."""
    return (
        keys.select("key")
        .unique(maintain_order=True)
        .with_columns(
            pl.lit(0.0).alias("lo"),
            pl.lit(float("inf")).alias("hi"),
            pl.lit(1).alias("need"),
            pl.lit(min_koppels).alias("limit"),
        )
    )


def families() -> pl.DataFrame:
    """indicator_id, method, teller_family, noemer_family, rest_family."""
    rows = []
    for indicator in catalogue.INDICATORS:
        teller = TELLER_FAMILY[indicator.id]
        noemer = (
            POPULATION if indicator.methode in ("rate", "none") else NOEMER_FAMILY[indicator.id]
        )
        rest = teller + REST if indicator.methode == "proportion" and teller else None
        rows.append((indicator.id, indicator.methode, teller, noemer, rest))
    return pl.DataFrame(
        rows,
        schema=["indicator_id", "method", "teller_family", "noemer_family", "rest_family"],
        orient="row",
    )


class CellBuilder:
    """Collects the long frame (unit, family, area_code, slot, value) of every table, then
    writes cells, shows and relations into a Model."""

    def __init__(self, model: Model, *, min_count: int, min_koppels: int) -> None:
        self.model = model
        self.min_count = min_count
        self.koppel_limit = min_koppels
        self.long: list[pl.DataFrame] = []
        self.hidden: list[pl.DataFrame] = []

    def show(self, frame: pl.DataFrame) -> None:
        """``frame``: unit, family, area_code, slot, value — a unit shows a cell."""
        self.long.append(
            frame.select(
                pl.col("unit").cast(pl.Int64),
                pl.col("family").cast(pl.String),
                pl.col("area_code").cast(pl.String),
                pl.col("slot").cast(pl.String),
                pl.col("value").cast(pl.Float64),
            ).filter(pl.col("family").is_not_null())
        )

    def hide(self, frame: pl.DataFrame) -> None:
        """``frame``: family, area_code, slot, value — a count no table shows but that the
        tables' relations pass through (a target like any count when it is small)."""
        self.hidden.append(
            frame.select(
                pl.col("family").cast(pl.String),
                pl.col("area_code").cast(pl.String),
                pl.col("slot").cast(pl.String),
                pl.col("value").cast(pl.Float64),
            )
        )

    def finish(self, areas: pl.DataFrame, quarters_per_year: pl.DataFrame) -> pl.DataFrame:
        """Writes cells (targets by value: 1 … limit − 1), shows and every relation into the
        model. Returns the cells."""
        long = pl.concat(self.long).with_columns(
            key(pl.col("family"), pl.col("area_code"), pl.col("slot"))
        )
        self.model.add_shows(long.select("unit", "key"))
        cells = long.unique("key", keep="first").drop("unit")
        if self.hidden:
            hidden = pl.concat(self.hidden).with_columns(
                key(pl.col("family"), pl.col("area_code"), pl.col("slot"))
            )
            cells = pl.concat([cells, hidden.unique("key", keep="first")], how="diagonal")
        limit = (
            pl.when(_is_koppel_family())
            .then(pl.lit(self.koppel_limit))
            .otherwise(pl.lit(self.min_count))
        )
        small = (pl.col("value") >= 1) & (pl.col("value") <= pl.col("limit") - 1)
        ranged = small & ranged_families()
        # A koppel row not labelled ``te_weinig_koppels`` states at least the minimum.
        counted_koppels = pl.col("family").is_in(KOPPEL_COUNTS) & (pl.col("value") >= 1)
        self.model.add_cells(
            cells.with_columns(limit.alias("limit")).with_columns(
                small.alias("target"),
                # What the labels state while the cell is unknown.
                pl.when(ranged)
                .then(1.0)
                .when(counted_koppels)
                .then(pl.col("limit").cast(pl.Float64))
                .otherwise(0.0)
                .alias("lo"),
                pl.when(ranged)
                .then((pl.col("limit") - 1).cast(pl.Float64))
                .otherwise(float("inf"))
                .alias("hi"),
                pl.when(small)
                .then(
                    pl.max_horizontal(pl.lit(1), pl.min_horizontal(pl.lit(5), pl.col("limit") - 2))
                )
                .otherwise(0)
                .alias("need"),
            )
        )
        slack, subsets = subset_relations(cells)
        self.model.add_cells(
            slack.with_columns(
                pl.lit(False).alias("target"),
                pl.lit(0.0).alias("lo"),
                pl.lit(float("inf")).alias("hi"),
                pl.lit(0).alias("need"),
                pl.lit(self.min_count).alias("limit"),
            )
        )
        for relations in (
            area_relations(cells, areas),
            time_relations(cells, quarters_per_year),
            *breakdown_relations(cells),
            subsets,
        ):
            if relations.height:
                self.model.add_relations(relations)
        return cells


def _is_koppel_family() -> pl.Expr:
    """Families counting koppels or practices: KOPPEL_COUNTS and the ``koppels:…`` breakdowns."""
    return pl.col("family").str.starts_with("koppels") | pl.col("family").is_in(KOPPEL_COUNTS)


def area_relations(cells: pl.DataFrame, areas: pl.DataFrame) -> pl.DataFrame:
    """parent = Σ children, per family and slot. A child area without the cell counts 0 (a
    table has no row for what did not happen, and an attacker knows the areas from
    ``areas``); a sum that does not hold with those zeros is left out."""
    tree = areas.select("area_code", "parent_code").filter(pl.col("parent_code").is_not_null())
    children = cells.join(tree, on="area_code", how="inner")
    parents = cells.select(
        "family",
        pl.col("area_code").alias("parent_code"),
        "slot",
        pl.col("key").alias("parent"),
        pl.col("value").alias("total"),
    )
    holding = (
        children.group_by("family", "parent_code", "slot")
        .agg(pl.col("value").sum().alias("sum"))
        .join(parents, on=["family", "parent_code", "slot"])
        .filter((pl.col("total") - pl.col("sum")).abs() < 1e-6)
        .with_columns(
            pl.concat_str(
                [pl.lit("area"), "family", "parent_code", "slot"], separator=SEPARATOR
            ).alias("relation")
        )
    )
    members = children.join(
        holding.select("family", "parent_code", "slot", "relation"),
        on=["family", "parent_code", "slot"],
    )
    return pl.concat(
        [
            holding.select("relation", pl.col("parent").alias("key"), pl.lit(1.0).alias("sign")),
            members.select("relation", "key", pl.lit(-1.0).alias("sign")),
        ]
    )


def time_relations(cells: pl.DataFrame, quarters_per_year: pl.DataFrame) -> pl.DataFrame:
    """year = Σ its quarters, per family and area, where every quarter of the year has the
    cell. ``quarters_per_year``: jaar (text), quarters."""
    quarters = cells.filter(pl.col("slot").str.contains(r"^\d{4}-Q[1-4]$")).with_columns(
        pl.col("slot").str.slice(0, 4).alias("jaar")
    )
    found = quarters.group_by("family", "area_code", "jaar").agg(pl.len().alias("found"))
    years = cells.select("family", "area_code", pl.col("slot").alias("jaar"), "key")
    complete = (
        found.join(quarters_per_year, on="jaar")
        .filter(pl.col("found") == pl.col("quarters"))
        .join(years, on=["family", "area_code", "jaar"])
        .with_columns(
            pl.concat_str(
                [pl.lit("time"), "family", "area_code", "jaar"], separator=SEPARATOR
            ).alias("relation")
        )
    )
    members = quarters.join(
        complete.select("family", "area_code", "jaar", "relation"),
        on=["family", "area_code", "jaar"],
    )
    return pl.concat(
        [
            complete.select("relation", "key", pl.lit(1.0).alias("sign")),
            members.select("relation", "key", pl.lit(-1.0).alias("sign")),
        ]
    )


def sum_relation(name: str, cells: pl.DataFrame, total: str, parts: list[str]) -> pl.DataFrame:
    """total = Σ parts, for every area and slot where the total is a cell. A part without a
    cell counts 0 (no row for what did not happen); a sum that does not hold with those
    zeros is left out."""
    relation = pl.concat_str([pl.lit(name), "area_code", "slot"], separator=SEPARATOR).alias(
        "relation"
    )
    totals = cells.filter(pl.col("family") == total).select(
        relation, "area_code", "slot", "key", pl.col("value").alias("total")
    )
    members = cells.filter(pl.col("family").is_in(parts)).join(
        totals.select("relation", "area_code", "slot"), on=["area_code", "slot"]
    )
    holding = (
        totals.join(
            members.group_by("relation").agg(pl.col("value").sum().alias("sum")),
            on="relation",
            how="left",
        )
        .filter((pl.col("total") - pl.col("sum").fill_null(0.0)).abs() < 1e-6)
        .select("relation")
    )
    return pl.concat(
        [
            totals.select("relation", "key", pl.lit(1.0).alias("sign")),
            members.select("relation", "key", pl.lit(-1.0).alias("sign")),
        ]
    ).join(holding, on="relation")


def breakdown_relations(cells: pl.DataFrame) -> list[pl.DataFrame]:
    """Every relation between families (see the module docstring)."""
    found = set(cells["family"].unique().to_list())
    relations = []
    for indicator in families().iter_rows(named=True):
        if indicator["rest_family"] and indicator["teller_family"] in found:
            relations.append(
                sum_relation(
                    f"parts:{indicator['indicator_id']}",
                    cells,
                    indicator["noemer_family"],
                    [indicator["teller_family"], indicator["rest_family"]],
                )
            )
    relations.append(sum_relation("elv", cells, "opname:ELV", [f"opname:{t}" for t in ELV_TYPES]))
    relations.append(
        sum_relation(
            "wlz_elv", cells, "via_ziekenhuis_noemer", ["opname:WLZ_VERBLIJF", "opname:ELV"]
        )
    )
    relations.append(
        sum_relation("inwoners75", cells, POPULATION, [f"inwoners:{k}" for k in AGE_75PLUS])
    )
    for klasse in LEEFTIJDSKLASSEN:
        relations.append(
            sum_relation(
                f"geslachten:{klasse}",
                cells,
                f"inwoners:{klasse}",
                [f"inwoners:{klasse}:{geslacht}" for geslacht in GESLACHTEN],
            )
        )
    kenmerken = (
        cells.filter(pl.col("family").str.starts_with("kenmerk:"))
        .select(
            pl.col("family").str.slice(len("kenmerk:")).str.split("=").list.first().alias("k"),
            "family",
        )
        .unique()
    )
    for kenmerk, group in kenmerken.group_by("k"):
        relations.append(
            sum_relation(f"kenmerk:{kenmerk[0]}", cells, "contacten", group["family"].to_list())
        )
    relations.append(
        sum_relation(
            "vs_pa",
            cells,
            "vs_pa",
            ["kenmerk:uitvoerder_discipline=VS", "kenmerk:uitvoerder_discipline=PA"],
        )
    )
    for indicator in (
        families().filter(pl.col("indicator_id").is_in(KOPPEL_VERGELIJKING)).iter_rows(named=True)
    ):
        ind = indicator["indicator_id"]
        for groep in KOPPEL_GROEPEN:
            part = {p: f"koppelvgl:{groep}:{indicator[f'{p}_family']}" for p in _PARTS}
            if part["teller"] in found:
                parts = [part["teller"], part["rest"]]
                relations.append(
                    sum_relation(f"koppelvgl:{groep}:{ind}", cells, part["noemer"], parts)
                )
        for p in ("teller", "noemer"):
            groups = [f"koppelvgl:{g}:{indicator[f'{p}_family']}" for g in KOPPEL_GROEPEN]
            if groups[0] in found:
                relations.append(
                    sum_relation(f"koppelvgl:{p}:{ind}", cells, indicator[f"{p}_family"], groups)
                )
    # The rate: the groups' tellers (by the status on 1 July) + onbekend = wlz_opnames' teller.
    # Its noemers are koppeldekking's teller and rest (one name each, see KOPPEL_RATE), so
    # koppeldekking's parts relation states met + zonder = its noemer.
    rate_groups = [f"koppelvgl:{g}:{KOPPEL_RATE_TELLER}" for g in KOPPEL_GROEPEN]
    if rate_groups[0] in found:
        relations.append(
            sum_relation(
                f"koppelvgl:teller:{KOPPEL_RATE}", cells, TELLER_FAMILY[KOPPEL_RATE], rate_groups
            )
        )
    for trait in ("his", "overleg"):
        relations.append(
            sum_relation(
                f"koppels:{trait}", cells, "koppels", [f"koppels:{trait}", f"koppels:{trait}{REST}"]
            )
        )
    # samenwerkingsfase: the stages' listed 75-plussers add up to koppeldekking's noemer; the
    # stages with a koppel (1–4) to its teller, stage 0 to the rest (the same peildag rule).
    relations.append(sum_relation("fasen", cells, "ingeschreven", list(FASE_INGESCHREVEN)))
    relations.append(sum_relation("fasen:dekking", cells, "dekking", list(FASE_INGESCHREVEN[1:])))
    relations.append(
        sum_relation("fasen:geen_koppel", cells, f"dekking{REST}", [FASE_INGESCHREVEN[0]])
    )
    kenmerk_families = cells.filter(pl.col("family").str.starts_with(f"{KOPPELJAAR}:"))[
        "family"
    ].unique()
    if kenmerk_families.len():
        relations.append(
            sum_relation(KOPPELJAAR, cells, KOPPELJAAR, sorted(kenmerk_families.to_list()))
        )
        relations.append(koppeljaar_relations(cells))
    return [r for r in relations if r.height]


def koppeljaar_relations(cells: pl.DataFrame) -> pl.DataFrame:
    """A koppeljaar's contacts = the learning curve's contacts of its quarters (0–3, 4–7, 8 and
    later), per area; left out where the sum does not hold."""
    quarters = cells.filter(pl.col("family") == "leercurve:contacten").with_columns(
        pl.min_horizontal(pl.col("slot").cast(pl.Int64) // 4 + 1, pl.lit(3))
        .cast(pl.String)
        .alias("jaar_slot")
    )
    relation = pl.concat_str(
        [pl.lit("koppeljaar_leercurve"), "area_code", "slot"], separator=SEPARATOR
    ).alias("relation")
    totals = cells.filter(pl.col("family") == KOPPELJAAR).select(
        relation, "area_code", "slot", "key", pl.col("value").alias("total")
    )
    members = quarters.join(
        totals.select("relation", "area_code", pl.col("slot").alias("jaar_slot")),
        on=["area_code", "jaar_slot"],
    )
    holding = (
        totals.join(
            members.group_by("relation").agg(pl.col("value").sum().alias("sum")),
            on="relation",
        )
        .filter((pl.col("total") - pl.col("sum")).abs() < 1e-6)
        .select("relation")
    )
    return pl.concat(
        [
            totals.select("relation", "key", pl.lit(1.0).alias("sign")),
            members.select("relation", "key", pl.lit(-1.0).alias("sign")),
        ]
    ).join(holding, on="relation")


_PARTS = ("teller", "noemer", "rest")

#: The first unit of an empty table: it has none, so the number is never used.
_EMPTY_FIRST = 0


def _rows(builder: CellBuilder, table: str, frame: pl.DataFrame, unit: str = "") -> pl.DataFrame:
    """Registers one unit per row of ``frame`` (its ``suppressed``/``suppression_reason``, or
    ``_{unit}_suppressed``/``_{unit}_reason``) and returns the frame with its ``unit``."""
    prefix = f"_{unit}_" if unit else ""
    suppressed = frame[f"{prefix}suppressed"]
    reason = frame[f"{prefix}suppression_reason" if not unit else f"{prefix}reason"]
    first = builder.model.add_units(table + (f":{unit}" if unit else ""), suppressed, reason)
    return frame.with_row_index("unit", offset=first).with_columns(
        pl.col("unit").cast(pl.Int64), pl.lit(first, dtype=pl.Int64).alias("_first")
    )


def _first_unit(rows: pl.DataFrame) -> int:
    """The first unit of ``rows`` (also when the table has no rows)."""
    return int(rows["_first"][0]) if rows.height else _EMPTY_FIRST


def show_indicator_values(builder: CellBuilder, frame: pl.DataFrame, population_year) -> dict:
    """One unit per row: its teller, noemer and (proportions) the persons outside."""
    rows = _rows(builder, "indicator_values", frame).join(
        families(), on=["indicator_id", "method"], how="left"
    )
    rows = rows.join(population_year, on="jaar", how="left")
    builder.show(
        rows.select(
            "unit",
            pl.col("teller_family").alias("family"),
            "area_code",
            pl.col("period").alias("slot"),
            pl.col("teller").alias("value"),
        )
    )
    builder.show(
        rows.select(
            "unit",
            pl.col("noemer_family").alias("family"),
            "area_code",
            pl.when(pl.col("noemer_family") == POPULATION)
            .then(pl.col("bevolking_jaar").cast(pl.String))
            .otherwise(pl.col("period"))
            .alias("slot"),
            pl.col("noemer").alias("value"),
        )
    )
    builder.show(
        rows.select(
            "unit",
            pl.col("rest_family").alias("family"),
            "area_code",
            pl.col("period").alias("slot"),
            (pl.col("noemer") - pl.col("teller")).alias("value"),
        )
    )
    return {"": _first_unit(rows)}


def show_opnames_per_type(builder: CellBuilder, frame: pl.DataFrame, population_year) -> dict:
    """Two units per row: the count, and the rate per 1.000 (which shows the population)."""
    counts = _rows(builder, "opnames_per_type", frame)
    rates = _rows(builder, "opnames_per_type", frame, unit="rate").join(
        population_year, on="jaar", how="left"
    )
    for rows in (counts, rates):
        builder.show(
            rows.select(
                "unit",
                pl.concat_str([pl.lit("opname:"), "opname_type"]).alias("family"),
                "area_code",
                pl.col("period").alias("slot"),
                pl.col("aantal").alias("value"),
            )
        )
    builder.show(
        rates.select(
            "unit",
            pl.lit(POPULATION).alias("family"),
            "area_code",
            pl.col("bevolking_jaar").cast(pl.String).alias("slot"),
            pl.col("inwoners_75plus").alias("value"),
        )
    )
    return {"": _first_unit(counts), "rate": _first_unit(rates)}


def show_consulten_per_kenmerk(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """Two units per row: the count, and the share (which shows the year's contacts)."""
    counts = _rows(builder, "consulten_per_kenmerk", frame)
    shares = _rows(builder, "consulten_per_kenmerk", frame, unit="share")
    family = pl.concat_str([pl.lit("kenmerk:"), "kenmerk", pl.lit("="), "waarde"])
    for rows in (counts, shares):
        builder.show(
            rows.select(
                "unit",
                family.alias("family"),
                "area_code",
                pl.col("jaar").cast(pl.String).alias("slot"),
                pl.col("contacten").alias("value"),
            )
        )
    builder.show(
        shares.select(
            "unit",
            pl.lit("contacten").alias("family"),
            "area_code",
            pl.col("jaar").cast(pl.String).alias("slot"),
            pl.col("_totaal").alias("value"),
        )
    )
    return {"": _first_unit(counts), "share": _first_unit(shares)}


def show_bevolking(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    rows = _rows(builder, "bevolking", frame)
    builder.show(
        rows.select(
            "unit",
            pl.concat_str([pl.lit("inwoners:"), "leeftijdsklasse"]).alias("family"),
            "area_code",
            pl.col("jaar").cast(pl.String).alias("slot"),
            pl.col("inwoners").alias("value"),
        )
    )
    return {"": _first_unit(rows)}


def show_bevolking_geslacht(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """One unit per row: the inhabitants of one age class and sex (the class's two sexes add
    up to ``bevolking``'s class, ``breakdown_relations``)."""
    rows = _rows(builder, "bevolking_geslacht", frame)
    builder.show(
        rows.select(
            "unit",
            pl.concat_str([pl.lit("inwoners:"), "leeftijdsklasse", pl.lit(":"), "geslacht"]).alias(
                "family"
            ),
            "area_code",
            pl.col("jaar").cast(pl.String).alias("slot"),
            pl.col("inwoners").alias("value"),
        )
    )
    return {"": _first_unit(rows)}


def show_koppel_kenmerken(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """Two units per row: the koppels, and the shares (which show koppels with and without
    each trait)."""
    counts = _rows(builder, "koppel_kenmerken", frame)
    shares = _rows(builder, "koppel_kenmerken", frame, unit="share")
    slot = pl.col("jaar").cast(pl.String).alias("slot")
    for rows in (counts, shares):
        builder.show(
            rows.select(
                "unit",
                pl.lit("koppels").alias("family"),
                "area_code",
                slot,
                pl.col("actieve_koppels").alias("value"),
            )
        )
    for trait, column in (("his", "werkt_in_his"), ("overleg", "vast_overleg")):
        builder.show(
            shares.select(
                "unit",
                pl.lit(f"koppels:{trait}").alias("family"),
                "area_code",
                slot,
                pl.col(column).alias("value"),
            )
        )
        builder.show(
            shares.select(
                "unit",
                pl.lit(f"koppels:{trait}{REST}").alias("family"),
                "area_code",
                slot,
                (pl.col("actieve_koppels") - pl.col(column)).alias("value"),
            )
        )
    return {"": _first_unit(counts), "share": _first_unit(shares)}


def show_koppel_leercurve(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """One unit per row: koppels, and (per koppel × koppels) their contacts and clients."""
    rows = _rows(builder, "koppel_leercurve", frame)
    for family, column in (
        ("leercurve:koppels", "n_koppels"),
        ("leercurve:contacten", "contacten"),
        ("leercurve:clienten", "clienten"),
    ):
        builder.show(
            rows.select(
                "unit",
                pl.lit(family).alias("family"),
                "area_code",
                pl.col("kwartaal_sinds_start").cast(pl.String).alias("slot"),
                pl.col(column).alias("value"),
            )
        )
    return {"": _first_unit(rows)}


def show_koppel_vergelijking(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """One unit per row: its group's teller, noemer and the rest; the admissions of an unknown
    practice (``_onbekend_teller``/``_onbekend_noemer``) are hidden cells of the equation
    with the indicator."""
    rows = _rows(builder, "koppel_vergelijking", frame)
    slot = pl.col("jaar").cast(pl.String).alias("slot")
    values = {
        "teller": pl.col("teller"),
        "noemer": pl.col("noemer"),
        "rest": pl.col("noemer") - pl.col("teller"),
    }
    # The rate's rows show no rest, and onbekend has no noemer there (koppel_family: null).
    named = pl.col("family").is_not_null()
    for part, value in values.items():
        family = koppel_family(pl.col("groep"), pl.col("indicator_id"), part)
        builder.show(
            rows.select(
                "unit", family.alias("family"), "area_code", slot, value.alias("value")
            ).filter(named)
        )
    unknown = frame.unique(["area_code", "jaar", "indicator_id"]).with_columns(
        pl.col("_onbekend_teller").alias("teller"), pl.col("_onbekend_noemer").alias("noemer")
    )
    for part, value in values.items():
        family = koppel_family("onbekend", pl.col("indicator_id"), part)
        builder.hide(
            unknown.select(family.alias("family"), "area_code", slot, value.alias("value")).filter(
                named
            )
        )
    return {"": _first_unit(rows)}


def show_samenwerkingsfase(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """One unit per row: the stage's practices and listed 75-plussers, and (through the share
    ``aandeel_75plus`` of a stage with listed 75-plussers) the area's listed 75-plussers,
    koppeldekking's noemer."""
    rows = _rows(builder, "samenwerkingsfase", frame)
    slot = pl.col("jaar").cast(pl.String).alias("slot")
    for kind, column in (("praktijken", "praktijken"), ("ingeschreven", "ingeschreven_75plus")):
        builder.show(
            rows.select(
                "unit",
                fase_family(kind, pl.col("fase")).alias("family"),
                "area_code",
                slot,
                pl.col(column).alias("value"),
            )
        )
    builder.show(
        rows.filter(pl.col("ingeschreven_75plus") > 0).select(
            "unit",
            pl.lit("ingeschreven").alias("family"),
            "area_code",
            slot,
            pl.col("_totaal").alias("value"),
        )
    )
    return {"": _first_unit(rows)}


def show_koppel_hulpvraag(builder: CellBuilder, frame: pl.DataFrame, _population) -> dict:
    """One unit per row: the contacts of one koppeljaar and hulpvraag, and (through the share
    of a row with contacts) the koppeljaar's contacts."""
    rows = _rows(builder, "koppel_hulpvraag", frame)
    slot = pl.col("koppeljaar").cast(pl.String).alias("slot")
    builder.show(
        rows.select(
            "unit",
            koppeljaar_family(pl.col("hulpvraag")).alias("family"),
            "area_code",
            slot,
            pl.col("contacten").alias("value"),
        )
    )
    builder.show(
        rows.filter(pl.col("contacten") > 0).select(
            "unit",
            pl.lit(KOPPELJAAR).alias("family"),
            "area_code",
            slot,
            pl.col("_totaal").alias("value"),
        )
    )
    return {"": _first_unit(rows)}


SHOW = {
    "indicator_values": show_indicator_values,
    "opnames_per_type": show_opnames_per_type,
    "consulten_per_kenmerk": show_consulten_per_kenmerk,
    "bevolking": show_bevolking,
    "bevolking_geslacht": show_bevolking_geslacht,
    "koppel_kenmerken": show_koppel_kenmerken,
    "koppel_leercurve": show_koppel_leercurve,
    "koppel_vergelijking": show_koppel_vergelijking,
    "samenwerkingsfase": show_samenwerkingsfase,
    "koppel_hulpvraag": show_koppel_hulpvraag,
}
