"""The synthetic delivery generator: contract format, determinism, calibration and the story.

One scale-1 delivery (seed 1) is generated per test session and read with DuckDB; the
committed sample_data/ must be exactly that delivery.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
import shapely

from pipelines import contract
from pipelines.ingest import ingest_delivery
from pipelines.synth import generate_delivery

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DATA = REPO / "sample_data"
TODAY = date(2026, 11, 22)
COMPLETE_YEARS = range(2020, 2026)
DELIVERY_FILES = sorted(
    [f"{t.name}.csv" for t in contract.TABLES] + [contract.GEOJSON_FILE, "SYNTHETIC"]
)


@pytest.fixture(scope="module")
def delivery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("synth") / "scale1"
    return folder, generate_delivery(folder, scale=1, seed=1)


@pytest.fixture(scope="module")
def con(delivery: tuple[Path, dict[str, int]]) -> duckdb.DuckDBPyConnection:
    """Tables of the CSVs: ``<table>`` typed by DuckDB's sniffer, ``text_<table>`` as text."""
    folder, _ = delivery
    connection = duckdb.connect()
    for table in contract.TABLES:
        # A view cannot take parameters; the path is our own temporary folder.
        path = (folder / f"{table.name}.csv").as_posix()
        connection.execute(
            f"create table {table.name} as select * from read_csv('{path}', header = true)"
        )
        connection.execute(
            f"create table text_{table.name} as "
            f"select * from read_csv('{path}', header = true, all_varchar = true)"
        )
    return connection


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


# --- Files, format, determinism ----------------------------------------------------------------


def test_delivery_has_every_file_and_reports_its_rows(delivery):
    folder, rows = delivery
    assert sorted(p.name for p in folder.iterdir()) == DELIVERY_FILES
    assert (folder / "SYNTHETIC").read_bytes() == b""
    for name, count in rows.items():
        if name.endswith(".csv"):
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
            assert len(lines) == count + 1, name
    assert rows["gebieden.geojson"] == rows["gebieden.csv"] // 7


def test_same_seed_gives_the_same_bytes_and_another_seed_other_rows(delivery, tmp_path):
    folder, _ = delivery
    generate_delivery(tmp_path / "again", scale=1, seed=1)
    generate_delivery(tmp_path / "other", scale=1, seed=2)
    for name in DELIVERY_FILES:
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes(), name
    other = (tmp_path / "other" / "so_consulten.csv").read_bytes()
    assert other != (folder / "so_consulten.csv").read_bytes()


def test_committed_sample_data_is_the_scale_1_seed_1_delivery(delivery):
    folder, _ = delivery
    for name in DELIVERY_FILES:
        assert (SAMPLE_DATA / name).read_bytes() == (folder / name).read_bytes(), name
    assert "synthetisch" in (SAMPLE_DATA / "README.md").read_text(encoding="utf-8").lower()


