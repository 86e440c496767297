"""Export metadata (dashboard/export/meta.py): title, selection, footnote and file name."""

from datetime import date, datetime

import pytest

from dashboard.export.meta import Bron, ExportMeta, bron_from_build_info, slug

BRON = Bron(
    gebouwd_op=datetime(2026, 11, 22, 9, 30),
    peildatum=date(2026, 9, 30),
    synthetisch=True,
    min_telling=10,
    min_noemer=50,
    min_koppels=3,
)


def _meta(**changes) -> ExportMeta:
    values = {
        "titel": "Bereik SO in de eerste lijn",
        "gebieden": ("Synthetica Noord",),
        "periode": "2025",
        "bron": BRON,
        "onderwerp": "so_bereik",
    } | changes
    return ExportMeta(**values)


def test_subtitle_names_the_areas_and_the_period():
    assert _meta().ondertitel == "Synthetica Noord · 2025"
    three = _meta(gebieden=["Synthdam", "Synthveen", "Synthrade"], periode="3e kwartaal 2025")
    assert three.ondertitel == "Synthdam, Synthveen en Synthrade · 3e kwartaal 2025"
    assert _meta(gebieden=()).ondertitel == "Hele regio · 2025"


def test_footnote_has_source_build_date_synthetic_data_and_the_suppression_rule():
    assert _meta().voetnoot_regels == (
        "Bron: aanleveringen van huisartsen(coöperaties), VVT-organisaties en zorgkantoor in de "
        "regio, bewerkt tot dashboard populatieverantwoordelijkheid HA/SO. Database gebouwd op "
        "22-11-2026, gegevens tot en met 30-09-2026.",
        "Synthetische data: geen echte cliënten of zorgverleners.",
        "Onderdrukt (“< 10” of “onderdrukt”): aantallen van 1 tot en met 9 personen of "
        "gebeurtenissen, cijfers bij minder dan 50 inwoners van 75 jaar en ouder, koppelcijfers "
        "van minder dan 3 koppels, en cijfers waaruit een onderdrukt cijfer terug te rekenen "
        "zou zijn.",
    )
    assert _meta().voetnoot == " ".join(_meta().voetnoot_regels)


def test_footnote_of_real_data_does_not_say_synthetic_and_uses_the_build_thresholds():
    real = Bron(
        datetime(2026, 1, 5),
        date(2025, 12, 31),
        False,
        min_telling=15,
        min_noemer=100,
        min_koppels=5,
    )
    lines = _meta(bron=real).voetnoot_regels
    assert len(lines) == 2
    assert "Synthetische" not in " ".join(lines)
    assert "aantallen van 1 tot en met 14 personen" in lines[1]
    assert "minder dan 100 inwoners" in lines[1]


def test_file_name_says_indicator_area_and_period():
    assert _meta().bestandsnaam == "so-bereik_synthetica-noord_2025"
    assert (
        _meta(gebieden=("Wijk 00 Centrum", "Synthdam"), periode="3e kwartaal 2025").bestandsnaam
        == "so-bereik_wijk-00-centrum-synthdam_3e-kwartaal-2025"
    )
    many = _meta(gebieden=("Synthdam", "Synthveen", "Synthrade"), periode="2020–2025")
    assert many.bestandsnaam == "so-bereik_synthdam-en-2-meer_2020-2025"
    assert _meta(onderwerp="").bestandsnaam == "bereik-so-in-de-eerste-lijn_synthetica-noord_2025"


def test_slug_keeps_letters_without_accents():
    assert slug("Cliënten 75+ (vóór opname)") == "clienten-75plus-voor-opname"
    assert slug("  ") == ""


def test_for_chart_keeps_the_selection_and_changes_the_title():
    chart = _meta().for_chart("Crisisopnames", "crisisopnames")
    assert (chart.titel, chart.ondertitel) == ("Crisisopnames", "Synthetica Noord · 2025")
    assert chart.bestandsnaam == "crisisopnames_synthetica-noord_2025"


def test_empty_title_is_refused():
    with pytest.raises(ValueError, match=r"^ExportMeta: titel is leeg$"):
        _meta(titel="  ")


def test_bron_from_build_info_reads_the_published_row_and_refuses_a_missing_column():
    info = {
        "built_at": datetime(2026, 11, 22, 9, 30),
        "synthetisch": True,
        "peildatum": date(2026, 9, 30),
        "min_telling": 10,
        "min_noemer": 50,
        "min_koppels": 3,
    }
    assert bron_from_build_info(info) == BRON
    with pytest.raises(ValueError, match=r"^build_info: kolom ontbreekt: synthetisch$"):
        bron_from_build_info({"built_at": datetime(2026, 1, 1)})
