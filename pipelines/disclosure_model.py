"""One disclosure model over everything a release publishes, solved as an attacker would.

Every published table shows *cells*: counts of persons, events, inhabitants or koppels (a
teller, a noemer, the persons outside a proportion's teller, an admission type, a
population class, the koppels working in the GP's system …). One count shown by several tables
is one cell (the Wlz admissions of a wijk are ``wlz_opnames``' teller, ``crisisopnames``'
noemer and a row of ``opnames_per_type``). *Relations* tie cells together, within and
between tables: areas add up to their parent, quarters to their year, the values of a
characteristic to the contacts, VS + PA to ``inzet_vs_pa``, the ELV types to ``elv_opnames``,
the age classes to the rate noemer, a proportion's parts to its noemer.

A table row is one or more *units* of publication: what is blanked together (a row of
``indicator_values``; the count and, separately, the share of a row of
``consulten_per_kenmerk``). A cell is *known* when any unit showing it is published, or when an
earlier release published the same value (an attacker keeps old releases); otherwise unknown.

*Targets* are the cells that must stay hidden: counts of 1 … limit − 1 (persons and events below
``min_count``, koppels below ``min_koppels``), the lists of practices in an area with fewer
practices than the koppel minimum, and every count that differs from an earlier release's
published value by 1 … min_count − 1 (a year to date one quarter later, a revised delivery).
A target is protected when it is unknown and the published cells, every relation and every
range the suppression labels state (``primair``: 1 … limit − 1; every count ≥ 0) leave it an
integer range of at least ``need`` values (5 for counts: never pinned, never within ± 2).

``protect`` hides every unit that shows a target, then repeats until every target is protected:

1. exact attack: a relation with a single unknown member gives it away, and what it gives
   counts as known in the next relation (``_peeled``, linear time); when that finds no
   target, linear algebra (batched, ``disclosure_audit``): a target whose unit vector lies in
   the row space of the relations is determined. Hiding more never determines a cell that was
   open, so once the linear algebra finds no target it is not run again;
2. range attack (linear programming over each connected part of the system, integer-rounded
   bounds, the labels' ranges): a target whose range is narrower than ``need``.

Each exposed target gets a partner: a known cell of one of its relations is hidden too (every
unit showing it, reason ``secundair``): first the cells that stay unknown once hidden (not the
only hidden cell of another relation), then the smallest count that leaves enough slack
(≥ limit + need), else the largest. Ties are broken by the cell's key, so the result never
depends on row order. A target exposed round after round by the same attack gets one in each
of its relations and one in what the attack used: where the chain of relations that gives it
away starts, or a published cell its range's bound depends on (the relations' duals at its
minimum and maximum); one the relations give away through hidden cells only gets one where
the chain starts; one short in more than ``_RELABEL_AFTER`` range rounds, or hidden all
around and pinned by the labels' ranges, loses its label's range (``onderdrukt``).
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import highspy
import numpy as np
import polars as pl
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.disclosure_audit import _affected, _Equations, _exposed, _grouped, _ranges

#: Random mixes of the targets still short before they are bounded exactly, and rounds of exact
#: bounds (one target per connected part each) before the rest counts as short. On the first
#: 22 programmes of a generated region of scale 4 (47.520 targets), 12 draws and rounds that
#: stop once they find only short targets flag as many short as 6 draws and 25 full rounds
#: (4.802 vs 4.784) with 432 instead of 1.194 solves.
_FOCUSED_DRAWS = 12
_EXACT_ROUNDS = 25
#: The range attack solves the connected parts in programmes of about this many variables,
#: as many at once as the process may use cores (HiGHS releases the GIL while it solves).
_CHUNK_VARIABLES = 4_000
_WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
#: Rounds of one attack a target may stay exposed with one partner a round; then it gets
#: one in each of its relations.
_PATIENCE = 2
#: Range rounds a target may stay short with partners in each of its relations; then the
#: ranges its labels state go too (as for a target hidden all around). At scale 10 the last
#: twenty range rounds gave partners to the same few dozen targets, short every round.
_RELABEL_AFTER = 3 * _PATIENCE
#: Rounds of adding partners before giving up.
_MAX_ROUNDS = 2000
#: A cell shown by more units than this is a partner of last resort (hiding it costs much).
_WIDELY_SHOWN = 4
_EPS = 1e-6
#: HiGHS' ``simplex_strategy`` values.
_DUAL, _PRIMAL = 1, 4
#: Reason of a unit whose label may not state a range (see ``protect``).
UNRANGED = "onderdrukt"
#: Reasons that state a range of the cells their unit shows (primair: 1 … limit − 1).
RANGED_REASONS = ("primair", "te_weinig_koppels", "te_weinig_praktijken")


class DisclosureError(RuntimeError):
    """A target cannot be protected: every cell of its relations is hidden already."""


@dataclass
class Model:
    """Cells, units and relations of one release, as polars frames (string keys).

    - ``cells``: key, value (the true count), target, lo, hi (the range an attacker reads from
      the labels while the cell is unknown; hi may be inf), need (values the attacker's range
      must keep), limit (the threshold behind the target; for the partner choice);
    - ``units``: unit (global number), table, suppressed, reason;
    - ``shows``: unit, key — the cells each unit shows;
    - ``relations``: relation (text key), key, sign — Σ sign × cell = 0;
    - ``targets``: more targets by key (key, lo, hi, need, limit), whatever their value;
    - ``fixed``: keys an attacker knows from an earlier release (published then);
    - ``frozen``: keys of earlier releases' cells: what they published (labels included) can no
      longer change.
    """

    cells: list[pl.DataFrame] = field(default_factory=list)
    units: list[pl.DataFrame] = field(default_factory=list)
    shows: list[pl.DataFrame] = field(default_factory=list)
    relations: list[pl.DataFrame] = field(default_factory=list)
    targets: list[pl.DataFrame] = field(default_factory=list)
    fixed: list[pl.DataFrame] = field(default_factory=list)
    frozen: list[pl.DataFrame] = field(default_factory=list)
    _n_units: int = 0

    def add_units(self, table: str, suppressed: pl.Series, reason: pl.Series) -> int:
        """Register ``len(suppressed)`` units of ``table``; returns the first unit's number."""
        first = self._n_units
        self.units.append(
            pl.DataFrame(
                {
                    "unit": pl.int_range(first, first + suppressed.len(), eager=True),
                    "table": pl.repeat(table, suppressed.len(), eager=True, dtype=pl.String),
                    "suppressed": suppressed.fill_null(False).cast(pl.Boolean),
                    "reason": reason.cast(pl.String),
                }
            )
        )
        self._n_units += suppressed.len()
        return first

    def add_cells(self, frame: pl.DataFrame) -> None:
        """``frame``: key, value, target, lo, hi, need, limit."""
        self.cells.append(
            frame.select(
                pl.col("key").cast(pl.String),
                pl.col("value").cast(pl.Float64),
                pl.col("target").cast(pl.Boolean),
                pl.col("lo").cast(pl.Float64),
                pl.col("hi").cast(pl.Float64),
                pl.col("need").cast(pl.Int64),
                pl.col("limit").cast(pl.Int64),
            )
        )

    def add_targets(self, frame: pl.DataFrame) -> None:
        """``frame``: key, lo, hi, need, limit — cells to protect whatever their value."""
        self.targets.append(
            frame.select(
                pl.col("key").cast(pl.String),
                pl.col("lo").cast(pl.Float64),
                pl.col("hi").cast(pl.Float64),
                pl.col("need").cast(pl.Int64),
                pl.col("limit").cast(pl.Int64),
            )
        )

    def add_shows(self, frame: pl.DataFrame) -> None:
        """``frame``: unit, key."""
        self.shows.append(frame.select(pl.col("unit").cast(pl.Int64), pl.col("key")))

    def add_relations(self, frame: pl.DataFrame) -> None:
        """``frame``: relation, key, sign."""
        self.relations.append(
            frame.select(
                pl.col("relation").cast(pl.String),
                pl.col("key").cast(pl.String),
                pl.col("sign").cast(pl.Float64),
            )
        )


