"""The Over de data page: build, period, inputs, quarantine, thresholds, synthetic or not."""

from __future__ import annotations

from dashboard import format as fmt


def test_build_facts_and_inputs(open_page, open_db):
    at = open_page("over_de_data")
    info = open_db("select * from build_info").row(0, named=True)
    assert at.title[0].value == "Over de data"
    text = " ".join(m.value for m in at.markdown)
    assert f"{info['peildatum']:%d-%m-%Y}" in text
    assert f"“< {info['min_telling']}”" in text
    if info["synthetisch"]:
        assert "synthetische gegevens" in at.warning[0].value
    files = at.dataframe[0].value
    inputs = open_db("select * from build_inputs order by table_name")
    assert files["Bestand"].tolist() == inputs["file"].to_list()
    assert files["Rijen gelezen"].tolist() == [fmt.format_number(n) for n in inputs["rows_read"]]
