"""The published database of the sample region: only aggregates, nothing that identifies a
person, every suppressed count protected within its group."""

from __future__ import annotations

import duckdb

from pipelines import catalogue, publish

TABLES = (
    "indicator_values",
    "funnel_limits",
    "indicator_catalogue",
    "areas",
    "build_info",
    "build_inputs",
    "quarantine_summary",
    "koppel_leercurve",
    "koppel_kenmerken",
    "opnames_per_type",
    "bevolking",
    "consulten_per_kenmerk",
    "koppel_vergelijking",
    "periods",
    "bevolking_geslacht",
    "vergelijkbare_gebieden",
    "samenwerkingsfase",
    "koppel_hulpvraag",
)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params=None):
    return con.execute(sql, params or []).fetchall()[0][0]


def test_holds_exactly_the_documented_tables(published):
    names = {row[0] for row in published.execute("show tables").fetchall()}
    assert names == set(TABLES)


def test_no_table_has_a_person_level_key(published):
    columns = published.execute(
        "select table_name, column_name from information_schema.columns"
    ).fetchall()
    leaked = [(t, c) for t, c in columns if c.lower() in publish.PERSON_LEVEL_KEYS]
    assert leaked == []


#: English words for the domain's nouns: a published column says these in Dutch
#: (docs/architecture.md, "Names"): teller, noemer, opname, praktijk, koppel, inwoners, ...
ENGLISH_DOMAIN_NOUNS = (
    "numerator", "denominator", "admission", "consultation", "consult_", "practice",
    "population", "inhabitant", "resident", "pair", "district", "neighbourhood", "municipality",
    "patient", "quarter", "year", "age", "sex", "gender", "count",
)  # fmt: skip


def test_published_columns_name_the_domain_in_dutch(published):
    columns = published.execute(
        "select table_name, column_name from information_schema.columns"
    ).fetchall()
    english = [
        (table, column)
        for table, column in columns
        for word in ENGLISH_DOMAIN_NOUNS
        if word in column.lower()
    ]
    assert english == []


def test_no_published_count_between_1_and_9(published):
    counts = {
        "indicator tellers": """
            select count(*) from indicator_values join indicator_catalogue using (indicator_id)
            where methode in ('rate', 'proportion') and teller between 1 and 9""",
        "proportion noemers and complements": """
            select count(*) from indicator_values join indicator_catalogue using (indicator_id)
            where methode in ('proportion', 'median')
              and (noemer between 1 and 9 or noemer - teller between 1 and 9)""",
        "admissions by type": "select count(*) from opnames_per_type where aantal between 1 and 9",
        "contacts by kenmerk": (
            "select count(*) from consulten_per_kenmerk where contacten between 1 and 9"
        ),
        "population": "select count(*) from bevolking where inwoners between 1 and 9",
        "population by sex": (
            "select count(*) from bevolking_geslacht where inwoners between 1 and 9"
        ),
        "koppels": "select count(*) from koppel_leercurve where n_koppels between 1 and 2",
        "koppel groups": """
            select count(*) from koppel_vergelijking
            where teller between 1 and 9 or noemer - teller between 1 and 9
                or noemer between 1 and 9""",
    }
    found = {name: _scalar(published, sql) for name, sql in counts.items()}
    assert found == dict.fromkeys(counts, 0)


def test_suppressed_rows_carry_a_reason_and_no_numbers(published):
    leaked = _scalar(
        published,
        """select count(*) from indicator_values where suppressed and (
            teller is not null or noemer is not null or value is not null
            or lower_95 is not null or upper_95 is not null or suppression_reason is null)""",
    )
    assert leaked == 0
    reasons = {
        r[0]
        for r in published.execute(
            "select distinct suppression_reason from indicator_values where suppressed"
        ).fetchall()
    }
    assert reasons <= {
        "primair",
        "secundair",
        "kleine_noemer",
        "onderdrukt",
        "te_weinig_koppels",
        "te_weinig_praktijken",
    }
    assert "primair" in reasons  # the sample has small wijken on purpose