@dataclass
class Result:
    """Per unit: suppressed and reason after protection; per cell: known to an attacker."""

    suppressed: np.ndarray
    reason: list[str | None]
    cells: pl.DataFrame  # key, value, target, lo, hi (final), need, limit, known
    rounds: int
    partners: int


def _cell_table(model: Model) -> pl.DataFrame:
    """The cells, one row per key; refuses one key with two values (a count published twice
    that disagrees with itself is a pipeline error)."""
    cells = pl.concat(model.cells)
    if model.targets:
        extra = pl.concat(model.targets).join(
            cells.select("key", "value").unique("key"), on="key", how="inner"
        )
        cells = pl.concat([cells, extra.with_columns(pl.lit(True).alias("target"))], how="diagonal")
        cells = cells.select("key", "value", "target", "lo", "hi", "need", "limit")
    merged = cells.group_by("key").agg(
        pl.col("value").min().alias("value"),
        pl.col("value").max().alias("_max"),
        pl.col("target").any(),
        pl.col("lo").max(),
        pl.col("hi").min(),
        pl.col("need").max(),
        pl.col("limit").max(),
    )
    differ = merged.filter((pl.col("value") - pl.col("_max")).abs() > _EPS)
    if differ.height:
        first = differ.row(0, named=True)
        raise DisclosureError(
            f"disclosure model: cell {first['key']} is published with two values "
            f"({first['value']} and {first['_max']}); {differ.height} such cells"
        )
    return merged.drop("_max").sort("key").with_row_index("cell")


