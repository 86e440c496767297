"""Generate docs/input_format.md from pipelines/contract.py and the README's indicator table from
pipelines/catalogue.py, so each is written down in one place only. Run
``python -m pipelines.docs_gen`` after changing the contract or the catalogue; tests fail while
the committed documents are out of step."""

from __future__ import annotations

from pathlib import Path

from pipelines import catalogue, contract
from pipelines.ingest.rules import TYPE_REASONS

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "input_format.md"
README_PATH = Path(__file__).resolve().parent.parent / "README.md"
INDICATORS_START = "<!-- indicators:start -->\n"
INDICATORS_END = "<!-- indicators:end -->"

_TYPES = {
    "integer": "integer",
    "decimal": "decimal (`0.25`; `0,25` in a `;`-separated CSV)",
    "text": "text",
    "date": "date (`YYYY-MM-DD` or `DD-MM-YYYY`)",
    "boolean": "boolean (`true/false`, `ja/nee`, `1/0`, `j/n`)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rule(col: contract.Column) -> str:
    parts: list[str] = []
    if col.codes is not None:
        parts.append("one of " + ", ".join(f"`{code}`" for code in col.codes))
    if col.pattern is not None:
        parts.append(f"matches `{col.pattern}`")
    if col.minimum is not None:
        parts.append(f"≥ {col.minimum:g}")
    if col.maximum is not None:
        parts.append(f"≤ {col.maximum:g}")
    if col.not_future:
        parts.append("not in the future")
    if col.not_before is not None:
        parts.append(f"not before {col.not_before.isoformat()}")
    return "; ".join(parts)


def _table_section(table: contract.Table) -> list[str]:
    lines = [
        f"## {table.name}" + ("" if table.required else " (optional)"),
        "",
        f"{table.description} File: `{table.name}.csv`, `{table.name}.parquet` or "
        f"`{table.name}.xlsx`; {table.grain}. Key (unique, first row wins): "
        + ", ".join(f"`{c}`" for c in table.key)
        + ".",
        "",
        "| column | type | may be empty | rule | meaning |",
        "|---|---|---|---|---|",
    ]
    for col in table.columns:
        optional = "" if col.required else "optional column (may be left out); "
        lines.append(
            f"| `{col.name}` | {_TYPES[col.type]} | {'yes' if col.nullable else 'no'} "
            f"| {_cell(_rule(col))} | {optional}{_cell(col.description)} |"
        )
    rules = [f"- `{r.name}` on `{r.column}`: {r.description}" for r in table.row_rules]
    rules += [
        f"- `{fk.name}` on {', '.join(f'`{c}`' for c in fk.columns)}: {fk.description} "
        f"(valid rows of `{fk.table}`)"
        for fk in table.foreign_keys
    ]
    if rules:
        lines += ["", "Rules across columns (reason code: rule):", "", *rules]
    return [*lines, ""]


def render_input_format() -> str:
    """Return the Markdown text of docs/input_format.md for the current contract."""
    identifying = ", ".join(f"`{name}`" for name in contract.IDENTIFYING_COLUMNS)
    pseudonyms = ", ".join(f"`{name}`" for name in contract.PSEUDONYM_COLUMNS)
    extensions = ", ".join(f"`{ext}`" for ext in contract.FILE_EXTENSIONS)
    order = " → ".join(f"`{name}`" for name in contract.LOAD_ORDER)
    type_reasons = ", ".join(f"`{reason}` ({kind})" for kind, reason in TYPE_REASONS.items())
    geo_properties = " or ".join(f"`{p}`" for p in contract.GEOJSON_CODE_PROPERTIES)
    lines = [
        "# Input format of a delivery",
        "",
        "<!-- Generated from pipelines/contract.py by `python -m pipelines.docs_gen`; "
        "do not edit by hand. -->",
        "",
        "A delivery is one folder with one file per table, named after the table, in one of "
        f"the formats {extensions}. Tables are validated in the order {order}; a foreign key "
        "looks only at the valid rows of a table earlier in that order.",
        "",
        "## Files",
        "",
        "- CSV: UTF-8 (with or without BOM) or Windows-1252; delimiter `,` or `;` (detected "
        "from the header line); with `;` an integer may carry a decimal comma (`12,0`) and a "
        "decimal has one (`0,25`).",
        "- Parquet: any column types; whole floating-point numbers count as integers and "
        "timestamps at midnight as dates.",
        "- XLSX: the first sheet, header in row 1; empty rows are skipped but keep their number.",
        "- Column names match case-insensitively after trimming; extra columns are ignored and "
        "reported; a missing required column refuses the delivery.",
        "- Values are trimmed; an empty value in a column that may be empty loads as NULL; "
        "codes match case-insensitively and load in the spelling listed below.",
        f"- `{contract.GEOMETRY_FILES[0]}` or `{contract.GEOMETRY_FILES[1]}` (optional): the "
        "wijk map as CBS publishes it — GeoJSON (with or without the old `crs` member) or "
        "GeoPackage, in RD New (EPSG:28992) or WGS84 (GeoJSON without `crs` in metres is read "
        "as RD New; any other unknown projection is refused with a message); the wijk code in "
        f"property {geo_properties} (case-insensitive); Polygon or MultiPolygon. Borders are "
        "simplified as a coverage (neighbours keep their shared border) to at most "
        "2.500 bytes per wijk on average and 2 MB for the whole map as the browser gets it "
        "(borders, names and values), coordinates to 1e-4°; every skipped object and "
        "every wijk without a shape "
        "is reported.",
        "- A file named `SYNTHETIC` marks the delivery as synthetic.",
        "",
        "## Privacy: refused deliveries",
        "",
        "The whole delivery is refused, and nothing is written, when any file has a column whose "
        "name (lower-cased, without spaces, `_` and `-`) is one of: "
        f"{identifying}; or when a value in {pseudonyms} is 9 digits passing the BSN elfproef.",
        "",
        "## Rows that break a rule",
        "",
        "A row breaking a rule goes to the quarantine with file, row (as a spreadsheet shows "
        "it, header = 1), column, value, reason and a Dutch message; it is not loaded. Reasons: "
        "`ontbrekende_waarde` (empty but required), "
        f"{type_reasons}, `onbekende_code`, `ongeldig_formaat`, `buiten_bereik`, "
        "`datum_in_toekomst`, `datum_te_vroeg`, `kolommen_aantal` (another number of fields "
        "than the header), `dubbele_sleutel`, and the rule names listed per table. A file with "
        f"more than {contract.DEFAULT_MAX_QUARANTINE_SHARE:.0%} of its rows quarantined refuses "
        "the delivery unless quarantine is allowed explicitly.",
        "",
    ]
    for table in contract.TABLES:
        lines += _table_section(table)
    return "\n".join(lines).rstrip() + "\n"


def write_input_format(path: Path = DOC_PATH) -> Path:
    """Write the generated document to ``path``; return the path."""
    path.write_text(render_input_format(), encoding="utf-8")
    return path


def render_readme(readme: str) -> str:
    """Return ``readme`` with the text between the indicator markers replaced by the table
    generated from the catalogue. Refuses (ValueError) a README without the markers."""
    start = readme.find(INDICATORS_START)
    end = readme.find(INDICATORS_END)
    if start < 0 or end < start:
        raise ValueError(f"README lacks the markers {INDICATORS_START.strip()} … {INDICATORS_END}")
    head = readme[: start + len(INDICATORS_START)]
    return head + catalogue.markdown_table() + readme[end:]


def write_readme(path: Path = README_PATH) -> Path:
    path.write_text(render_readme(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_input_format())
    print(write_readme())
