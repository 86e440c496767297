"""Dutch number formatting and labels (dashboard/format.py)."""

import math

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import format as fmt
from pipelines import contract


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (1234567, 0, "1.234.567"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),
        (2.675, 2, "2,68"),
        (0.125, 2, "0,13"),
        (999.95, 1, "1.000,0"),
        (-0.8, 1, "−0,8"),
        (-1234.5, 1, "−1.234,5"),
        (-0.04, 1, "0,0"),
        (31.24, 1, "31,2"),
        (45, 1, "45,0"),
        (None, 1, "–"),
        (math.nan, 1, "–"),
        (math.inf, 0, "–"),
    ],
)
def test_format_number(x, decimals, expected):
    assert fmt.format_number(x, decimals) == expected


def test_format_number_refuses_negative_decimals():
    with pytest.raises(ValueError, match=r"decimals moet een geheel getal ≥ 0 zijn, niet -1"):
        fmt.format_number(1.0, -1)


@pytest.mark.parametrize(
    ("value", "eenheid", "decimals", "expected"),
    [
        (31.24, "per 1.000", 1, "31,2 per 1.000"),
        (45, "%", 1, "45,0 %"),
        (87, "dagen", 0, "87 dagen"),
        (1234.56, "uren per 1.000", 1, "1.234,6 uren per 1.000"),
        (None, "per 1.000", 1, "–"),
        (3.14159, None, 2, "3,14"),
    ],
)
def test_format_value(value, eenheid, decimals, expected):
    assert fmt.format_value(value, eenheid, decimals) == expected


def test_format_interval():
    assert fmt.format_interval(28.06, 34.61, 1) == "28,1–34,6"
    assert fmt.format_interval(-0.5, 1.25, 2) == "−0,50–1,25"
    assert fmt.format_interval(None, 34.6, 1) == "–"


@pytest.mark.parametrize(
    ("change", "eenheid", "expected"),
    [
        (1.23, None, "+1,2"),
        (-0.8, None, "−0,8"),
        (0.0, None, "0,0"),
        (0.04, None, "0,0"),
        (-0.04, None, "0,0"),
        (1.5, "per 1.000", "+1,5 per 1.000"),
        (-2.0, "%", "−2,0 procentpunt"),
        (None, "%", "–"),
    ],
)
def test_format_change(change, eenheid, expected):
    assert fmt.format_change(change, 1, eenheid) == expected


def test_labels():
    assert fmt.COMPARISON_LABELS["gelijk"] == "Vergelijkbaar"
    assert fmt.COMPARISON_LABELS["beter"] == "Beter"
    assert fmt.TREND_LABELS["stijgend"] == "Stijgend"
    assert fmt.AREA_LEVEL_LABELS == {
        "wijk": "Wijk",
        "gemeente": "Gemeente",
        "resv": "RESV",
        "regio": "Regio",
    }
    assert fmt.label_for(fmt.OPNAME_TYPE_LABELS, "GRZ") == "Geriatrische revalidatie"
    assert fmt.label_for(fmt.OPNAME_TYPE_LABELS, "ONBEKEND") == "ONBEKEND"
    assert fmt.label_for(fmt.OPNAME_TYPE_LABELS, None) == "–"


def test_code_labels_cover_exactly_the_contract_code_lists():
    assert set(fmt.OPNAME_TYPE_LABELS) == set(contract.OPNAME_TYPES)
    assert set(fmt.HERKOMST_LABELS) == set(contract.HERKOMSTEN)
    assert set(fmt.DISCIPLINE_LABELS) == set(contract.DISCIPLINES)
    assert set(fmt.FINANCIERING_LABELS) == set(contract.FINANCIERINGEN)
    assert set(fmt.PRESTATIE_LABELS) == set(contract.PRESTATIES)
    assert set(fmt.CONTACTVORM_LABELS) == set(contract.CONTACTVORMEN)
    assert set(fmt.HULPVRAAG_LABELS) == set(contract.HULPVRAGEN)


def test_period_label():
    assert fmt.period_label("2024-Q3") == "3e kwartaal 2024"
    assert fmt.period_label("2024-Q1") == "1e kwartaal 2024"
    assert fmt.period_label("2023") == "2023"
    assert fmt.period_label("2024", volledig=False) == "2024 (onvolledig)"
    with pytest.raises(ValueError, match=r"onbekende periode '2024-Q5'; verwacht"):
        fmt.period_label("2024-Q5")


def test_format_number_column():
    series = pl.Series("waarde", [1234.5, 2.675, -0.8, -0.004, None, math.nan, math.inf])
    result = fmt.format_number_column(series, 2)
    assert result.name == "waarde"
    assert result.dtype == pl.String
    assert result.to_list() == ["1.234,50", "2,68", "−0,80", "0,00", "–", "–", "–"]
    counts = pl.Series("n", [0, 7, 1000, 1234567, None])
    assert fmt.format_number_column(counts).to_list() == ["0", "7", "1.000", "1.234.567", "–"]


@given(
    st.lists(
        st.one_of(st.none(), st.just(math.nan), st.floats(min_value=-1e9, max_value=1e9)),
        max_size=20,
    ),
    st.integers(min_value=0, max_value=3),
)
def test_format_number_column_agrees_with_format_number(values, decimals):
    series = pl.Series("x", values, dtype=pl.Float64)
    expected = [fmt.format_number(v, decimals) for v in values]
    assert fmt.format_number_column(series, decimals).to_list() == expected
