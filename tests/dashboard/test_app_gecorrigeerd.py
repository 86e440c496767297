"""The choice "Gecorrigeerd voor leeftijd en geslacht" (issue 13) on a delivery in which age
alone makes a wijk look worse (tests/pipelines/age_mix_delivery.py): uncorrected, wijk Jong
is "Slechter" than its RESV; corrected, "Vergelijkbaar" — on Vergelijken (bars, table and the
funnel plot, corrected at derived noemers) and on the Wijkprofiel."""

from __future__ import annotations

import json

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import format as fmt
from dashboard.reports import gecorrigeerd
from dashboard.views import _gecorrigeerd
from tests.dashboard.conftest import APP, TIMEOUT, chart_rows
from tests.pipelines.age_mix_delivery import STANDARDISED

SLECHTER, VERGELIJKBAAR = fmt.STATUS_LABELS["slechter"], fmt.STATUS_LABELS["gelijk"]


@pytest.fixture(scope="module")
def age_mix_db(age_mix_output):
    return age_mix_output / "dashboard.duckdb"


def _open(age_mix_db, monkeypatch, page: str, **params: str) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", str(age_mix_db))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _jong(rows: list[dict]) -> dict:
    # A wijk is named with its gemeente: "Jong, Eerstedorp".
    return next(
        row
        for row in rows
        if str(row.get("gebied", "")).startswith("Jong") and "status_tekst" in row
    )


def test_vergelijken_shows_jong_comparable_corrected_and_worse_uncorrected(age_mix_db, monkeypatch):
    at = _open(age_mix_db, monkeypatch, "vergelijken", resv="RESV Een")
    toggle = at.toggle(key=_gecorrigeerd.KEY)
    assert toggle.value is True and toggle.label == gecorrigeerd.LABEL
    bars = _jong(chart_rows(at, 0))
    assert bars["status_tekst"] == VERGELIJKBAAR
    assert bars["waarde_tekst"] == fmt.format_value(STANDARDISED, "per 1.000", 1)
    table = at.dataframe[0].value
    assert table.loc[table["Gebied"].str.startswith("Jong"), "Vergelijking"].item() == VERGELIJKBAAR
    assert gecorrigeerd.EXPLANATION in [c.value for c in at.caption]

    toggle.set_value(False).run(timeout=TIMEOUT)
    bars = _jong(chart_rows(at, 0))
    assert bars["status_tekst"] == SLECHTER
    assert bars["waarde_tekst"] == fmt.format_value(310 / 2350 * 1000, "per 1.000", 1)
    table = at.dataframe[0].value
    assert table.loc[table["Gebied"].str.startswith("Jong"), "Vergelijking"].item() == SLECHTER


def test_wijkprofiel_shows_both(age_mix_db, monkeypatch):
    at = _open(age_mix_db, monkeypatch, "wijkprofiel", wijk="Jong, Eerstedorp")
    table = at.dataframe[0].value
    bereik = table.loc[table["Indicator"] == "Bereik SO in de eerste lijn"]
    assert bereik["Vergelijking"].item() == VERGELIJKBAAR
    at.toggle(key=_gecorrigeerd.KEY).set_value(False).run(timeout=TIMEOUT)
    table = at.dataframe[0].value
    bereik = table.loc[table["Indicator"] == "Bereik SO in de eerste lijn"]
    assert bereik["Vergelijking"].item() == SLECHTER


def test_a_comparison_with_some_areas_withheld_stays_crude_and_says_why(open_page, open_db):
    """On the sample most wijken have no standardised rate (a small age-sex group would show
    through it): the wijken are then compared crude, every one with its value, and the page says
    why — never a row of "geen gecorrigeerd cijfer" beside corrected ones."""
    year = open_db("select laatste_volledige_jaar from build_info").item()
    counts = open_db(
        "select count(*) filter (where std_value is not null) as met, "
        "count(*) filter (where not suppressed) as gepubliceerd from indicator_values "
        "where indicator_id = 'so_bereik' and area_level = 'wijk' and period = $p",
        {"p": str(year)},
    ).row(0)
    assert counts[0] < counts[1]  # the situation under test: some wijken without
    at = open_page("vergelijken")  # default: Bereik SO, the wijken
    assert at.toggle(key=_gecorrigeerd.KEY).value is True
    bars = [r for r in chart_rows(at, 0) if "status_tekst" in r]
    assert bars and not any(r.get("waarde_tekst") == gecorrigeerd.NO_CORRECTED for r in bars)
    published = [r for r in bars if not r.get("suppressed")]
    assert published and all(r.get("value") is not None for r in published)
    why = gecorrigeerd.INCOMPLETE if counts[0] else gecorrigeerd.NOT_AVAILABLE
    assert why in [c.value for c in at.caption]


def _funnel(at: AppTest) -> tuple[list[dict], dict]:
    """The rows and spec of the page's funnel plot (the chart with limit lines)."""
    for index, chart in enumerate(at.get("vega_lite_chart")):
        rows = chart_rows(at, index)
        if any("grens" in row for row in rows):
            return rows, json.loads(chart.proto.spec)
    raise AssertionError("no funnel plot on the page")


def _upper_95(rows: list[dict]) -> list[float]:
    """The drawn upper 95 % limit (charts/trechter.py: line "95%-grenzen", side "boven")."""
    return [r["grens"] for r in rows if r.get("lijn") == "95%-grenzen" and r.get("kant") == "boven"]


def _published_limits(db, standardised: bool) -> list[float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            row[0]
            for row in con.execute(
                "select upper_95 from funnel_limits where indicator_id = 'so_bereik' "
                "and period = '2024' and benchmark_code = 'R1' and standardised = ? "
                "order by noemer",
                [standardised],
            ).fetchall()
        ]
    finally:
        con.close()


def test_vergelijken_funnel_draws_corrected_values_at_derived_noemers(age_mix_db, monkeypatch):
    """With the choice on, each wijk stands at its corrected rate and its derived noemer
    (teller × 1.000 ÷ corrected rate: Jong 310 events at 233,3 ‰ → 1.328,6) within the published
    standardised limits around the RESV's corrected rate; off, at its crude rate and its
    inhabitants within the crude limits."""
    at = _open(age_mix_db, monkeypatch, "vergelijken", resv="RESV Een")
    rows, spec = _funnel(at)
    jong = _jong(rows)
    assert jong["value"] == pytest.approx(STANDARDISED)
    assert jong["derived_noemer"] == pytest.approx(310 * 1000 / STANDARDISED)
    assert spec["layer"][1]["encoding"]["x"]["field"] == "derived_noemer"
    assert spec["layer"][0]["encoding"]["x"]["title"] == gecorrigeerd.FUNNEL_NOEMER
    assert _upper_95(rows) == pytest.approx(_published_limits(age_mix_db, standardised=True))
    assert gecorrigeerd.FUNNEL_EXPLANATION in [c.value for c in at.caption]

    at.toggle(key=_gecorrigeerd.KEY).set_value(False).run(timeout=TIMEOUT)
    rows, spec = _funnel(at)
    jong = _jong(rows)
    assert jong["value"] == pytest.approx(310 / 2350 * 1000)
    assert jong["noemer"] == 2350
    assert spec["layer"][1]["encoding"]["x"]["field"] == "noemer"
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Inwoners van 75 jaar en ouder"
    assert _upper_95(rows) == pytest.approx(_published_limits(age_mix_db, standardised=False))
    assert gecorrigeerd.FUNNEL_EXPLANATION not in [c.value for c in at.caption]
