"""Line scanning: blank lines keep row numbers; the line count reveals records spanning lines."""

from __future__ import annotations

import pytest

from pipelines.ingest.lines import LineScan, scan_lines


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", LineScan(0, ())),
        (b"h\na\nb\n", LineScan(3, ())),
        (b"h\na\nb", LineScan(3, ())),
        (b"h\na\n\nb\n", LineScan(4, (3,))),
        (b"h\r\na\r\n\r\n\r\nb\r\n", LineScan(5, (3, 4))),
        (b"h\ra\r\rb\r", LineScan(4, (3,))),
        (b"h\na\n\n", LineScan(3, (3,))),
    ],
)
def test_scan_lines_counts_lines_and_finds_blank_ones(tmp_path, content, expected):
    path = tmp_path / "bestand.csv"
    path.write_bytes(content)
    assert scan_lines(path) == expected


def test_record_shifts_place_each_blank_line_before_the_record_that_follows_it():
    # header (1), record 0 (2), blank (3), blank (4), record 1 (5), blank (6), record 2 (7)
    scan = LineScan(7, (3, 4, 6))
    assert scan.record_shifts() == [(1, 1), (1, 2), (2, 3)]
