"""Where the lines of a CSV file are: blank lines (which DuckDB's reader skips) and the count.

DuckDB numbers the records it reads, but skips empty lines, so a blank line in the middle of a
file would shift every row number after it. ``scan_lines`` finds the blank lines in one pass at
C speed (``mmap.find``/``bytes.count``), so that row numbers stay those a spreadsheet shows and
a record spanning several lines (a quote that is never closed) can be noticed.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

#: Bytes counted per step when counting line ends.
COUNT_CHUNK = 1 << 24


@dataclass(frozen=True)
class LineScan:
    """The lines of one file: ``lines`` counts every line including the header and blank lines
    (a final line end does not start another line); ``blank_lines`` are the 1-based numbers of
    the empty lines."""

    lines: int
    blank_lines: tuple[int, ...]

    def record_shifts(self) -> list[tuple[int, int]]:
        """Return (first record index, blank lines before it) per blank line, in file order.

        Record ``k`` (0-based, header excluded) sits on line ``k + 2 + b`` where ``b`` is the
        number of blank lines before it; the i-th blank line (1-based) at line ``L`` therefore
        comes before every record from index ``L - 1 - i`` on. Assumes no record spans lines.
        """
        return [(line - 1 - i, i) for i, line in enumerate(self.blank_lines, start=1)]


def scan_lines(path: Path) -> LineScan:
    """Return the line count and the blank lines of ``path`` (line ends ``\\n``, ``\\r\\n`` or,
    when the file holds no ``\\n`` at all, ``\\r``)."""
    if path.stat().st_size == 0:
        return LineScan(0, ())
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        newline = b"\n" if data.find(b"\n") >= 0 else b"\r"
        patterns = (b"\n\n", b"\n\r\n") if newline == b"\n" else (b"\r\r",)
        # Position of the line end that precedes each blank line.
        ends = sorted({pos for pattern in patterns for pos in _find_all(data, pattern)})
        blank_lines: list[int] = []
        counted_to, line_ends = 0, 0
        for end in ends:
            line_ends += data[counted_to : end + 1].count(newline)
            counted_to = end + 1
            blank_lines.append(line_ends + 1)
        total = sum(
            data[start : start + COUNT_CHUNK].count(newline)
            for start in range(0, len(data), COUNT_CHUNK)
        )
        ends_with_newline = data[len(data) - 1 : len(data)] == newline
    return LineScan(total + (0 if ends_with_newline else 1), tuple(blank_lines))


def _find_all(data: mmap.mmap, pattern: bytes) -> list[int]:
    found = []
    position = data.find(pattern)
    while position >= 0:
        found.append(position)
        position = data.find(pattern, position + 1)
    return found