def protect(model: Model) -> Result:
    """Suppress units until every target is protected (see the module docstring). Returns the
    units' final suppression and reasons. Raises DisclosureError when a target cannot be
    protected."""
    cells = _cell_table(model)
    units = pl.concat(model.units).sort("unit")
    n_cells = cells.height
    index = cells.select("key", "cell")

    shows = pl.concat(model.shows).join(index, on="key", how="inner")
    show_unit = shows["unit"].to_numpy().astype(np.int64)
    show_cell = shows["cell"].to_numpy().astype(np.int64)

    relations = pl.concat(model.relations).join(index, on="key", how="left")
    # A relation with a member that is not a cell (not published in any form) says nothing.
    complete = relations.group_by("relation").agg(pl.col("cell").is_not_null().all().alias("ok"))
    relations = relations.join(complete.filter("ok").select("relation"), on="relation")
    relations = relations.with_columns(pl.col("relation").rank("dense").cast(pl.Int64) - 1)
    equations = _pairs_to_equations(
        relations["relation"].to_numpy().astype(np.int64),
        relations["cell"].to_numpy().astype(np.int64),
        relations["sign"].to_numpy().astype(np.float64),
        n_cells,
    )

    value = cells["value"].to_numpy()
    target = cells["target"].to_numpy().astype(bool)
    lo = cells["lo"].to_numpy().copy()
    hi = cells["hi"].to_numpy().copy()
    need = cells["need"].to_numpy()
    limit = cells["limit"].to_numpy()
    fixed, frozen = (_mask(index, keys) for keys in (model.fixed, model.frozen))
    units_of_cell = np.bincount(show_cell, minlength=n_cells)
    rank = np.arange(n_cells)  # cells are sorted by key

    suppressed = units["suppressed"].to_numpy().astype(bool).copy()
    reason = units["reason"].to_list()
    # Every unit that shows a target is hidden: ``primair`` when the target is a small count,
    # ``secundair`` when it is a target for another reason (a count that moved since an
    # earlier release may be large; "primair" would state a range that is false).
    small = target & (value >= 1) & (value <= limit - 1)
    for shown, label in ((small, "primair"), (target, "secundair")):
        showing = np.unique(show_unit[shown[show_cell]])
        for u in showing[~suppressed[showing]].tolist():
            reason[u] = label
        suppressed[showing] = True

    rounds = partners_total = 0
    cache: dict = {}
    binding: dict = {}  # target → the relations bounding it at its last exact bound
    # Targets the range attack has shown wide. Hiding more only widens a range (every point
    # that was feasible stays feasible with the newly hidden cell at its value, and labels
    # only ever lose their range), so they stay wide and are never bounded again.
    wide = np.zeros(n_cells, dtype=bool)
    # Rounds a target was exposed in, per attack.
    times_exposed = {
        "exact": np.zeros(n_cells, dtype=np.int64),
        "range": np.zeros(n_cells, dtype=np.int64),
    }
    # The exact attack solves everything once; later solves only the parts that changed since
    # (a cell became unknown, or held an exposed target), the others are what they were.
    component = np.full(n_cells, -1, dtype=np.int64)
    rows = None
    before = None
    since = np.array([], dtype=np.int64)  # targets exposed since the last exact solve
    # Hiding more never determines a cell that was open (a null-space vector of the relations
    # stays one when columns are added): once the exact attack finds no target, it never will.
    exact_done = False
    for rounds in range(1, _MAX_ROUNDS + 1):  # noqa: B007
        unknown = _unknown(suppressed, show_unit, show_cell, n_cells) & ~fixed
        mode = "exact"
        # Relations that leave one cell open give it away: found in linear time, they spare
        # most rounds the linear algebra (which finds these and every other determined cell).
        given_by = np.full(n_cells, -1, dtype=np.int64)
        if exact_done:
            exposed = np.array([], dtype=np.int64)
        else:
            exposed = _peeled(equations, unknown, given_by)
        exposed = exposed[target[exposed]]
        if not exposed.size and not exact_done:
            if before is not None:
                changed = np.union1d(np.flatnonzero(unknown & ~before), since)
                rows = _affected(equations, unknown, component, changed)
            determined, solved, solved_component = _exposed(equations, unknown, rows)
            if solved.size:
                component[solved] = solved_component + int(component.max()) + 1
            before, since = unknown, np.array([], dtype=np.int64)
            exposed = determined[target[determined]]
            exact_done = not exposed.size
        since = np.union1d(since, exposed)
        if not exposed.size:
            exposed = _narrowed(
                equations, unknown, target, value, lo, hi, need, cache, wide, binding
            )
            mode = "range"
        if not exposed.size:
            break
        # Still exposed after the partners of the last two rounds of the same attack: one
        # partner in each of its relations now, instead of one a round (the sample's last
        # range rounds added one partner each to the same two targets, six rounds in a row).
        times_exposed[mode][exposed] += 1
        again = exposed[times_exposed[mode][exposed] > _PATIENCE]
        known = ~unknown
        hideable = known & ~fixed
        away = _given_away(equations, known)
        chosen, served = _partners(
            equations,
            known,
            hideable,
            value,
            rank,
            exposed,
            away,
            limit,
            need,
            units_of_cell,
            again,
        )
        # Partners one or two relations away have not helped these: hide what the attack
        # used, wherever it sits — what bounds them (range), or where the chain that gives
        # them starts (exact, below).
        if mode == "range" and again.size:
            chosen = np.union1d(
                chosen, _dual_partners(equations, binding, hideable, value, rank, away, again)
            )
        alone = exposed[~np.isin(exposed, served)]
        # Hidden all around, or short round after round whatever is hidden around it, and
        # still pinned by the ranges the labels state: the label goes (``onderdrukt`` states
        # no range), the cell keeps only "≥ 0".
        pinned = alone[:0]
        if mode == "range":
            stuck = np.union1d(alone, exposed[times_exposed[mode][exposed] > _RELABEL_AFTER])
            pinned = stuck[(hi[stuck] < np.inf) & ~frozen[stuck]]
        if pinned.size:
            relabel = np.unique(show_unit[np.isin(show_cell, pinned)])
            for u in relabel.tolist():
                if reason[u] in RANGED_REASONS:
                    reason[u] = UNRANGED
            lo[pinned], hi[pinned] = 0.0, np.inf
        else:
            # Where the chain that gives them starts: for targets no relation near them can
            # serve, and in the exact attack for those exposed round after round.
            walk_back = alone if mode == "range" else np.union1d(alone, again)
            derived = _derived_partners(equations, given_by, hideable, value, rank, away, walk_back)
            if alone.size and not derived.size and not chosen.size:
                derived = _farther_partner(equations, known, hideable, value, rank, alone)
                if not derived.size:
                    raise DisclosureError(
                        f"disclosure model: {alone.size} cells stay exposed and have no "
                        f"published partner left, e.g. {cells['key'][int(alone[0])]}"
                    )
            chosen = np.union1d(chosen, derived)
        if not chosen.size:
            continue
        partners_total += chosen.size
        hide = np.unique(show_unit[np.isin(show_cell, chosen)])
        for u in hide[~suppressed[hide]].tolist():
            reason[u] = "secundair"
        suppressed[hide] = True
    else:
        raise DisclosureError("disclosure model: cells stay exposed after the maximum rounds")

    unknown = _unknown(suppressed, show_unit, show_cell, n_cells) & ~fixed
    return Result(
        suppressed=suppressed,
        reason=reason,
        cells=cells.drop("cell").with_columns(
            pl.Series("lo", lo), pl.Series("hi", hi), pl.Series("known", ~unknown)
        ),
        rounds=rounds,
        partners=partners_total,
    )


