"""The Indicatoren page: the catalogue, generated from the published database."""

from __future__ import annotations

from dashboard.reports import gecorrigeerd


def test_every_indicator_has_its_definition(open_page, open_db):
    at = open_page("indicatoren")
    catalogue = open_db("select * from indicator_catalogue order by volgorde")
    assert at.title[0].value == "Indicatoren"
    assert [e.label for e in at.expander] == [
        f"Methode: {gecorrigeerd.LABEL.lower()}",
        *catalogue["titel"].to_list(),
    ]
    assert gecorrigeerd.METHOD in [m.value for m in at.markdown]
    text = " ".join(m.value for m in at.markdown)
    for row in catalogue.to_dicts():
        assert row["definitie"] in text
        assert f"**Teller:** {row['teller_definitie']}" in text
        assert f"**Waarom dit ertoe doet:** {row['waarom']}" in text
    assert "**Polariteit:** Lager is beter" in text
