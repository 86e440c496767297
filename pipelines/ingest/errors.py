"""The one exception ingest raises for a delivery it will not load."""

from __future__ import annotations


class DeliveryRefused(Exception):
    """The whole delivery is refused; the message (Dutch) names the file, column and, where
    there is one, the row. The caller writes nothing when this is raised."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
