"""The synthetic wijk map as CBS publishes it: irregular polygons in RD New (EPSG:28992).

The wijken lie on the region's grid of (kolom, rij) squares. Every grid node is moved a little,
and every side between two nodes becomes a wavy line of ``KAART_PUNTEN_PER_ZIJDE`` points drawn
from the side's own seed, so the two wijken on either side of it share exactly the same border
(a coverage, as CBS' map is) and a wijk has a few hundred vertices, as real wijk borders do.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.synth import calibration as cal

Point = tuple[float, float]


def wijk_rings(wijken: pl.DataFrame, seed: int = 0) -> dict[str, list[list[float]]]:
    """Return each wijk's exterior ring (RD New metres, counter-clockwise, closed)."""
    rings = {}
    for code, kolom, rij in wijken.select("wijk_code", "kolom", "rij").iter_rows():
        # Corners counter-clockwise: south-west, south-east, north-east, north-west (rij runs
        # southwards, so the north side of square (kolom, rij) is grid line rij).
        corners = [(kolom, rij + 1), (kolom + 1, rij + 1), (kolom + 1, rij), (kolom, rij)]
        ring: list[list[float]] = []
        for a, b in zip(corners, corners[1:] + corners[:1], strict=True):
            ring.extend(_side(a, b, seed)[:-1])
        ring.append(ring[0])
        rings[code] = [[round(x, 1), round(y, 1)] for x, y in ring]
    return rings


def _node(node: tuple[int, int], seed: int) -> Point:
    """A grid node, moved by up to a fifth of a square in each direction."""
    x0, y0 = cal.KAART_OORSPRONG_RD
    size = cal.KAART_WIJK_METERS
    rng = np.random.default_rng([seed, 1, node[0] + 10_000, node[1] + 10_000])
    dx, dy = rng.uniform(-0.2, 0.2, size=2) * size
    return x0 + node[0] * size + dx, y0 - node[1] * size + dy


def _side(a: tuple[int, int], b: tuple[int, int], seed: int) -> list[Point]:
    """The border from node ``a`` to node ``b``: the same points, reversed, from b to a."""
    if b < a:
        return _side(b, a, seed)[::-1]
    (ax, ay), (bx, by) = _node(a, seed), _node(b, seed)
    n = cal.KAART_PUNTEN_PER_ZIJDE
    rng = np.random.default_rng([seed, 2, *a, *b])
    t = np.linspace(0.0, 1.0, n + 1)
    # A smooth random wiggle, zero at both ends, at most a tenth of the side's length.
    walk = np.cumsum(rng.normal(size=n + 1))
    walk -= walk[0] + (walk[-1] - walk[0]) * t
    wiggle = walk / max(float(np.abs(walk).max()), 1e-9) * 0.1 * np.sin(np.pi * t)
    length = float(np.hypot(bx - ax, by - ay))
    nx, ny = -(by - ay) / length, (bx - ax) / length  # unit normal
    xs = ax + (bx - ax) * t + nx * wiggle * length
    ys = ay + (by - ay) * t + ny * wiggle * length
    return list(zip(xs.tolist(), ys.tolist(), strict=True))
