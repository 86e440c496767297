"""The published database's name and schema version: what the app checks before it reads a
build. A module of its own so the app reads them without importing the publish step (and
with it scipy and the disclosure model: seconds at a server's first visit)."""

#: Bumped whenever a published table changes; the app refuses a database of another version.
SCHEMA_VERSION = 10
#: The link in the output folder that points at the current build.
LINK_NAME = "dashboard.duckdb"
