"""Disclosure control: primary and secondary suppression of published counts.

A separate step over a polars frame of aggregates, after the statistics and before publishing
(see "Disclosure control" in ../shared/INDICATORS.md):

1. ``suppress_primary`` marks rows whose own numbers are too small to publish.
2. ``suppress_secondary`` marks more rows until no suppressed count can be worked out by adding
   or subtracting published counts of one parent and its children, in every hierarchy given
   (areas: wijk → gemeente → resv → regio; time: quarters → year).
3. ``blank_suppressed`` empties the numbers of suppressed rows; area, period and reason stay.

Every row needs ``disclosure_count``: the number of persons or events the row reveals
(teller for proportions and rates, contacts for ``none``, admissions for ``median``). A
missing count is treated as 0, i.e. as revealing nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

#: Smallest count of persons or events that may be published (0 may always show).
MIN_COUNT = 10
#: Smallest population a rate may be computed on.
MIN_NOEMER = 50

METHODS = ("proportion", "rate", "none", "median")
REASONS = ("primair", "secundair", "kleine_noemer")

_PRIMARY_COLUMNS = ("method", "teller", "noemer", "disclosure_count")
_SECONDARY_COLUMNS = ("disclosure_count", "suppressed", "suppression_reason")


@dataclass(frozen=True)
class Hierarchy:
    """How rows nest: each row's own code, its parent's code, and what separates the tables.

    - ``child_key``: the column with a row's own code in this hierarchy (``area_code``,
      ``period``).
    - ``parent_key``: the column with the code of the row's parent; null for a row without a
      parent (the regio, a year). The parent is the row with that code in ``child_key`` and the
      same ``group_cols`` values.
    - ``group_cols``: the columns within which parents are sums of their children
      (``indicator_id`` and ``period`` for areas; ``indicator_id`` and ``area_code`` for time).

    ``child_key`` together with ``group_cols`` must identify a row.
    """

    child_key: str
    parent_key: str
    group_cols: tuple[str, ...]


#: wijk → gemeente → resv → regio, per indicator and period (indicator_values' columns).
AREA_HIERARCHY = Hierarchy("area_code", "parent_code", ("indicator_id", "period"))
#: quarters → year, per indicator and area; ``add_parent_period`` adds the ``parent_period``.
TIME_HIERARCHY = Hierarchy("period", "parent_period", ("indicator_id", "area_code"))


def _require(frame: pl.DataFrame, columns: Sequence[str], step: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{step}: frame has no column(s) {missing}")


def add_parent_period(
    frame: pl.DataFrame, period_col: str = "period", output_col: str = "parent_period"
) -> pl.DataFrame:
    """Adds ``output_col``: the year (``'2024'``) of a quarter row (``'2024-Q3'``), null for a
    year row, so ``TIME_HIERARCHY`` can find each quarter's year. Refuses a missing column."""
    _require(frame, [period_col], "add_parent_period")
    period = pl.col(period_col).cast(pl.String)
    return frame.with_columns(
        pl.when(period.str.contains(r"^\d{4}-Q[1-4]$"))
        .then(period.str.slice(0, 4))
        .otherwise(None)
        .alias(output_col)
    )