def _mask(index: pl.DataFrame, keys: list[pl.DataFrame]) -> np.ndarray:
    """True for the cells (``index``: key, cell) whose key is in one of ``keys``."""
    mask = np.zeros(index.height, dtype=bool)
    if keys:
        cells = index.join(pl.concat([k.select("key") for k in keys]).unique(), on="key")
        mask[cells["cell"].to_numpy()] = True
    return mask


def _peeled(
    equations: _Equations, unknown: np.ndarray, given_by: np.ndarray | None = None
) -> np.ndarray:
    """Unknown cells the relations give away one by one: a relation with a single unknown
    member determines it, which then counts as known in its other relations, and so on.
    Returns them ascending. A part of what the exact attack finds, in linear time.
    ``given_by``, when given, receives the relation that gave each of them away."""
    eq, cell = equations.equation, equations.row
    n_equations = equations.equation_start.size - 1
    open_ = unknown.copy()
    count = np.bincount(eq, weights=open_[cell], minlength=n_equations)
    frontier = np.flatnonzero(count == 1)
    found = []
    while frontier.size:
        starts = equations.equation_start[frontier]
        ends = equations.equation_start[frontier + 1]
        members = cell[equations.by_equation[_ranges(starts, ends)]]
        is_open = open_[members]
        given, first = np.unique(members[is_open], return_index=True)
        if not given.size:
            break
        if given_by is not None:
            given_by[given] = np.repeat(frontier, ends - starts)[is_open][first]
        found.append(given)
        open_[given] = False
        touched = eq[
            equations.by_row[_ranges(equations.row_start[given], equations.row_start[given + 1])]
        ]
        count -= np.bincount(touched, minlength=n_equations)
        frontier = np.unique(touched[count[touched] == 1])
    return np.sort(np.concatenate(found)) if found else np.array([], dtype=np.int64)


def _unknown(
    suppressed: np.ndarray, show_unit: np.ndarray, show_cell: np.ndarray, n_cells: int
) -> np.ndarray:
    """A cell is unknown when no published unit shows it."""
    published = np.bincount(show_cell, weights=~suppressed[show_unit], minlength=n_cells)
    return published == 0


def _pairs_to_equations(
    equation: np.ndarray, cell: np.ndarray, sign: np.ndarray, n_cells: int
) -> _Equations:
    n_equations = int(equation.max()) + 1 if equation.size else 1
    by_row, row_start = _grouped(cell, n_cells)
    by_equation, equation_start = _grouped(equation, n_equations)
    return _Equations(
        equation=equation,
        row=cell,
        sign=sign,
        by_row=by_row,
        row_start=row_start,
        by_equation=by_equation,
        equation_start=equation_start,
    )


