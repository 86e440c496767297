"""Pipelines: a partner delivery → validated row-level warehouse → published aggregates."""

__version__ = "0.1.0"
