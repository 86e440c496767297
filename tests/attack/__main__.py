"""``python -m tests.attack DB [--previous DB ...] [--revision] [--warehouse WH ...]``

Attacks a published database (and older releases of it), prints per table and kind how many
unknown counts are pinned exactly, within ±2 or narrowed, with examples. With the row-level
warehouses (one per release, newest first) it also judges them: ``disclosed`` counts have a
true value of 1..min−1 and are pinned (see tests/attack/findings.py); ``wrong`` counts lie
outside their bounds (a wrong relation in the model: the exit status is then 1).
"""

from __future__ import annotations

import argparse
import sys

from tests.attack.findings import run_attack
from tests.attack.report import report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attack", description=__doc__)
    parser.add_argument("database", help="the newest published dashboard.duckdb")
    parser.add_argument("--previous", nargs="*", default=[], help="older releases, newest first")
    parser.add_argument(
        "--revision", action="store_true", help="the releases are a delivery and its correction"
    )
    parser.add_argument(
        "--warehouse", nargs="*", default=[], help="warehouse.duckdb per release, newest first"
    )
    parser.add_argument("--examples", type=int, default=2, help="examples per kind")
    parser.add_argument(
        "--exact",
        action="store_true",
        help="exact bounds for every count (slower); else counts shown wider than ±2 keep "
        "their outer bounds",
    )
    args = parser.parse_args(argv)
    attack = run_attack(
        args.database,
        args.previous,
        revision=args.revision,
        warehouses=args.warehouse,
        exact=args.exact,
    )
    print(report(attack, args.examples))
    return 1 if attack.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
