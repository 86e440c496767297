"""dashboard.present: a published row → its Dutch texts, with the build's thresholds."""

import datetime as dt

import polars as pl
import pytest

from dashboard import present
from dashboard.present import Drempels

D15 = Drempels(min_telling=15, min_noemer=100, min_koppels=5)


def test_suppressed_text_names_the_builds_thresholds():
    assert present.suppressed_text("primair", drempels=D15) == "< 15"
    assert present.suppressed_text("primair", "rate", D15) == "< 15"
    # A proportion may be suppressed for its small complement (95 of 100): no side is told.
    assert present.suppressed_text("primair", "proportion", D15) == "onderdrukt"
    assert present.suppressed_text("secundair", drempels=D15) == "onderdrukt"
    assert present.suppressed_text("kleine_noemer", drempels=D15) == "onderdrukt (kleine noemer)"
    assert present.suppressed_text("kleine_noemer", drempels=D15, short=True) == "onderdrukt"
    assert present.suppressed_text("te_weinig_koppels", drempels=D15) == (
        "onderdrukt (minder dan 5 koppels)"
    )
    assert present.suppressed_text("te_weinig_praktijken", drempels=D15) == (
        "onderdrukt (minder dan 5 praktijken)"
    )
    assert present.suppressed_text(None, drempels=D15) == "onderdrukt"
    assert present.suppressed_text("iets_nieuws", drempels=D15) == "onderdrukt"


def test_without_thresholds_no_number_is_named():
    assert present.suppressed_text("primair") == "onderdrukt"
    assert present.suppressed_text("te_weinig_koppels") == "onderdrukt (te weinig koppels)"
    for reason in ("primair", "kleine_noemer", "te_weinig_koppels"):
        text = present.explanation(reason).replace("75 jaar", "")
        assert not any(char.isdigit() for char in text), text


def test_explanation_names_the_thresholds_word_for_word():
    assert present.explanation("primair", D15) == (
        "Minder dan 15 personen of gebeurtenissen (of minder dan 15 zonder de gebeurtenis). "
        "Het cijfer is niet getoond zodat niemand herkenbaar is."
    )
    assert present.explanation("kleine_noemer", D15).startswith("Minder dan 100 inwoners")
    assert present.explanation("te_weinig_koppels", D15) == (
        "Er tellen minder dan 5 koppels mee: dan zou een koppel herkenbaar worden."
    )
    assert present.explanation(None, D15) == (
        "Dit cijfer is niet getoond om herleidbaarheid te voorkomen."
    )


def test_thresholds_come_from_build_info_or_the_row():
    info = {"min_telling": 15, "min_noemer": 100, "min_koppels": 5, "peildatum": None}
    assert Drempels.from_build_info(info) == D15
    assert Drempels.of_row(info) == D15
    assert Drempels.of_row({"value": 1.0}) is None
    with pytest.raises(KeyError):
        Drempels.from_build_info({"min_telling": 15})


def test_period_text_of_an_incomplete_period_says_up_to_when():
    peildatum = dt.date(2026, 9, 30)
    assert present.period_text("2025", True, peildatum) == "2025"
    assert present.period_text("2026", False, peildatum) == "2026 t/m sep"
    assert present.period_text("2026-Q3", False, dt.date(2026, 8, 31)) == (
        "3e kwartaal 2026 t/m aug"
    )
    assert present.period_text("2026", False) == "2026 (onvolledig)"


def _row(**changes):
    row = {
        "value": 31.25,
        "lower_95": 28.0,
        "upper_95": 35.0,
        "teller": 125.0,
        "noemer": 4000.0,
        "eenheid": "per 1.000",
        "decimalen": 1,
        "methode": "rate",
        "comparison": "lager",
        "trend": "stijgend",
        "period": "2026",
        "periode_volledig": False,
        "suppressed": False,
        "suppression_reason": None,
        "min_telling": 15,
        "min_noemer": 100,
        "min_koppels": 5,
        "peildatum": dt.date(2026, 9, 30),
    }
    return row | changes


def test_row_texts():
    assert present.row_texts(_row()) == {
        "status": "lager",
        "status_tekst": "Lager",
        "waarde_tekst": "31,3 per 1.000",
        "waarde_kort": "31,3 per 1.000",
        "interval_tekst": "28,0–35,0",
        "teller_tekst": "125",
        "noemer_tekst": "4.000",
        "periode_tekst": "2026 t/m sep",
        "toelichting": "",
    }
    hidden = _row(
        suppressed=True,
        suppression_reason="primair",
        value=None,
        lower_95=None,
        upper_95=None,
        teller=None,
        noemer=None,
        comparison=None,
    )
    texts = present.row_texts(hidden)
    assert texts["waarde_tekst"] == "< 15"
    assert texts["status"] == "onderdrukt"
    assert texts["interval_tekst"] == texts["teller_tekst"] == texts["noemer_tekst"] == "–"
    assert texts["toelichting"].startswith("Minder dan 15 personen")
    assert present.value_text(_row(value=None)) == present.NO_VALUE


def test_indicator_table_has_no_number_for_a_suppressed_row():
    frame = pl.DataFrame(
        [_row(area_name="Noord"), _row(area_name="Zuid", suppressed=True, value=None)]
    )
    table = present.indicator_table(frame, "area_name", "Gebied")
    assert table.columns == ["Gebied", *present.TABLE_COLUMNS]
    zuid = table.row(1, named=True)
    assert zuid["Waarde"] == "onderdrukt"  # no reason given: the general text
    assert zuid["Teller"] == "–"
