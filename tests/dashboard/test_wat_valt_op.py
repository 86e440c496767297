""" "Wat valt op" (dashboard/reports/wat_valt_op.py) on a hand-made published database whose
comparison, trend and suppressed cell are known (tests/dashboard/handmade_published.py), and
on the sample region: the messages name exactly what the published fields say."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.reports import DataSource, area_row, overzicht, wat_valt_op
from tests.dashboard import handmade_published


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    path = handmade_published.write(tmp_path_factory.mktemp("handmade") / "dashboard.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    yield DataSource(con)
    con.close()


def _messages(source, area_code: str, period: str) -> list[wat_valt_op.Boodschap]:
    selectie = overzicht.read_selectie(source, area_row(source, area_code), period)
    return wat_valt_op.messages(selectie)


def _of(messages, soort: str) -> list[wat_valt_op.Boodschap]:
    return [message for message in messages if message.soort == soort]


def test_the_known_significant_difference_is_the_only_benchmark_message(handmade):
    messages = _of(_messages(handmade, "GM1", "2025"), wat_valt_op.REFERENTIE)
    assert [message.indicator_id for message in messages] == ["bereik"]
    message = messages[0]
    assert message.toon == "goed"
    assert message.kop == "Bereik: beter dan RESV Noordland"
    assert message.tekst == (
        "30,0 per 1.000 in gemeente Dorp in 2025, tegen 22,0 per 1.000 in RESV Noordland "
        "(95%-interval 27,0–33,0). Het verschil is groter dan toeval."
    )


def test_the_known_trend_is_the_only_trend_message(handmade):
    messages = _of(_messages(handmade, "GM1", "2025"), wat_valt_op.TREND)
    assert [message.indicator_id for message in messages] == ["via_ziekenhuis"]
    message = messages[0]
    # Falling, and lower is better: good news.
    assert message.toon == "goed"
    assert message.kop == "Opname via ziekenhuis: dalende trend in gemeente Dorp"
    assert message.tekst == (
        "Van 50,0 % in 2021 naar 33,0 % in 2025. De daling over 2021–2025 is groter dan toeval."
    )


def test_changes_claim_more_than_chance_only_where_the_intervals_do_not_overlap(handmade):
    messages = _of(_messages(handmade, "GM1", "2025"), wat_valt_op.VERANDERING)
    assert [message.indicator_id for message in messages] == ["bereik", "via_ziekenhuis"]
    bereik, ziekenhuis = messages
    assert "30,0 per 1.000 in 2025, tegen 21,0 per 1.000 in 2024 (+9,0 per 1.000)" in bereik.tekst
    assert "Dat is meer dan toeval" in bereik.tekst
    assert bereik.toon == "goed"
    assert "33,0 % in 2025, tegen 35,0 % in 2024 (−2,0 procentpunt)" in ziekenhuis.tekst
    assert "Dat kan toeval zijn" in ziekenhuis.tekst
    # Overlapping intervals: no verdict, however the polarity reads.
    assert ziekenhuis.toon == "neutraal"


def test_a_suppressed_cell_never_appears_in_a_message(handmade):
    messages = _messages(handmade, "GM1", "2025")
    assert messages
    for message in messages:
        assert message.indicator_id != "crisis"
        for planted in ("Crisisopnames", "77,7", "12,3", "55,5"):
            assert planted not in message.zin, message.zin


def test_every_indicator_message_names_indicator_area_and_period(handmade):
    catalogue = {row[0]: row[2] for row in handmade_published.CATALOGUE}
    for message in _messages(handmade, "GM1", "2025"):
        if message.indicator_id is None:
            continue
        assert message.kop.startswith(catalogue[message.indicator_id])
        assert "gemeente Dorp" in message.zin
        assert "2025" in message.zin


def test_the_similar_indicators_are_counted_not_named(handmade):
    general = _of(_messages(handmade, "GM1", "2025"), wat_valt_op.ALGEMEEN)
    assert [message.tekst for message in general] == [
        "Bij 1 van de 2 vergeleken indicatoren is gemeente Dorp in 2025 vergelijkbaar met "
        "RESV Noordland."
    ]


def test_the_regio_has_no_benchmark_and_says_so(handmade):
    messages = _messages(handmade, "REGIO", "2025")
    assert _of(messages, wat_valt_op.REFERENTIE) == []
    assert any("zelf de referentie" in message.tekst for message in messages)


def test_sample_region_messages_follow_the_published_fields(published_db):
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        source = DataSource(con)
        for code in ("RESV01", "RESV02", "GM9901"):
            rows = con.execute(
                "select indicator_id, comparison, trend, suppressed from indicator_values "
                "where area_code = ? and period = '2025'",
                [code],
            ).fetchall()
            messages = _messages(source, code, "2025")
            named = {m.indicator_id for m in _of(messages, wat_valt_op.REFERENTIE)}
            assert named == {
                i
                for i, comparison, _, suppressed in rows
                if not suppressed and comparison in ("beter", "slechter", "hoger", "lager")
            }
            trends = {m.indicator_id for m in _of(messages, wat_valt_op.TREND)}
            assert trends == {
                i
                for i, _, trend, suppressed in rows
                if not suppressed and trend in ("stijgend", "dalend")
            }
            suppressed = {i for i, *_, s in rows if s}
            assert not suppressed & {m.indicator_id for m in messages}
    finally:
        con.close()


def test_a_trend_quoted_in_corrected_values_says_it_was_tested_on_the_crude_ones(handmade):
    selectie = overzicht.read_selectie(handmade, area_row(handmade, "GM1"), "2025")
    for rows in (selectie.rijen, *selectie.historie.values()):
        for row in rows:
            if row["indicator_id"] == "via_ziekenhuis":
                row["gecorrigeerd"] = True  # as `gecorrigeerd.apply` marks a corrected row
    (message,) = _of(wat_valt_op.messages(selectie), wat_valt_op.TREND)
    assert message.tekst.endswith("(Getoetst op de ongecorrigeerde cijfers.)")
    (crude,) = _of(_messages(handmade, "GM1", "2025"), wat_valt_op.TREND)
    assert "ongecorrigeerd" not in crude.tekst
