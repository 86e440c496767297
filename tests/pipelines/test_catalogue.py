"""The indicator catalogue is complete, and the README's indicator table is generated from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import catalogue
from pipelines.docs_gen import render_readme

ROOT = Path(__file__).resolve().parents[2]
INDICATORS_SQL = ROOT / "pipelines" / "sql" / "intermediate" / "int_indicator_events.sql"
COUNTS_SQL = ROOT / "pipelines" / "sql" / "marts" / "indicator_counts.sql"


@pytest.mark.parametrize("indicator", catalogue.INDICATORS, ids=lambda i: i.id)
def test_every_indicator_is_fully_described(indicator):
    for name in (
        "titel", "definitie", "teller_definitie", "noemer_definitie", "eenheid", "waarom", "telt_in"
    ):  # fmt: skip
        assert getattr(indicator, name).strip(), f"{indicator.id} has no {name}"
    assert len(indicator.definitie) > 80, f"{indicator.id}: the definition is one paragraph"
    assert indicator.methode in catalogue.METHODS
    assert indicator.polariteit in catalogue.POLARITIES
    assert indicator.bronnen


@pytest.mark.parametrize("indicator", catalogue.INDICATORS, ids=lambda i: i.id)
def test_every_indicator_has_its_sql(indicator):
    sql = INDICATORS_SQL.read_text(encoding="utf-8") + COUNTS_SQL.read_text(encoding="utf-8")
    assert f"'{indicator.id}'" in sql, f"{indicator.id} has no teller/noemer in the SQL"


def test_ids_are_unique():
    ids = [i.id for i in catalogue.INDICATORS]
    assert len(ids) == len(set(ids))


def test_readme_indicator_table_is_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == render_readme(readme), (
        "README indicator table is out of step: run `python -m pipelines.docs_gen`"
    )
    assert catalogue.markdown_table() in readme
