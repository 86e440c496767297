"""The attack as text: per table and kind how many unknown counts are pinned exactly, within
±2, narrowed or left open, and examples; with true values also how many are disclosed."""

from __future__ import annotations

from collections import Counter, defaultdict

from tests.attack.findings import Attack, Finding
from tests.attack.solve import BROAD

GRADES = ("exact", "±2", "narrowed", "open")


def _example(f: Finding) -> str:
    truth = "" if f.truth is None else f", waar {f.truth:g}"
    return f"{f.key} in [{f.bounds.lower:g}, {f.bounds.upper:g}] via {f.bounds.via}{truth}"


def report(attack: Attack, examples: int = 3) -> str:
    judged = any(f.truth is not None for f in attack.findings)
    lines = [
        f"{attack.cells} cells, {attack.relations} relations, {len(attack.findings)} unknown "
        f"counts, solved in {attack.seconds:.1f} s",
        *(f"left out: {d}" for d in attack.dropped),
        *(
            [f"{broad} counts shown wider than ±2 keep outer bounds (--exact solves them)"]
            if (broad := sum(f.bounds.via == BROAD for f in attack.findings))
            else []
        ),
        "",
        f"{'table':<22} {'kind':<38} "
        + " ".join(f"{g:>8}" for g in GRADES)
        + (f" {'disclosed':>10} {'distinct':>8} {'wrong':>6}" if judged else ""),
    ]
    groups: dict[tuple, list[Finding]] = defaultdict(list)
    for f in attack.findings:
        groups[(f.table, f.kind)].append(f)
    for (table, kind), found in sorted(groups.items()):
        grades = Counter(f.grade for f in found)
        line = f"{table:<22} {kind:<38} " + " ".join(f"{grades[g]:>8}" for g in GRADES)
        if judged:
            disclosed = [f for f in found if f.disclosed]
            distinct = len({f.quantity for f in disclosed})
            wrong = sum(f.outside for f in found)
            line += f" {len(disclosed):>10} {distinct:>8} {wrong:>6}"
        lines.append(line)
    if judged:
        disclosed = attack.disclosed
        distinct = {f.quantity for f in disclosed}
        exact = {f.quantity for f in disclosed if f.bounds.width == 0}
        lines += [
            "",
            f"disclosed: {len(disclosed)} cells, {len(distinct)} distinct counts "
            f"({len(exact)} pinned exactly); wrong: {len(attack.wrong)}",
        ]
        shown = [f for f in attack.wrong[:examples]] + _spread(disclosed, examples)
    else:
        shown = _spread([f for f in attack.findings if f.grade in ("exact", "±2")], examples)
    lines += ["", "examples:"] + [f"  {_example(f)}" for f in shown]
    return "\n".join(lines)


def _spread(findings: list[Finding], per_kind: int) -> list[Finding]:
    """Up to ``per_kind`` findings of every kind."""
    seen: Counter = Counter()
    out = []
    for f in sorted(findings, key=lambda f: repr(f.key)):
        if seen[f.kind] < per_kind:
            seen[f.kind] += 1
            out.append(f)
    return out
