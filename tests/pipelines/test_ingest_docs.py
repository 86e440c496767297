"""docs/input_format.md is generated from the contract and must be in step with it."""

from __future__ import annotations

from pipelines import contract
from pipelines.docs_gen import DOC_PATH, render_input_format


def test_committed_input_format_doc_matches_the_contract():
    assert DOC_PATH.read_text(encoding="utf-8") == render_input_format(), (
        "docs/input_format.md is out of step: run `python -m pipelines.docs_gen`"
    )


def test_doc_names_every_table_and_column():
    text = render_input_format()
    for table in contract.TABLES:
        assert f"## {table.name}\n" in text
        for col in table.columns:
            assert f"| `{col.name}` |" in text
