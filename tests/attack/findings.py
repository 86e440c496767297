"""What the attack learns about each unknown count, and which of those are disclosures.

A count with a true value of 1..threshold−1 is *disclosed* when its integer bounds
[lo, hi] have hi − lo ≤ 4 (pinned exactly or within ±2); for koppel counts when hi == lo.
Differences between releases are judged the same way on their absolute true value.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tests.attack.model import build_system
from tests.attack.solve import Bounds, solve
from tests.attack.truth import read_truth, true_value

#: Names whose cells count koppels or practices (judged with min_koppels, pinned exactly).
KOPPEL_NAMES = ("koppels", "leercurve:n_koppels", "fase:praktijken:")
#: Widest integer range [lo, hi] still counted as "within ±2".
WIDTH_PM2 = 4


@dataclass
class Finding:
    key: tuple
    table: str
    kind: str
    bounds: Bounds
    label: tuple[float, float]  # the range the labels alone give
    threshold: int
    quantity: tuple  # one key for every cell that states the same count
    truth: float | None

    @property
    def koppel(self) -> bool:
        name = self.key[3] if self.key[1] == "verschil" else self.key[1]
        return name.startswith(KOPPEL_NAMES)

    @property
    def grade(self) -> str:
        """``exact``, ``±2``, ``narrowed`` (tighter than its labels) or ``open``."""
        width = self.bounds.width
        if width == 0:
            return "exact"
        if width <= WIDTH_PM2:
            return "±2"
        if self.bounds.lower > self.label[0] or self.bounds.upper < self.label[1]:
            return "narrowed"
        return "open"

    @property
    def disclosed(self) -> bool:
        """The true value is 1..threshold−1 and the bounds pin it (koppels) or hold it within
        ±2 (everything else)."""
        if self.truth is None or not 1 <= abs(self.truth) <= self.threshold - 1:
            return False
        return self.bounds.width == 0 if self.koppel else self.bounds.width <= WIDTH_PM2

    @property
    def outside(self) -> bool:
        """The true value lies outside the bounds: the model states a wrong relation."""
        if self.truth is None:
            return False
        return not self.bounds.lower - 1e-6 <= self.truth <= self.bounds.upper + 1e-6


@dataclass
class Attack:
    findings: list[Finding]
    seconds: float
    cells: int
    relations: int
    dropped: list[str]

    @property
    def disclosed(self) -> list[Finding]:
        return [f for f in self.findings if f.disclosed]

    @property
    def wrong(self) -> list[Finding]:
        return [f for f in self.findings if f.outside]


def _same_counts(system) -> callable:
    """key → one key of its class of cells stated equal (``x − y = 0``): the same count
    published in several places (``wlz_opnames``' teller, ``crisisopnames``' noemer,
    the WLZ_VERBLIJF admissions) is one disclosure."""
    parent: dict = {}

    def root(key):
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for rel in system.relations:
        if rel.sense == "=" and rel.constant == 0 and sorted(rel.terms.values()) == [-1, 1]:
            a, b = rel.terms
            parent[root(b)] = root(a)
    return root


def kind_of(key: tuple) -> str:
    """The reporting kind of a cell: its name without the value of a kenmerk or age class."""
    if key[1] == "verschil":
        return "verschil:" + kind_of((key[0], *key[3:]))
    name = key[1]
    if name.startswith(("kenmerk:", "bevolking:")):
        return name.rsplit(":", 1)[0]
    if name.startswith("stratum:"):
        return name.split(":")[0] + ":" + name.split(":")[1]
    return name


def run_attack(
    newest: Path | str,
    previous: list[Path | str] = (),
    *,
    revision: bool = False,
    warehouses: list[Path | str | None] = (),
    exact: bool = False,
) -> Attack:
    """Attack ``newest`` (with ``previous`` releases, newest first). ``warehouses`` (per
    release, optional) give the true values to judge the findings. Without ``exact``, an
    unknown the LP shows to range wider than ±2 keeps outer bounds (tests/attack/solve.py):
    the same disclosures, found 3 × faster; its grade may then say ``open`` where the exact
    bounds would say ``narrowed``."""
    started = time.perf_counter()
    # The worst case for the standardised rates: the attacker knows the stratum populations.
    system, releases = build_system(newest, list(previous), revision, list(warehouses))
    bounds = solve(system, None if exact else WIDTH_PM2)
    seconds = time.perf_counter() - started
    truths = [read_truth(w) if w else None for w in warehouses]
    quantity = _same_counts(system)
    findings = []
    for key, cell in system.cells.items():
        if cell.value is not None or cell.threshold <= 0:
            continue
        findings.append(
            Finding(
                key=key,
                table=cell.table,
                kind=kind_of(key),
                bounds=bounds[key],
                label=(cell.lower, cell.upper),
                threshold=cell.threshold,
                quantity=quantity(key),
                truth=true_value(truths, key) if truths else None,
            )
        )
    dropped = [f"release {r.index}: {d}" for r in releases for d in r.dropped]
    return Attack(findings, seconds, len(system.cells), len(system.relations), dropped)