def test_every_catalogue_indicator_is_published_with_its_description(published):
    rows = published.execute(
        "select indicator_id, titel, definitie, teller_definitie, noemer_definitie, eenheid, "
        "methode, polariteit, waarom from indicator_catalogue order by volgorde"
    ).fetchall()
    assert [r[0] for r in rows] == [i.id for i in catalogue.INDICATORS]
    assert all(all(field for field in row) for row in rows)
    published_ids = {
        r[0]
        for r in published.execute("select distinct indicator_id from indicator_values").fetchall()
    }
    assert published_ids == set(catalogue.INDICATORS_BY_ID)


def test_last_period_is_flagged_incomplete_and_left_out_of_comparisons(published):
    info = published.execute(
        "select peildatum, laatste_volledige_jaar, synthetisch, schema_version from build_info"
    ).fetchall()[0]
    assert str(info[0]) == "2026-09-30"
    assert info[1] == 2025
    assert info[2] is True
    assert info[3] == publish.SCHEMA_VERSION
    incomplete = published.execute(
        "select distinct period from indicator_values where not periode_volledig order by 1"
    ).fetchall()
    assert [r[0] for r in incomplete] == ["2026"]  # 2026-Q3 ends on the peildatum
    compared = _scalar(
        published,
        "select count(*) from indicator_values where not periode_volledig "
        "and (comparison <> 'niet_vergeleken' or trend is not null or benchmark_value is not null)",
    )
    assert compared == 0


def test_wijken_have_geometry_and_every_area_a_parent(published):
    missing = _scalar(
        published, "select count(*) from areas where area_level = 'wijk' and geometry is null"
    )
    assert missing == 0
    orphans = _scalar(
        published,
        "select count(*) from areas a where a.area_level <> 'regio' and not exists "
        "(select 1 from areas p where p.area_code = a.parent_code)",
    )
    assert orphans == 0


def test_koppel_learning_curve_rests_on_at_least_three_koppels(published):
    rows = published.execute(
        "select min(n_koppels), count(*) filter (where not suppressed), "
        "count(*) filter (where suppressed and suppression_reason is null) from koppel_leercurve"
    ).fetchall()[0]
    assert rows[0] >= 3
    assert rows[1] > 0
    assert rows[2] == 0


def test_standardised_rates_only_for_their_indicators_and_only_beside_a_published_count(
    published,
):
    standardised = list(catalogue.STANDARDISED)
    misplaced = _scalar(
        published,
        """select count(*) from indicator_values
           where not list_contains($1, indicator_id)
             and (std_value is not null or std_lower_95 is not null
                  or std_comparison is not null)""",
        [standardised],
    )
    assert misplaced == 0
    # A standardised value needs a published crude count of at least 10 (PHE's rule) and
    # comes with all four limits around it.
    unprotected = _scalar(
        published,
        """select count(*) from indicator_values where std_value is not null and (
             suppressed or teller is null or teller < 10 or period_type <> 'jaar'
             or not (std_lower_998 <= std_lower_95 and std_lower_95 <= std_value
                     and std_value <= std_upper_95 and std_upper_95 <= std_upper_998))""",
    )
    assert unprotected == 0
    per_level = dict(
        published.execute(
            """select area_level, count(std_value) from indicator_values
               where list_contains($1, indicator_id) group by all""",
            [standardised],
        ).fetchall()
    )
    assert all(per_level[level] > 0 for level in ("wijk", "gemeente", "resv", "regio"))
    # Every standardised indicator is compared on the standardised values as well.
    compared = _scalar(
        published,
        """select count(*) from indicator_values where list_contains($1, indicator_id)
           and (std_comparison is null
                or (not periode_volledig and std_comparison <> 'niet_vergeleken'))""",
        [standardised],
    )
    assert compared == 0