def _members(equations: _Equations, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, member position) pairs: every member of every equation of each cell."""
    starts, ends = equations.row_start[cells], equations.row_start[cells + 1]
    own = equations.by_row[_ranges(starts, ends)]
    owner = np.repeat(cells, ends - starts)
    eq = equations.equation[own]
    first, last = equations.equation_start[eq], equations.equation_start[eq + 1]
    member = equations.by_equation[_ranges(first, last)]
    return np.repeat(owner, last - first), member


def _partners(
    equations: _Equations,
    known: np.ndarray,
    hideable: np.ndarray,
    value: np.ndarray,
    rank: np.ndarray,
    exposed: np.ndarray,
    given_away: np.ndarray,
    limit: np.ndarray,
    need: np.ndarray,
    units_of_cell: np.ndarray,
    again: np.ndarray,
) -> np.ndarray:
    """One hideable cell (published now, not known from an earlier release) per exposed
    target, from its own relations or, when they hold none, from the relations of the unknown
    cells it shares a relation with. A target in ``again`` (exposed in more than
    ``_PATIENCE`` rounds of the same attack) gets one in each of its relations that holds
    one, or further on, one in the relations of each unknown cell it shares one with. First
    the cells that hiding leaves unknown (not ``given_away``: alone in another relation, that
    would give the partner away, and the target with it); children before parents; rarely
    shown cells first; then the smallest count with slack (≥ limit + need), else the largest;
    ties by key.
    Returns the partners and the targets they serve."""
    owner, member = _members(equations, exposed)
    chosen: set[int] = set()
    served: set[int] = set()
    taken: set = set()  # (target, hop, slot) of the partners of targets in ``again``

    def choose(hop_number: int, o, c, s, slot) -> None:
        keep = hideable[c] & (value[c] > 0) & (c != o)
        o, c, s, slot = o[keep], c[keep], s[keep], slot[keep]
        own = np.isin(o, again)
        slack = limit[o] + need[o]
        # A partner with slack (≥ limit + need) hides the target in a range, not only from the
        # exact attack; the smallest such, else the largest there is.
        size_key = np.where(value[c] >= slack, value[c], 1e12 - value[c])
        order = np.lexsort(
            (rank[c], size_key, units_of_cell[c] > _WIDELY_SHOWN, s > 0, given_away[c], rank[o])
        )
        for who, candidate, where, each in zip(
            o[order].tolist(),
            c[order].tolist(),
            slot[order].tolist(),
            own[order].tolist(),
            strict=True,
        ):
            if each:
                if (who, hop_number, where) in taken:
                    continue
                taken.add((who, hop_number, where))
            elif who in served:
                continue
            served.add(who)
            chosen.add(candidate)

    # Where a target in ``again`` takes a partner of its own (see above): per relation.
    choose(0, owner, equations.row[member], equations.sign[member], equations.equation[member])
    # One relation further, through the unknown members of the target's own relations: only
    # for the targets still without a partner and those in ``again`` (for the others every
    # candidate there would be passed over; at national scale a relation of thousands of
    # cells made this join gigabytes).
    neighbour = equations.row[member]
    pending = np.union1d(np.setdiff1d(exposed, np.fromiter(served, np.int64)), again)
    step = ~known[neighbour] & (neighbour != owner) & np.isin(owner, pending)
    if step.any():
        hop = pl.DataFrame({"owner": owner[step], "via": neighbour[step]}).unique()
        via = hop["via"].unique().to_numpy()
        via_owner, via_member = _members(equations, via)
        further = hop.join(
            pl.DataFrame(
                {
                    "via": via_owner,
                    "other": equations.row[via_member],
                    "sign": equations.sign[via_member],
                }
            ),
            on="via",
        )
        choose(
            1,
            further["owner"].to_numpy(),
            further["other"].to_numpy(),
            further["sign"].to_numpy(),
            further["via"].to_numpy(),
        )
    return np.array(sorted(chosen), dtype=np.int64), np.array(sorted(served), dtype=np.int64)


def _given_away(equations: _Equations, known: np.ndarray) -> np.ndarray:
    """Per cell: once hidden it would be the only hidden cell of one of its relations, which
    gives it away to the exact attack (the sample's exact rounds went through 25 such
    partners of the same five targets, one a round)."""
    n_equations = equations.equation_start.size - 1
    hidden = np.bincount(equations.equation, weights=~known[equations.row], minlength=n_equations)
    alone = hidden[equations.equation] == 0
    return np.bincount(equations.row, weights=alone, minlength=known.size) > 0


def _derived_partners(
    equations: _Equations,
    given_by: np.ndarray,
    hideable: np.ndarray,
    value: np.ndarray,
    rank: np.ndarray,
    given_away: np.ndarray,
    exposed: np.ndarray,
) -> np.ndarray:
    """A partner for each target the relations give away (``given_by``: the relation that gave
    each cell away, see ``_peeled``) when none of its own relations holds a published cell,
    or when the partners near it have not helped for rounds: walk back the way the attack
    found it — the relation that gave it, the relations that
    gave that relation's other hidden members, and so on — and hide a published cell of the
    nearest relation that holds one: that relation no longer gives its cell away, so neither
    is the target (through that way; another way shows in the next round). Per target the
    cells not given away first, then the smallest positive count, ties by key.

    At national scale the old last resort (the smallest published cell a few relations
    away, one for all such targets) crawled: 13 targets of the ELV quarters of gemeenten,
    one partner a round for hundreds of rounds; partners in their relations (other RESVs'
    quarters) did not help for 160 rounds either, the RESVs' years here do."""
    owner, cell = exposed, exposed
    seen: set[tuple[int, int]] = set(zip(owner.tolist(), cell.tolist(), strict=True))
    chosen: list[np.ndarray] = []
    while owner.size:
        relation = given_by[cell]
        owner, relation = owner[relation >= 0], relation[relation >= 0]
        first = equations.equation_start[relation]
        last = equations.equation_start[relation + 1]
        members = equations.row[equations.by_equation[_ranges(first, last)]]
        owners = np.repeat(owner, last - first)
        usable = hideable[members] & (value[members] > 0)
        if usable.any():
            o, c = owners[usable], members[usable]
            order = np.lexsort((rank[c], value[c], given_away[c], o))
            o, c = o[order], c[order]
            best = np.concatenate(([True], o[1:] != o[:-1]))
            chosen.append(c[best])
            done = np.isin(owners, o)
            owners, members = owners[~done], members[~done]
        onward = given_by[members] >= 0
        pairs = [
            (o, c)
            for o, c in zip(owners[onward].tolist(), members[onward].tolist(), strict=True)
            if (o, c) not in seen
        ]
        seen.update(pairs)
        owner = np.array([o for o, _c in pairs], dtype=np.int64)
        cell = np.array([c for _o, c in pairs], dtype=np.int64)
    return np.unique(np.concatenate(chosen)) if chosen else np.array([], dtype=np.int64)


def _dual_partners(
    equations: _Equations,
    binding: dict,
    hideable: np.ndarray,
    value: np.ndarray,
    rank: np.ndarray,
    given_away: np.ndarray,
    targets: np.ndarray,
) -> np.ndarray:
    """For each of ``targets`` found short by an exact bound (``binding``: the relations with a
    non-zero dual at its minimum and maximum, and those duals), one published cell per side
    that its bound depends on: hidden, the cell becomes a variable (≥ 0) and the bound moves
    with it, wherever in the part it sits. Per side the cells that stay unknown once hidden
    first, then the largest dependence (|Σ dual × sign| over the cell's bounding relations),
    ties by key. A rest cell whose range came from its noemer's and teller's relations kept
    getting partners one or two relations away, short round after round."""
    n_cells = given_away.size
    chosen = []
    for t in targets.tolist():
        if t not in binding:
            continue
        relation, dual, side = binding[t]
        first = equations.equation_start[relation]
        last = equations.equation_start[relation + 1]
        member = equations.by_equation[_ranges(first, last)]
        cell = equations.row[member]
        weight = np.repeat(dual, last - first) * equations.sign[member]
        sides = np.repeat(side, last - first)
        keep = hideable[cell] & (value[cell] > 0)
        if not keep.any():
            continue
        key = sides[keep] * n_cells + cell[keep]
        keys, inverse = np.unique(key, return_inverse=True)
        dependence = np.abs(np.bincount(inverse, weights=weight[keep]))
        c, on = keys % n_cells, keys // n_cells
        use = dependence > _EPS
        c, on, dependence = c[use], on[use], dependence[use]
        order = np.lexsort((rank[c], -dependence, given_away[c], on))
        c, on = c[order], on[order]
        best = np.concatenate(([True], on[1:] != on[:-1])) if on.size else on.astype(bool)
        chosen.append(c[best])
    return np.unique(np.concatenate(chosen)) if chosen else np.array([], dtype=np.int64)


