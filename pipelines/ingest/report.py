"""What an ingest run did, per file: JSON-serialisable for build_report.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class FileReport:
    """One delivered file: rows_read = rows_loaded + rows_quarantined."""

    file: str
    table_name: str
    format: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    extra_columns: list[str] = field(default_factory=list)
    #: quarantine rows per reason (a row breaking two rules counts under both reasons)
    reasons: dict[str, int] = field(default_factory=dict)
    #: quarantine rows per Dutch reason text (``summary.reason_text``: rule and column)
    reason_texts: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    peildatum: date | None = None
    data_start: date | None = None
    synthetisch: bool = False
    wijken_met_geometrie: int = 0
    #: What the map file gave: objects read, skipped, projection, tolerance, bytes.
    kaart: dict = field(default_factory=dict)

    def file(self, table_name: str) -> FileReport:
        """Return the report of the file that held ``table_name``; KeyError when none did."""
        for report in self.files:
            if report.table_name == table_name:
                return report
        raise KeyError(table_name)

    def to_dict(self) -> dict:
        """Return the report as plain JSON types (dates as ISO strings)."""
        data = asdict(self)
        for key in ("peildatum", "data_start"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data
