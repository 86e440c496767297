"""A delivery without the optional ``so_consulten.aanvraagdatum`` builds; every page that shows
``dagen_tot_so_contact`` says the delivery does not allow it (dashboard/reports/
missing_columns.py) instead of showing "no value": the Overzicht tile, the Trends page. With the
column (the hand-made delivery's aanvraagdatum variant) nothing is said to be missing."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.reports import (
    DataSource,
    Section,
    Text,
    area_row,
    missing_columns,
    overzicht,
    trends,
)

INDICATOR = "dagen_tot_so_contact"
TITEL = "Dagen tot eerste SO-contact"
REASON = (
    "Dagen tot eerste SO-contact: de levering noemt bij geen enkele rij van so_consulten de dag "
    "waarop de huisarts het SO-team vroeg (kolom aanvraagdatum), dus dit cijfer is niet te "
    "berekenen."
)


@pytest.fixture(scope="module", params=[False, True], ids=["zonder", "met_aanvraagdatum"])
def source(request):
    """The hand-made delivery built with every threshold at 1, without or with aanvraagdatum
    (tests/conftest.py)."""
    name = "hand_unsuppressed_aanvraagdatum" if request.param else "hand_unsuppressed"
    path = request.getfixturevalue(name) / "data" / "dashboard.duckdb"
    with duckdb.connect(str(path), read_only=True) as con:
        yield request.param, DataSource(con)


def test_the_overzicht_tile_says_the_column_is_missing(source):
    delivered, data = source
    selectie = overzicht.read_selectie(data, area_row(data, "REGIO"), "2024")
    tiles = {tile.indicator_id: tile for tile in overzicht.tiles(selectie)}
    tile = tiles[INDICATOR]
    if delivered:
        assert selectie.niet_gemeten == frozenset()
        assert tile.waarde == "7 dagen"
        assert REASON not in tile.toelichting
    else:
        assert selectie.niet_gemeten == {INDICATOR}
        assert tile.waarde == missing_columns.NIET_GEMETEN
        assert REASON in tile.toelichting
    # Every other tile is untouched.
    assert tiles["so_bereik"].waarde != missing_columns.NIET_GEMETEN


def test_the_trends_page_says_why_there_is_no_line(source):
    delivered, data = source
    result = trends.report(data, area_row(data, "REGIO"), [INDICATOR, "so_bereik"], "jaar")
    texts = [item.tekst for item in result.items if isinstance(item, Text)]
    keys = [item.key for item in result.items if isinstance(item, Section)]
    assert (REASON in texts) is not delivered
    assert keys == (["trend_so_bereik", f"trend_{INDICATOR}"] if delivered else ["trend_so_bereik"])
    assert missing_columns.never_measured(data, "kwartaal") == (set() if delivered else {INDICATOR})