def _farther_partner(
    equations: _Equations,
    known: np.ndarray,
    hideable: np.ndarray,
    value: np.ndarray,
    rank: np.ndarray,
    exposed: np.ndarray,
    hops: int = 8,
) -> np.ndarray:
    """Last resort when no relation near an exposed target holds a published cell: walk the
    hidden cells it is connected to, relation by relation, and take the smallest positive
    published cell met (ties by key)."""
    seen = np.zeros(known.size, dtype=bool)
    frontier = np.unique(exposed)
    for _hop in range(hops):
        seen[frontier] = True
        _owner, member = _members(equations, frontier)
        other = np.unique(equations.row[member])
        candidates = other[hideable[other] & (value[other] > 0)]
        if candidates.size:
            best = candidates[np.lexsort((rank[candidates], value[candidates]))][0]
            return np.array([best], dtype=np.int64)
        frontier = other[~seen[other] & ~known[other]]
        if not frontier.size:
            break
    return np.array([], dtype=np.int64)


def _narrowed(
    equations: _Equations,
    unknown: np.ndarray,
    target: np.ndarray,
    value: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    need: np.ndarray,
    cache: dict,
    wide: np.ndarray,
    binding: dict | None = None,
) -> np.ndarray:
    """Unknown targets whose integer range, bounded by linear programming over the relations
    (published cells as constants, labels' ranges as bounds), holds fewer than ``need`` + 1
    values. Returns them ascending. Targets in ``wide`` are not bounded again, and the
    targets shown wide are added to it (in place); only the connected parts that hold
    another target are solved. ``cache`` keeps each connected part's verdict between rounds:
    a part whose cells and ranges did not change is not solved again. ``binding`` receives,
    per target found short by an exact bound, what bounds it (``_Programme.binding``)."""
    whole, cached = _programme(equations, unknown, target & ~wide, value, lo, hi, cache)
    found = [cached]
    programmes = whole.split(_CHUNK_VARIABLES) if whole is not None else []
    for programme, (low, high) in zip(programmes, _all_ranges(programmes, need), strict=True):
        cells = programme.variables[programme.targets]
        short = (np.floor(high + _EPS) - np.ceil(low - _EPS)) < need[cells]
        found.append(cells[short])
        wide[cells[~short]] = True
        parts = programme.component[programme.targets]
        for part, signature in programme.signatures.items():
            cache[signature] = cells[short & (parts == part)]
        if binding is not None and programme.binding is not None:
            owner, relation, dual, side = programme.binding
            if not owner.size:
                continue
            order = np.argsort(owner, kind="stable")
            owners, starts = np.unique(owner[order], return_index=True)
            for t, rows in zip(owners.tolist(), np.split(order, starts[1:]), strict=True):
                binding[t] = (relation[rows], dual[rows], side[rows])
    return np.sort(np.concatenate(found)).astype(np.int64)