def suppress_primary(
    frame: pl.DataFrame, *, min_count: int = MIN_COUNT, min_noemer: int = MIN_NOEMER
) -> pl.DataFrame:
    """Marks the rows whose own numbers may not be published.

    Needs columns ``method`` (``proportion``/``rate``/``none``/``median``), ``teller``,
    ``noemer`` and ``disclosure_count``. Returns the frame with ``suppressed`` (bool) and
    ``suppression_reason``:

    - ``primair``: ``disclosure_count`` is 1 … ``min_count`` − 1, or, for a proportion,
      noemer − teller is (the persons outside the teller are counted too);
    - ``kleine_noemer``: a rate whose noemer is above 0 and below ``min_noemer`` (a
      rate with noemer 0 has no value, and nothing to hide);
    - null otherwise (``suppressed`` false). ``primair`` wins when both apply.

    Existing ``suppressed``/``suppression_reason`` columns are replaced. Refuses (ValueError)
    missing columns, an unknown method or a threshold below 1.
    """
    _require(frame, _PRIMARY_COLUMNS, "suppress_primary")
    if min_count < 1 or min_noemer < 1:
        raise ValueError(
            f"suppress_primary: thresholds must be at least 1, got min_count={min_count}, "
            f"min_noemer={min_noemer}"
        )
    unknown = sorted(set(frame["method"].drop_nulls().unique().to_list()) - set(METHODS))
    if unknown or frame["method"].null_count():
        shown = unknown or [None]
        raise ValueError(
            f"suppress_primary: unknown method {shown}; expected one of {list(METHODS)}"
        )
    count = pl.col("disclosure_count").fill_null(0)
    complement = pl.col("noemer") - pl.col("teller")
    small_count = (count > 0) & (count < min_count)
    small_complement = (
        (pl.col("method") == "proportion") & (complement > 0) & (complement < min_count)
    ).fill_null(False)
    small_noemer = (
        (pl.col("method") == "rate") & (pl.col("noemer") > 0) & (pl.col("noemer") < min_noemer)
    ).fill_null(False)
    reason = (
        pl.when(small_count | small_complement)
        .then(pl.lit("primair"))
        .when(small_noemer)
        .then(pl.lit("kleine_noemer"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return frame.with_columns(reason.alias("suppression_reason")).with_columns(
        pl.col("suppression_reason").is_not_null().alias("suppressed")
    )


@dataclass(frozen=True)
class _Children:
    """The children of every group of one hierarchy, in one order, as integer arrays."""

    row: np.ndarray  # row number of each child
    group: np.ndarray  # group number of each child (sorted ascending)
    positive: np.ndarray  # the child's measure is above 0: suppressing it protects that measure


@dataclass(frozen=True)
class _Groups:
    """One hierarchy prepared once: each group is a parent and its children.

    ``by_count`` lists children by group, disclosure_count and code, so the first eligible
    child of a group is the next smallest one; ``by_rest`` does the same for the persons outside
    a proportion's teller (noemer − teller; 0 for other methods)."""

    by_count: _Children
    by_rest: _Children
    parent_row: np.ndarray  # per group: row number of the parent, -1 when it is not in the frame
    n_children: np.ndarray  # per group


def shared_codes(*columns: pl.Series) -> tuple[list[np.ndarray], int]:
    """Integer codes for text columns that share one code space, in lexical order (so codes
    also break ties "by code"); null becomes -1. Returns the codes and how many there are."""
    as_text = [column.cast(pl.String) for column in columns]
    values = pl.concat(as_text).drop_nulls().unique().sort()
    ranks = pl.int_range(values.len(), eager=True, dtype=pl.Int64)
    codes = [
        column.replace_strict(values, ranks, default=None, return_dtype=pl.Int64)
        .fill_null(-1)
        .to_numpy()
        for column in as_text
    ]
    return codes, max(values.len(), 1)


def renumber(key: np.ndarray) -> tuple[np.ndarray, int]:
    """Non-negative integer keys renumbered 0, 1, … in their order; returns them and how many
    there are. Linear time through a lookup table when the keys are small enough."""
    if not key.size:
        return key.astype(np.int64), 0
    largest = int(key.max())
    if largest < 8 * key.size + 1_000_000:
        used = np.zeros(largest + 1, dtype=bool)
        used[key] = True
        number = np.cumsum(used) - 1
        return number[key], int(number[-1]) + 1
    values, number = np.unique(key, return_inverse=True)
    return number.astype(np.int64).reshape(-1), values.size


class KeyCodes:
    """Integer codes of one frame's key columns (``shared_codes``) and combined keys
    (``dense_key``), each computed once: secondary suppression and the audit ask for the same
    ones many times. Only valid while the key columns and the row order stay as they are."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame
        self._shared: dict[tuple[str, ...], tuple[list[np.ndarray], int]] = {}
        self._keys: dict[tuple[str, ...], np.ndarray] = {}

    def shared(self, *columns: str) -> tuple[list[np.ndarray], int]:
        if columns not in self._shared:
            self._shared[columns] = shared_codes(*(self.frame[c] for c in columns))
        return self._shared[columns]

    def key(self, columns: Sequence[str]) -> np.ndarray:
        """One integer per row, equal for rows with equal values in ``columns`` (nulls equal
        each other), numbered 0, 1, … in the lexical order of the values; all 0 without
        columns."""
        columns = tuple(columns)
        key = np.zeros(self.frame.height, dtype=np.int64)
        for end in range(1, len(columns) + 1):
            if columns[:end] not in self._keys:
                (codes,), size = self.shared(columns[end - 1])
                self._keys[columns[:end]] = renumber(key * (size + 1) + (codes + 1))[0]
            key = self._keys[columns[:end]]
        return key


def dense_key(frame: pl.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """``KeyCodes.key`` for one frame and one set of columns."""
    return KeyCodes(frame).key(columns)


def _prepare_groups(
    frame: pl.DataFrame,
    hierarchy: Hierarchy,
    count: np.ndarray,
    rest: np.ndarray,
    codes: KeyCodes,
) -> _Groups:
    """Finds every row's parent and group once, with integer keys (string joins over millions
    of rows would dominate the run time). Refuses a key that does not identify a row."""
    group_key = codes.key(hierarchy.group_cols)
    (child, parent), size = codes.shared(hierarchy.child_key, hierarchy.parent_key)
    node = group_key * size + child
    order = np.argsort(node, kind="stable")
    sorted_node = node[order]
    duplicate = np.flatnonzero(sorted_node[1:] == sorted_node[:-1])
    if duplicate.size:
        key = [*hierarchy.group_cols, hierarchy.child_key]
        first = frame.select(key).row(int(order[duplicate[0]]), named=True)
        raise ValueError(
            f"suppress_secondary: {key} does not identify a row; first duplicate: {first}"
        )

    child_rows = np.flatnonzero(parent >= 0)
    parent_node = group_key[child_rows] * size + parent[child_rows]
    group_nodes, child_group = np.unique(parent_node, return_inverse=True)
    position = np.minimum(np.searchsorted(sorted_node, group_nodes), len(sorted_node) - 1)
    found = sorted_node[position] == group_nodes
    parent_row = np.where(found, order[position], -1)

    def ordered(measure: np.ndarray) -> _Children:
        # One int64 sort key (group, measure, code) instead of a three-key lexsort: 10× faster.
        values = measure[child_rows]
        if values.size and values.min() >= 0 and values.max() < 2**20 and np.all(values % 1 == 0):
            measure_rank, n_ranks = values.astype(np.int64), int(values.max()) + 1
        else:
            ranks, measure_rank = np.unique(values, return_inverse=True)
            n_ranks = len(ranks)
        n_groups = int(child_group.max()) + 1 if child_group.size else 1
        if n_groups * n_ranks * size < 2**62:
            by = np.argsort((child_group * n_ranks + measure_rank) * size + child[child_rows])
        else:  # the one-key form would overflow int64
            by = np.lexsort((child[child_rows], measure_rank, child_group))
        return _Children(
            row=child_rows[by], group=child_group[by], positive=measure[child_rows][by] > 0
        )

    by_count = ordered(count)
    return _Groups(
        by_count=by_count,
        by_rest=ordered(rest),
        parent_row=parent_row,
        n_children=np.bincount(by_count.group, minlength=len(group_nodes)),
    )


def _first_per_group(children: _Children, eligible: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the row of its first eligible child in the children's order, else -1."""
    chosen = np.full(n_groups, -1, dtype=np.int64)
    candidates = np.flatnonzero(eligible)
    group = children.group[candidates]
    # Children are sorted by group, so a group's first candidate is where the group changes.
    first = np.ones(group.shape[0], dtype=bool)
    first[1:] = group[1:] != group[:-1]
    chosen[group[first]] = children.row[candidates[first]]
    return chosen


def _suppress_round(groups: _Groups, suppressed: np.ndarray) -> np.ndarray:
    """One vectorised pass of the secondary rules over every group of one hierarchy.

    Returns the row numbers to suppress now (possibly already suppressed ones)."""
    n_groups = groups.n_children.shape[0]
    if n_groups == 0:
        return np.empty(0, dtype=np.int64)
    count, rest = groups.by_count, groups.by_rest
    count_suppressed = suppressed[count.row]
    rest_suppressed = suppressed[rest.row]

    def per_group(mask: np.ndarray, children: _Children) -> np.ndarray:
        return np.bincount(children.group, weights=mask, minlength=n_groups)

    n_suppressed = per_group(count_suppressed, count)
    n_positive = per_group(count_suppressed & count.positive, count)
    n_rest_positive = per_group(rest_suppressed & rest.positive, rest)
    has_parent = groups.parent_row >= 0
    parent_row = np.where(has_parent, groups.parent_row, -1)
    parent_suppressed = has_parent & suppressed[np.where(has_parent, groups.parent_row, 0)]
    several = groups.n_children > 1

    # One suppressed child is the parent minus the published children; so is a positive count
    # whose suppressed siblings are all zero: a zero cell protects nothing.
    count_rule = several & (n_suppressed >= 1) & ((n_suppressed == 1) | (n_positive == 1))
    # The same for the persons outside a proportion's teller.
    rest_rule = several & (n_suppressed >= 2) & (n_rest_positive == 1)
    # A suppressed parent whose children are all published is their sum.
    parent_rule = several & parent_suppressed & (n_suppressed == 0)
    # With one child, parent and child are the same numbers.
    single_rule = ~several & has_parent & ((n_suppressed == 1) | parent_suppressed)

    by_count = _first_per_group(
        count,
        ~count_suppressed & count.positive & (count_rule | parent_rule)[count.group],
        n_groups,
    )
    any_child = _first_per_group(count, ~count_suppressed & parent_rule[count.group], n_groups)
    by_rest = _first_per_group(
        rest, ~rest_suppressed & rest.positive & rest_rule[rest.group], n_groups
    )
    chosen = [
        np.where(count_rule, np.where(by_count >= 0, by_count, parent_row), -1),
        np.where(parent_rule, np.where(by_count >= 0, by_count, any_child), -1),
        np.where(rest_rule, np.where(by_rest >= 0, by_rest, parent_row), -1),
        np.where(single_rule, parent_row, -1),
        count.row[single_rule[count.group]],
    ]
    rows = np.concatenate(chosen)
    return rows[rows >= 0]


def suppress_secondary(
    frame: pl.DataFrame,
    *,
    hierarchies: Sequence[Hierarchy] = (AREA_HIERARCHY,),
    codes: KeyCodes | None = None,
) -> pl.DataFrame:
    """Marks more rows (reason ``secundair``) so no suppressed count can be worked out from the
    published counts of one parent and its children, in any of ``hierarchies``.

    Needs ``disclosure_count``, ``suppressed`` and ``suppression_reason`` (from
    ``suppress_primary``) and each hierarchy's columns. Rules, applied to every group (a parent
    and its children) in every hierarchy in turn, until a pass over all hierarchies changes
    nothing:

    - exactly one child is suppressed, or only one of the suppressed children has a
      ``disclosure_count`` above 0 (a zero cell protects nothing): suppress the published child
      with the next smallest ``disclosure_count`` above 0 (ties by code); if there is none,
      suppress the parent;
    - for proportions (when ``method``, ``teller`` and ``noemer`` are present) the same
      for the persons outside the teller (noemer − teller): when two or more
      children are suppressed and only one of them has any, suppress the published child with
      the fewest above 0, else the parent;
    - the parent is suppressed and all its children are published (the parent is their sum):
      suppress the smallest child with a count above 0 (else the smallest child); the first
      rule then adds a second one;
    - the parent has one child and either is suppressed: suppress both.

    Rows already suppressed keep their reason. ``codes`` may pass the frame's key codes when a
    caller has them already (``KeyCodes`` of a frame with the same rows and keys). Returns the
    frame in its own row order, with the same columns. Refuses (ValueError) missing columns or
    a hierarchy whose key does not identify a row.
    """
    _require(frame, _SECONDARY_COLUMNS, "suppress_secondary")
    for hierarchy in hierarchies:
        _require(
            frame,
            [*hierarchy.group_cols, hierarchy.child_key, hierarchy.parent_key],
            "suppress_secondary",
        )
    if frame.is_empty():
        return frame
    count = frame["disclosure_count"].fill_null(0).cast(pl.Float64).to_numpy()
    rest = np.zeros(frame.height)
    if all(c in frame.columns for c in ("method", "teller", "noemer")):
        rest = (
            frame.select(
                pl.when(pl.col("method") == "proportion")
                .then(pl.col("noemer") - pl.col("teller"))
                .otherwise(0.0)
                .fill_null(0.0)
                .cast(pl.Float64)
            )
            .to_series()
            .to_numpy()
        )
    codes = codes or KeyCodes(frame)
    prepared = [_prepare_groups(frame, hierarchy, count, rest, codes) for hierarchy in hierarchies]
    suppressed = frame["suppressed"].fill_null(False).to_numpy().astype(bool).copy()
    before = suppressed.copy()

    changed = True
    while changed:
        changed = False
        for groups in prepared:
            rows = _suppress_round(groups, suppressed)
            new = rows[~suppressed[rows]]
            if new.size:
                suppressed[new] = True
                changed = True

    newly = pl.Series("_newly", suppressed & ~before)
    return frame.with_columns(
        pl.Series("suppressed", suppressed),
        pl.when(newly)
        .then(pl.lit("secundair"))
        .otherwise(pl.col("suppression_reason"))
        .alias("suppression_reason"),
    )


def blank_suppressed(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Returns the frame with ``columns`` emptied (null) in suppressed rows; other rows and
    columns unchanged. Refuses (ValueError) a missing column or a missing ``suppressed``."""
    _require(frame, ["suppressed", *columns], "blank_suppressed")
    published = ~pl.col("suppressed").fill_null(False)
    return frame.with_columns(pl.when(published).then(pl.col(c)).alias(c) for c in columns)