def test_csv_is_plain_utf8_with_comma_iso_dates_and_true_false(delivery):
    folder, _ = delivery
    raw = (folder / "koppels.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    header, first = raw.decode("utf-8").splitlines()[:2]
    assert header == ",".join(contract.KOPPELS.column_names)
    fields = first.split(",")
    assert fields[4][4] == "-" and fields[4][7] == "-"
    assert fields[6] in ("true", "false") and fields[7] in ("true", "false")


@pytest.mark.parametrize("table", contract.TABLES, ids=lambda t: t.name)
def test_every_row_keeps_the_contract(con, table: contract.Table):
    columns = [r[0] for r in con.execute(f"describe text_{table.name}").fetchall()]
    assert tuple(columns) == table.column_names
    source = f"text_{table.name}"
    for column in table.columns:
        name = column.name
        empty = f"({name} is null or trim({name}) = '')"
        if not column.nullable:
            assert scalar(con, f"select count(*) from {source} where {empty}") == 0, name
        present = f"from {source} where not {empty}"
        if column.codes:
            bad = f"select count(*) {present} and {name} not in (select unnest(?))"
            assert scalar(con, bad, [list(column.codes)]) == 0, name
        if column.pattern:
            bad = f"select count(*) {present} and not regexp_full_match({name}, ?)"
            assert scalar(con, bad, [column.pattern]) == 0, name
        if column.type == "integer":
            low = column.minimum if column.minimum is not None else -(2**62)
            high = column.maximum if column.maximum is not None else 2**62
            bad = (
                f"select count(*) {present} and not coalesce("
                f"try_cast({name} as bigint) between ? and ?, false)"
            )
            assert scalar(con, bad, [low, high]) == 0, name
        if column.type == "date":
            earliest = column.not_before or date(1900, 1, 1)
            bad = (
                f"select count(*) {present} and not (regexp_full_match({name}, "
                f"'\\d{{4}}-\\d{{2}}-\\d{{2}}') and coalesce(try_cast({name} as date) "
                "between ? and ?, false))"
            )
            assert scalar(con, bad, [earliest, TODAY]) == 0, name
        if column.type == "boolean":
            bad = f"select count(*) {present} and {name} not in ('true', 'false')"
            assert scalar(con, bad) == 0, name
    key = ", ".join(table.key)
    duplicates = (
        f"select count(*) from (select {key} from {source} group by all having count(*) > 1)"
    )
    assert scalar(con, duplicates) == 0
    for rule in table.row_rules:
        assert scalar(con, f"select count(*) from {table.name} where not ({rule.expression})") == 0
    for fk in table.foreign_keys:
        on = " and ".join(
            f"r.{ref} = t.{col}" for col, ref in zip(fk.columns, fk.ref_columns, strict=True)
        )
        orphans = (
            f"select count(*) from {table.name} t "
            f"where not exists (select 1 from {fk.table} r where {on})"
        )
        assert scalar(con, orphans) == 0, fk.name


def test_pseudonyms_are_16_hex_characters(con):
    for table in contract.TABLES:
        for column in set(contract.PSEUDONYM_COLUMNS) & set(table.column_names):
            bad = (
                f"select count(*) from text_{table.name} "
                f"where not regexp_full_match({column}, '[0-9a-f]{{16}}')"
            )
            assert scalar(con, bad) == 0, f"{table.name}.{column}"


def test_ingest_quarantines_nothing_in_sample_data():
    connection = duckdb.connect()
    report = ingest_delivery(connection, SAMPLE_DATA, today=TODAY)
    assert [f.rows_quarantined for f in report.files] == [0] * len(contract.TABLES)
    assert all(f.rows_loaded == f.rows_read > 0 for f in report.files)
    assert report.synthetisch is True
    assert report.peildatum == date(2026, 9, 30)
    assert report.data_start == date(2020, 1, 1)
    assert report.wijken_met_geometrie == scalar(
        connection, "select count(distinct wijk_code) from valid_gebieden"
    )


def test_map_is_an_rd_new_coverage_of_irregular_wijken_as_cbs_publishes_it(delivery, con):
    folder, _ = delivery
    collection = json.loads((folder / contract.GEOJSON_FILE).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    codes = [f["properties"]["statcode"] for f in collection["features"]]
    wijken = con.execute("select distinct wijk_code from gebieden order by 1").fetchall()
    assert sorted(codes) == [w[0] for w in wijken]
    polygons = []
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Polygon"
        (ring,) = feature["geometry"]["coordinates"]
        assert len(ring) > 100 and ring[0] == ring[-1]  # irregular, as real borders are
        # RD New metres, inside the Netherlands' part of the grid.
        assert all(0 < x < 300_000 and 300_000 < y < 620_000 for x, y in ring)
        polygons.append(shapely.Polygon(ring))
    # Neighbours share their borders exactly: no overlaps, no slivers.
    assert all(p.is_valid for p in polygons)
    assert shapely.coverage_is_valid(np.array(polygons))


def test_refuses_a_scale_or_seed_it_cannot_use(tmp_path):
    with pytest.raises(ValueError) as refused:
        generate_delivery(tmp_path, scale=0)
    assert str(refused.value) == "schaal moet groter dan 0 en hoogstens 200 zijn, niet 0"
    with pytest.raises(ValueError) as refused:
        generate_delivery(tmp_path, seed=-1)
    assert str(refused.value) == "seed moet een geheel getal ≥ 0 zijn, niet -1"
    assert list(tmp_path.iterdir()) == []


# --- The region ---------------------------------------------------------------------------------


def test_region_is_fictional_with_two_resvs_four_gemeenten_and_about_30_wijken(con):
    gemeenten = con.execute("select distinct gemeente_code from gebieden order by 1").fetchall()
    assert [g[0] for g in gemeenten] == ["GM9901", "GM9902", "GM9903", "GM9904"]
    assert scalar(con, "select count(distinct resv_code) from gebieden") == 2
    assert 25 <= scalar(con, "select count(distinct wijk_code) from gebieden") <= 35
    assert scalar(con, "select count(distinct jaar) from gebieden") == 7


def test_every_wijk_has_its_stedelijkheid_and_ses_score_the_same_every_year(con):
    """CBS' range: stedelijkheid 1–5, SES-WOA wijk means about −1 … +0,8; towns more urban."""
    per_wijk = con.execute(
        "select wijk_code, count(distinct stedelijkheid), count(distinct ses_score), "
        "min(stedelijkheid), min(ses_score) from gebieden group by all"
    ).fetchall()
    assert all(n_sted == 1 and n_ses == 1 for _, n_sted, n_ses, _, _ in per_wijk)
    assert all(1 <= sted <= 5 and -0.8 <= ses <= 0.7 for *_, sted, ses in per_wijk)
    assert len({sted for *_, sted, _ in per_wijk}) >= 3
    assert scalar(con, "select stddev(ses_score) from gebieden") > 0.1


def test_the_area_characteristics_follow_their_seed():
    """Drawn from their own stream ``[seed, 3]``: the same seed gives the same values, another
    seed others (that no other file changed with them is what
    test_committed_sample_data_is_the_scale_1_seed_1_delivery keeps)."""
    import numpy as np

    from pipelines.synth.region import area_characteristics, build_region

    region = build_region(1, np.random.default_rng([1, 0]), 1)
    first = area_characteristics(region.wijken, np.random.default_rng([1, 3]))
    again = area_characteristics(region.wijken, np.random.default_rng([1, 3]))
    other = area_characteristics(region.wijken, np.random.default_rng([2, 3]))
    assert first.equals(again) and not first.equals(other)


def test_bevolking_has_every_cell_in_multiples_of_5(con):
    cells = scalar(
        con,
        "select count(*) from (select distinct jaar, wijk_code, leeftijdsklasse, geslacht "
        "from bevolking)",
    )
    wijken = scalar(con, "select count(distinct wijk_code) from gebieden")
    assert cells == wijken * 7 * len(contract.LEEFTIJDSKLASSEN) * len(contract.GESLACHTEN)
    assert scalar(con, "select count(*) from bevolking where inwoners % 5 <> 0") == 0
    assert scalar(con, "select min(jaar) from bevolking") == 2020
    assert scalar(con, "select max(jaar) from bevolking") == 2026


def test_small_wijken_trigger_suppression_but_never_hold_1_to_9_people(con):
    per_wijk = """
        select jaar, wijk_code, sum(inwoners) as inwoners from bevolking
        where leeftijdsklasse <> '65-74' group by all
    """
    assert scalar(con, f"select count(*) from ({per_wijk}) where inwoners between 1 and 9") == 0
    small = scalar(
        con,
        f"select min(n) from (select jaar, count(*) filter (where inwoners between 15 and 45) n "
        f"from ({per_wijk}) group by jaar)",
    )
    assert small >= 3
    total_2023 = scalar(con, f"select sum(inwoners) from ({per_wijk}) where jaar = 2023")
    assert 23_000 <= total_2023 <= 27_000


# --- Calibration (complete years 2020–2025, clients 75+) ----------------------------------------

YEARLY = """
with pop as (
    select jaar, sum(inwoners) as inwoners from bevolking
    where leeftijdsklasse <> '65-74' group by all
),
consults as (
    select year(datum) as jaar, count(distinct client_id) as clienten, count(*) as contacten
    from so_consulten where leeftijdsklasse <> '65-74' group by all
),
opnames_75 as (
    select
        year(opnamedatum) as jaar,
        count(*) filter (where opname_type = 'WLZ_VERBLIJF') as wlz,
        count(*) filter (where opname_type like 'ELV%') as elv,
        count(*) filter (where opname_type = 'GRZ') as grz,
        avg(crisis::int) filter (where opname_type = 'WLZ_VERBLIJF') as crisis,
        median(opnamedatum - indicatiedatum)
            filter (where opname_type = 'WLZ_VERBLIJF' and not crisis) as wachttijd
    from opnames where leeftijdsklasse <> '65-74' group by all
)
select
    jaar,
    clienten * 1000.0 / inwoners as bereik,
    contacten / clienten as contacten_per_client,
    wlz * 1000.0 / inwoners as wlz,
    elv * 1000.0 / inwoners as elv,
    grz * 1000.0 / inwoners as grz,
    crisis,
    wachttijd
from pop join consults using (jaar) join opnames_75 using (jaar)
where jaar between 2020 and 2025
order by jaar
"""


def test_yearly_rates_are_in_the_calibrated_ranges(con):
    rows = con.execute(YEARLY).fetchall()
    assert [r[0] for r in rows] == list(COMPLETE_YEARS)
    for jaar, bereik, per_client, wlz, elv, grz, crisis, wachttijd in rows:
        assert 20 <= bereik <= 40, jaar
        assert 2.5 <= per_client <= 3.5, jaar
        assert 24 <= wlz <= 34, jaar
        assert 14 <= elv <= 22, jaar
        assert 16 <= grz <= 24, jaar
        assert 0.10 <= crisis <= 0.20, jaar
        assert 60 <= wachttijd <= 120, jaar


def test_wlz_rate_varies_between_wijken_from_about_20_to_40(con):
    rates = con.execute(
        """
        with pop as (
            select wijk_code, sum(inwoners) as inwoners from bevolking
            where leeftijdsklasse <> '65-74' and jaar between 2020 and 2025 group by all
        ),
        wlz as (
            select wijk_code, count(*) as n from opnames
            where opname_type = 'WLZ_VERBLIJF' and leeftijdsklasse <> '65-74'
                and year(opnamedatum) between 2020 and 2025
            group by all
        )
        select n * 1000.0 / inwoners from pop join wlz using (wijk_code) where inwoners >= 500
        """
    ).fetchall()
    values = sorted(r[0] for r in rates)
    assert 15 <= values[0] < 28 and 32 < values[-1] <= 45


KOPPELDEKKING = """
with actief as (
    select p.jaar, p.praktijk_id, p.wijk_code, p.ingeschreven_75plus,
        exists (
            select 1 from koppels k
            where k.praktijk_id = p.praktijk_id
                and k.startdatum <= make_date(p.jaar, 7, 1)
                and (k.einddatum is null or k.einddatum >= make_date(p.jaar, 7, 1))
        ) as met_koppel
    from praktijken p
)
select jaar, wijk_code,
    sum(ingeschreven_75plus) filter (where met_koppel) as met_koppel,
    sum(ingeschreven_75plus) as ingeschreven
from actief group by all
"""


def test_koppeldekking_rises_from_about_30_to_about_70_percent_unevenly(con):
    def dekking(jaar: int) -> float:
        sql = (
            f"select sum(coalesce(met_koppel, 0)) / sum(ingeschreven) "
            f"from ({KOPPELDEKKING}) where jaar = ?"
        )
        return scalar(con, sql, [jaar])

    assert 0.20 <= dekking(2020) <= 0.40
    assert 0.60 <= dekking(2026) <= 0.80
    spread = con.execute(
        f"select min(coalesce(met_koppel, 0) / ingeschreven), max(met_koppel / ingeschreven) "
        f"from ({KOPPELDEKKING}) where jaar = 2023"
    ).fetchone()
    assert spread[0] == 0 and spread[1] == 1
    assert scalar(con, "select count(*) from koppels where einddatum is not null") >= 3


def test_consults_of_a_practice_with_a_koppel_mostly_use_its_so(con):
    share = scalar(
        con,
        """
        with koppel_praktijk as (
            select c.consult_id, bool_or(k.so_id = c.so_id) as eigen_so
            from so_consulten c join koppels k
                on k.praktijk_id = c.praktijk_id and k.startdatum <= c.datum
                and (k.einddatum is null or c.datum <= k.einddatum)
            group by c.consult_id
        )
        select avg(eigen_so::int) from koppel_praktijk
        """,
    )
    assert 0.8 <= share <= 0.95


def test_each_client_keeps_one_wijk_practice_age_band_and_sex(con):
    changing = """
        select count(*) from (
            select client_id from (
                select client_id, wijk_code, leeftijdsklasse, geslacht from so_consulten
                union all
                select client_id, wijk_code, leeftijdsklasse, geslacht from opnames
            )
            group by client_id
            having count(distinct (wijk_code, leeftijdsklasse, geslacht)) > 1
        )
    """
    assert scalar(con, changing) == 0
    more_practices = """
        select count(*) from (select client_id from so_consulten group by client_id
        having count(distinct praktijk_id) > 1)
    """
    assert scalar(con, more_practices) == 0


def test_admissions_share_clients_with_consults_and_include_clients_65_74(con):
    shared = scalar(
        con,
        "select count(distinct client_id) from opnames "
        "where client_id in (select client_id from so_consulten)",
    )
    assert shared >= 1000
    assert scalar(con, "select count(*) from so_consulten where leeftijdsklasse = '65-74'") > 50
    assert scalar(con, "select count(*) from opnames where leeftijdsklasse = '65-74'") > 50


def test_every_mix_uses_every_code(con):
    for column, codes in [
        ("uitvoerder_discipline", contract.DISCIPLINES),
        ("financiering", contract.FINANCIERINGEN),
        ("prestatie", contract.PRESTATIES),
        ("contactvorm", contract.CONTACTVORMEN),
        ("hulpvraag", contract.HULPVRAGEN),
    ]:
        used = con.execute(f"select distinct {column} from so_consulten order by 1").fetchall()
        assert [u[0] for u in used] == sorted(codes), column
    for column, codes in [
        ("opname_type", contract.OPNAME_TYPES),
        ("zorgprofiel", contract.ZORGPROFIELEN),
        ("herkomst", contract.HERKOMSTEN),
    ]:
        used = con.execute(
            f"select distinct {column} from opnames where {column} is not null order by 1"
        ).fetchall()
        assert [u[0] for u in used] == sorted(codes), column


def test_zorgtraject_vervolg_always_follows_a_start_of_the_same_client(con):
    orphans = """
        select count(*) from so_consulten v
        where v.prestatie = 'ZORGTRAJECT_VERVOLG' and not exists (
            select 1 from so_consulten s
            where s.client_id = v.client_id and s.prestatie = 'ZORGTRAJECT_START'
                and s.datum < v.datum
        )
    """
    assert scalar(con, orphans) == 0
    assert (
        scalar(con, "select count(*) from so_consulten where prestatie = 'ZORGTRAJECT_VERVOLG'")
        > 500
    )


def test_vs_and_pa_do_a_growing_share_of_contacts(con):
    shares = con.execute(
        "select year(datum), avg((uitvoerder_discipline in ('VS', 'PA'))::int) "
        "from so_consulten group by 1 order by 1"
    ).fetchall()
    assert shares[0][1] < shares[-1][1]
    assert 0.12 <= shares[0][1] <= 0.25 and 0.24 <= shares[-1][1] <= 0.36


# --- The story: koppel wijken ---------------------------------------------------------------------

STORY = f"""
with groep as (
    select jaar, wijk_code, coalesce(met_koppel, 0) / ingeschreven >= 0.5 as koppelwijk
    from ({KOPPELDEKKING}) where jaar between 2020 and 2025
),
pop as (
    select jaar, wijk_code, sum(inwoners) as inwoners from bevolking
    where leeftijdsklasse <> '65-74' group by all
),
bereik as (
    select year(datum) as jaar, wijk_code, count(distinct client_id) as clienten
    from so_consulten where leeftijdsklasse <> '65-74' group by all
),
wlz as (
    select year(o.opnamedatum) as jaar, o.wijk_code, o.crisis, o.herkomst,
        exists (
            select 1 from so_consulten c
            where c.client_id = o.client_id
                and c.datum < o.opnamedatum and c.datum >= o.opnamedatum - 365
        ) as so_voor
    from opnames o
    where o.opname_type = 'WLZ_VERBLIJF' and o.leeftijdsklasse <> '65-74'
),
wlz_groep as (
    select
        groep.koppelwijk,
        avg(so_voor::int) filter (where herkomst = 'THUIS') as so_voor_opname,
        avg(crisis::int) as crisis
    from wlz join groep using (jaar, wijk_code) group by all
),
bereik_groep as (
    select groep.koppelwijk, sum(coalesce(clienten, 0)) * 1000.0 / sum(inwoners) as bereik
    from groep join pop using (jaar, wijk_code) left join bereik using (jaar, wijk_code)
    group by all
)
select koppelwijk, bereik, so_voor_opname, crisis
from bereik_groep join wlz_groep using (koppelwijk)
order by koppelwijk
"""


def test_koppel_wijken_reach_more_involve_the_so_more_and_have_fewer_crises(con):
    (zonder, met) = con.execute(STORY).fetchall()
    assert zonder[0] is False and met[0] is True
    assert met[1] >= zonder[1] + 3  # reach per 1,000
    assert met[2] >= zonder[2] + 0.05  # SO involved before a Wlz admission from home
    assert met[3] <= zonder[3] - 0.02  # crisis share


def test_a_smaller_scale_also_keeps_the_contract(tmp_path):
    rows = generate_delivery(tmp_path, scale=0.3, seed=7)
    assert rows["gebieden.geojson"] >= 5
    report = ingest_delivery(duckdb.connect(), tmp_path, today=TODAY)
    assert sum(f.rows_quarantined for f in report.files) == 0


def test_every_calibrated_parameter_is_documented():
    from pipelines.synth import calibration

    doc = (REPO / "docs" / "synthetic_data.md").read_text(encoding="utf-8")
    names = [name for name in vars(calibration) if name.isupper()]
    assert len(names) > 40
    assert [name for name in names if f"`{name}`" not in doc] == []