def _all_ranges(
    programmes: list[_Programme], need: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``ranges`` of every programme, in their order. The programmes share no variable, so
    they are solved side by side, one thread per core: HiGHS releases the GIL while it
    solves, and each programme has its own HiGHS instance and its own random draws, so the
    ranges are the same as one after another."""

    def solve(programme: _Programme) -> tuple[np.ndarray, np.ndarray]:
        try:
            return programme.ranges(need[programme.variables[programme.targets]])
        finally:
            programme.release()

    workers = min(len(programmes), _WORKERS)
    if workers < 2:
        return [solve(programme) for programme in programmes]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="highs") as pool:
        return list(pool.map(solve, programmes))


@dataclass
class _Programme:
    """The attacker's linear programme over the parts of the system that hold a target:
    A x = b with bounds, one variable per unknown cell."""

    matrix: csr_matrix
    b: np.ndarray
    bounds: list[tuple[float, float | None]]
    variables: np.ndarray  # cell of each variable
    relations: np.ndarray  # relation of each row
    component: np.ndarray  # connected part of each variable
    targets: np.ndarray  # variable numbers of the targets, ordered by (component, cell)
    signatures: dict  # connected part → its signature (for the cache)
    #: After ``ranges``: what bounds each target found short by an exact bound — target cell,
    #: relation, the relation's dual at the target's minimum (side 0) or maximum (side 1).
    binding: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    _highs: object = None

    def split(self, max_variables: int) -> list[_Programme]:
        """The programme as several, each of whole connected parts and about
        ``max_variables`` variables. The parts are independent, so the ranges are the same;
        a smaller programme solves faster per vertex, and one whose targets are all settled
        stops while the others go on (2,4 × less CPU on a generated region of scale 4)."""
        sizes = np.bincount(self.component)
        parts = np.unique(self.component)
        chunk_of_part = np.zeros(sizes.size, dtype=np.int64)
        chunk_of_part[parts] = np.cumsum(sizes[parts]) // max(max_variables, 1)
        chunk = chunk_of_part[self.component]
        rows = self.matrix.tocoo()
        row_chunk = np.zeros(self.matrix.shape[0], dtype=np.int64)
        row_chunk[rows.row] = chunk[rows.col]
        csr = self.matrix.tocsr()
        out = []
        for number in np.unique(chunk).tolist():
            columns = np.flatnonzero(chunk == number)
            row_mask = row_chunk == number
            new_number = np.full(self.variables.size, -1, dtype=np.int64)
            new_number[columns] = np.arange(columns.size)
            own = chunk[self.targets] == number
            out.append(
                _Programme(
                    matrix=csr[row_mask][:, columns].tocsr(),
                    b=self.b[row_mask],
                    bounds=[self.bounds[i] for i in columns.tolist()],
                    variables=self.variables[columns],
                    relations=self.relations[row_mask],
                    component=self.component[columns],
                    targets=new_number[self.targets[own]],
                    signatures={
                        part: signature
                        for part, signature in self.signatures.items()
                        if chunk_of_part[part] == number
                    },
                )
            )
        return out

    def release(self) -> None:
        """Free the HiGHS instance, in the thread that solved with it."""
        if self._highs is not None:
            self._highs.clearModel()
            self._highs = None

    def _solve(self, cost: np.ndarray) -> np.ndarray:
        """Minimise ``cost`` · x. One HiGHS instance per programme, so each solve starts from
        the last one's basis (a few pivots instead of a solve from scratch)."""
        first = self._highs is None
        if first:
            self._highs = _highs_model(self.matrix, self.b, self.bounds)
        highs = self._highs
        # From scratch the dual simplex is a little faster (1,67 vs 1,93 s on 20 programmes of
        # a generated region of scale 10). After that only the cost changes, so the last basis
        # stays feasible and the primal simplex goes on from it: 8 ms a solve there against
        # 30 ms for the dual simplex, whose vertices differ more but not enough to pay for it
        # (build at scale 10: disclosure 95 → 35 s, 72 more cells hidden of 175.656).
        highs.setOptionValue("simplex_strategy", _DUAL if first else _PRIMAL)
        n = self.variables.size
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost.astype(np.float64))
        highs.run()
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            failed = highs.modelStatusToString(status)
            raise DisclosureError(f"disclosure model: the attacker's programme failed ({failed})")
        return np.asarray(highs.getSolution().col_value)

    def ranges(self, need: np.ndarray, draws: int = 4) -> tuple[np.ndarray, np.ndarray]:
        """For every target a range that is its attacker's range where that is narrower than
        ``need``, and a part of it otherwise (enough to prove it wide).

        Every solution of a programme is a point the attacker cannot rule out, so the values a
        target takes over a few vertices (all targets pushed down, up, random mixes, then
        random mixes of only those still short) lie in its range; a target they show wide
        enough is safe. The others are bounded exactly, one per connected part at once (the
        parts are independent, so one programme bounds one target of each), and each solution
        widens what is known of the rest. The exact rounds end after ``_EXACT_ROUNDS``, or
        after a round whose every bounded target was short; a target still short then is
        reported short: at worst it gets a partner it did not need. Only ever proving a
        target wide makes it safe, so how many rounds run changes the partners, never the
        guarantee."""
        rng = np.random.default_rng(0)
        n = self.variables.size
        low = np.full(self.targets.size, np.inf)
        high = np.full(self.targets.size, -np.inf)

        def seen(x: np.ndarray) -> None:
            nonlocal low, high
            low, high = np.minimum(low, x[self.targets]), np.maximum(high, x[self.targets])

        def short() -> np.ndarray:
            return (np.floor(high + _EPS) - np.ceil(low - _EPS)) < need

        for sign in (1.0, -1.0):
            cost = np.zeros(n)
            cost[self.targets] = sign
            seen(self._solve(cost))
        for _draw in range(draws):
            cost = np.zeros(n)
            cost[self.targets] = rng.choice([-1.0, 1.0], size=self.targets.size)
            seen(self._solve(cost))
        for _draw in range(_FOCUSED_DRAWS):
            open_ = short()
            if not open_.any():
                return low, high
            cost = np.zeros(n)
            cost[self.targets[open_]] = rng.choice([-1.0, 1.0], size=int(open_.sum()))
            seen(self._solve(cost))
        exact = np.zeros(self.targets.size, dtype=bool)
        part = self.component[self.targets]
        entries = self.matrix.tocoo()
        row_part = np.full(self.matrix.shape[0], -1, dtype=np.int64)
        row_part[entries.row] = self.component[entries.col]
        found: list[tuple[np.ndarray, ...]] = []
        for _round in range(_EXACT_ROUNDS):
            open_ = ~exact & short()
            if not open_.any():
                break
            # The first open target of each part.
            candidates = np.flatnonzero(open_)
            first = np.concatenate(([True], part[candidates][1:] != part[candidates][:-1]))
            chosen = candidates[first]
            cost = np.zeros(n)
            cost[self.targets[chosen]] = 1.0
            x_low = self._solve(cost)
            dual_low = np.asarray(self._highs.getSolution().row_dual)
            x_high = self._solve(-cost)
            dual_high = np.asarray(self._highs.getSolution().row_dual)
            seen(x_low)
            seen(x_high)
            low[chosen] = x_low[self.targets[chosen]]
            high[chosen] = x_high[self.targets[chosen]]
            exact[chosen] = True
            found.append(self._binding(chosen[short()[chosen]], row_part, dual_low, dual_high))
            # A round whose every bounded target is short ends them: the targets still open
            # are then short nearly all (on a generated region of scale 4, 147 of 150 that
            # looked short after the draws were short when bounded exactly) and bounding them
            # one per part would cost two solves each to spare a partner now and then.
            if short()[chosen].all():
                break
        if found:
            self.binding = tuple(np.concatenate(column) for column in zip(*found, strict=True))
        return low, high

    def _binding(
        self,
        bounded: np.ndarray,
        row_part: np.ndarray,
        dual_low: np.ndarray,
        dual_high: np.ndarray,
    ) -> tuple[np.ndarray, ...]:
        """For targets ``bounded`` exactly (at most one per part) and found short: the
        relations of their part (``row_part``: the part of each row) with a non-zero dual at
        their minimum and maximum. A published cell of such a relation is a constant the bound
        depends on."""
        target_of_part = dict(
            zip(
                self.component[self.targets[bounded]].tolist(),
                self.variables[self.targets[bounded]].tolist(),
                strict=True,
            )
        )
        out = []
        for side, dual in enumerate((dual_low, dual_high)):
            rows = np.flatnonzero(np.abs(dual) > _EPS)
            rows = rows[np.isin(row_part[rows], list(target_of_part))]
            cells = np.array([target_of_part[q] for q in row_part[rows].tolist()], dtype=np.int64)
            out.append((cells, self.relations[rows], dual[rows], np.full(rows.size, side)))
        return tuple(np.concatenate(column) for column in zip(*out, strict=True))


def _programme(
    equations: _Equations,
    unknown: np.ndarray,
    target: np.ndarray,
    value: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    cache: dict,
) -> tuple[_Programme | None, np.ndarray]:
    """The attacker's programme: every relation with an unknown member, the known members
    moved to the right-hand side; unknown targets in [lo, hi], other unknown cells ≥ 0; only
    the connected parts that hold an unknown target and are not in ``cache``. Returns it (None
    when there is nothing to solve) and the narrowed targets of the cached parts."""
    nothing = np.array([], dtype=np.int64)
    if not (unknown & target).any():
        return None, nothing
    eq, cell, sign = equations.equation, equations.row, equations.sign
    has_unknown = np.zeros(int(eq.max()) + 1 if eq.size else 1, dtype=bool)
    has_unknown[eq[unknown[cell]]] = True
    pair = has_unknown[eq]
    eq, cell, sign = eq[pair], cell[pair], sign[pair]
    rhs_known = np.bincount(
        eq, weights=np.where(unknown[cell], 0.0, -sign * value[cell]), minlength=has_unknown.size
    )
    on = unknown[cell]
    eq_u, cell_u, sign_u = eq[on], cell[on], sign[on]
    if not eq_u.size:
        return None, nothing
    eq_id, eq_number = np.unique(eq_u, return_inverse=True)
    cell_id, cell_number = np.unique(cell_u, return_inverse=True)
    n_eq, n_var = eq_id.size, cell_id.size
    graph = coo_matrix(
        (np.ones(eq_u.size), (eq_number, n_eq + cell_number)), shape=(n_eq + n_var,) * 2
    )
    _n, label = connected_components(graph, directed=False)
    var_component = label[n_eq:]
    # A part's signature: its cells, their ranges and the constants of its relations.
    weight = _cell_weights(unknown.size)[cell_id]
    n_parts = int(label.max()) + 1
    eq_component = label[:n_eq]
    signature = np.stack(
        [
            np.bincount(var_component, minlength=n_parts),
            np.bincount(var_component, weights=weight, minlength=n_parts),
            np.bincount(var_component, weights=weight * lo[cell_id], minlength=n_parts),
            np.bincount(
                var_component, weights=weight * np.minimum(hi[cell_id], 1e9), minlength=n_parts
            ),
            np.bincount(
                eq_component,
                weights=_cell_weights(has_unknown.size)[eq_id] * rhs_known[eq_id],
                minlength=n_parts,
            ),
        ],
        axis=1,
    ).round(6)
    with_target = np.unique(var_component[target[cell_id]])
    keys = {int(c): tuple(signature[c].tolist()) for c in with_target.tolist()}
    cached = [cache[k] for k in keys.values() if k in cache]
    cached = np.concatenate(cached) if cached else nothing
    with_target = np.array([c for c, k in keys.items() if k not in cache], dtype=np.int64)
    use_var = np.isin(var_component, with_target)
    use_eq = np.isin(label[:n_eq], with_target)
    if not use_eq.any():
        return None, cached
    var_new = np.full(n_var, -1, dtype=np.int64)
    var_new[use_var] = np.arange(int(use_var.sum()))
    eq_new = np.full(n_eq, -1, dtype=np.int64)
    eq_new[use_eq] = np.arange(int(use_eq.sum()))
    keep = use_eq[eq_number]
    matrix = csr_matrix(
        (sign_u[keep], (eq_new[eq_number[keep]], var_new[cell_number[keep]])),
        shape=(int(use_eq.sum()), int(use_var.sum())),
    )
    variables = cell_id[use_var]
    is_target = target[variables]
    var_lo = lo[variables]
    # A target without a stated upper bound is capped far away, so no programme is unbounded.
    var_hi = np.where(is_target, np.minimum(hi[variables], 1e9), hi[variables])
    component = var_component[use_var]
    targets = np.flatnonzero(is_target)
    targets = targets[np.lexsort((variables[targets], component[targets]))]
    return _Programme(
        matrix=matrix,
        b=rhs_known[eq_id[use_eq]],
        bounds=[(a, None if np.isinf(z) else z) for a, z in zip(var_lo, var_hi, strict=True)],
        variables=variables,
        relations=eq_id[use_eq],
        component=component,
        targets=targets,
        signatures={int(c): keys[int(c)] for c in with_target.tolist()},
    ), cached


def _highs_model(matrix: csr_matrix, b: np.ndarray, bounds: list) -> highspy.Highs:
    highs = _quiet_highs()
    lp = highspy.HighsLp()
    columns = matrix.tocsc()
    lp.num_col_, lp.num_row_ = columns.shape[1], columns.shape[0]
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_ = np.array([low for low, _high in bounds], dtype=np.float64)
    lp.col_upper_ = np.array(
        [highspy.kHighsInf if high is None else high for _low, high in bounds], dtype=np.float64
    )
    lp.row_lower_ = lp.row_upper_ = b.astype(np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr.astype(np.int32)
    lp.a_matrix_.index_ = columns.indices.astype(np.int32)
    lp.a_matrix_.value_ = columns.data.astype(np.float64)
    highs.passModel(lp)
    return highs


#: Held while file descriptor 1 points at /dev/null (programmes are solved in threads).
_STDOUT_SWAP = threading.Lock()


def _quiet_highs() -> highspy.Highs:
    """A HiGHS instance that prints nothing: its banner is written by the C++ library straight
    to file descriptor 1, so that descriptor points at /dev/null while it is made."""
    with _STDOUT_SWAP:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    highs.setOptionValue("output_flag", False)
    return highs


def _cell_weights(n: int) -> np.ndarray:
    """Fixed pseudo-random weights, one per cell (or relation), for part signatures."""
    return np.random.default_rng(12345).random(n) + 0.5
