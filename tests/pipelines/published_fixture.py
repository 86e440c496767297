"""A small published database made by hand in which every published check has something to
compare and everything adds up: the ground truth the check tests plant errors in.

Areas: REGIO = RESV R1 (gemeenten GM1 = wijken WK1, WK2; GM2 = WK3) + RESV R2 (GM3 = WK4).
Period: 2024 (complete) and its four quarters. Every count is at least 10, so nothing is
suppressed except one extra row per table (in 2023, where nothing else is) that shows the
"suppressed rows have no numbers" checks a suppressed row. Wijk i (1..4) in quarter q (1..4):

- contacts by uitvoerder: SO 30 + 3i + q, VS 10 + i + q, PA 10 + q; by contactvorm:
  TELEFONISCH 20 + i per year, THUIS the rest.
- admissions: WLZ_VERBLIJF 10 + i + q, ELV_LAAG 5 + q, ELV_HOOG 3 + i, GRZ 7.
- inhabitants (2024): 65-74 500 + i, 75-79 300 + 10i, 80-84 200 + i, 85-89 100 + i, 90+ 50 + i;
  men the lower half of each class (rounded down), women the rest.
- active koppels: 3 + i.
- so_bereik 2024 has a standardised rate (950 × the crude proportion) and a standardised
  funnel around R1's (funnel_limits, four points).
- listed 75-plussers per samenwerkingsfase (2024, published from the gemeente up, 3 + fase
  practices per stage and wijk): fase 0 100 + i, 1 20, 2 30 + i, 3 40, 4 50 + i; koppeldekking's
  noemer is their sum, its teller stages 1–4.
- the learning curve (regio): quarter 0 12 koppels × 4 contacts, quarter 1 hidden, quarters 4
  and 5 10 × 3; by question (koppel_hulpvraag) koppeljaar 2: R1 20 + 15, R2 10 + 15, regio 30
  + 30.
- requests to the SO team (dagen_tot_so_contact's noemer, a median): 10 + q.
- crisis admissions without an SO contact before (crisis_zonder_so's teller; its noemer is the
  crisis admissions): 1 + q.
- crisis admissions (crisisopnames' teller; its noemer is WLZ_VERBLIJF): 3 + q; per year
  split by koppel group (koppel_vergelijking, gemeente up): with a koppel 12 of 30 + 2i
  admissions, without 10 of 20 + 2i; its rate wlz_opnames: 20 + i (met) and 25 + 2i (zonder)
  of the 50 + 4i Wlz admissions, per koppeldekking's teller and rest.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from pipelines import funnel

WIJKEN = {"WK1": ("GM1", "R1"), "WK2": ("GM1", "R1"), "WK3": ("GM2", "R1"), "WK4": ("GM3", "R2")}
LEVEL = {"WK": "wijk", "GM": "gemeente", "R": "resv", "REGIO": "regio"}
QUARTERS = [f"2024-Q{q}" for q in range(1, 5)]
CATALOGUE = {
    "so_consulten": "rate",
    "inzet_vs_pa": "proportion",
    "wlz_opnames": "rate",
    "elv_opnames": "rate",
    "so_bereik": "rate",
    "wachttijd_opname": "median",
    "crisisopnames": "proportion",
    "koppeldekking": "proportion",
    "dagen_tot_so_contact": "median",
    "crisis_zonder_so": "proportion",
}
#: Listed 75-plussers of wijk i (1..4) per samenwerkingsfase.
FASE_LISTED = {
    0: lambda i: 100 + i,
    1: lambda i: 20,
    2: lambda i: 30 + i,
    3: lambda i: 40,
    4: lambda i: 50 + i,
}
KLASSEN = {
    "65-74": (500, 0),
    "75-79": (300, 10),
    "80-84": (200, 1),
    "85-89": (100, 1),
    "90+": (50, 1),
}


def _level(code: str) -> str:
    return "regio" if code == "REGIO" else LEVEL[code.rstrip("0123456789")]


def _areas() -> pl.DataFrame:
    rows = [("REGIO", None)]
    rows += [(resv, "REGIO") for resv in sorted({r for _, r in WIJKEN.values()})]
    rows += sorted({(gm, resv) for gm, resv in WIJKEN.values()})
    rows += [(wijk, gm) for wijk, (gm, _) in WIJKEN.items()]
    return pl.DataFrame(
        {
            "area_level": [_level(code) for code, _ in rows],
            "area_code": [code for code, _ in rows],
            "parent_code": [parent for _, parent in rows],
        }
    )


def _up(wijk_rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Sum wijk rows (column wijk_code) to every level: one row per area × keys."""
    ancestors = {w: [w, gm, resv, "REGIO"] for w, (gm, resv) in WIJKEN.items()}
    values = [c for c in wijk_rows.columns if c not in ("wijk_code", *keys)]
    return (
        wijk_rows.with_columns(
            pl.col("wijk_code").replace_strict(ancestors, return_dtype=pl.List(pl.String))
        )
        .explode("wijk_code")
        .group_by("wijk_code", *keys)
        .agg(pl.col(values).sum())
        .rename({"wijk_code": "area_code"})
        .with_columns(
            pl.col("area_code").map_elements(_level, return_dtype=pl.String).alias("area_level"),
            pl.lit(False).alias("suppressed"),
        )
    )


def _with_years(quarterly: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Quarter rows (column period) plus their year rows, with period_type."""
    yearly = quarterly.group_by("wijk_code", *keys).agg(
        pl.col(c).sum() for c in quarterly.columns if c not in ("wijk_code", "period", *keys)
    )
    return pl.concat(
        [
            quarterly.with_columns(pl.lit("kwartaal").alias("period_type")),
            yearly.with_columns(
                pl.lit("2024").alias("period"), pl.lit("jaar").alias("period_type")
            ),
        ],
        how="diagonal",
    )


def _suppressed_row(frame: pl.DataFrame, **keys) -> pl.DataFrame:
    """``frame`` plus one suppressed row (numbers empty) for wijk WK1 with ``keys``."""
    row = {c: None for c in frame.columns} | keys
    row |= {"area_level": "wijk", "area_code": "WK1", "suppressed": True}
    return pl.concat([frame, pl.DataFrame([row], schema=frame.schema)])


def tables() -> dict[str, pl.DataFrame]:
    """Every table of the hand-made published database."""
    i = {w: n for n, w in enumerate(WIJKEN, start=1)}
    contacts = pl.DataFrame(
        [
            {
                "wijk_code": w,
                "period": p,
                "SO": 30 + 3 * i[w] + q,
                "VS": 10 + i[w] + q,
                "PA": 10 + q,
            }
            for w in WIJKEN
            for q, p in enumerate(QUARTERS, start=1)
        ]
    )
    opnames = pl.DataFrame(
        [
            {
                "wijk_code": w,
                "period": p,
                "WLZ_VERBLIJF": 10 + i[w] + q,
                "ELV_LAAG": 5 + q,
                "ELV_HOOG": 3 + i[w],
                "GRZ": 7,
            }
            for w in WIJKEN
            for q, p in enumerate(QUARTERS, start=1)
        ]
    )
    crisis = pl.DataFrame(
        [
            {"wijk_code": w, "period": p, "CRISIS": 3 + q, "AANVRAGEN": 10 + q, "ZONDER_SO": 1 + q}
            for w in WIJKEN
            for q, p in enumerate(QUARTERS, start=1)
        ]
    )
    bevolking_wijk = pl.DataFrame(
        [
            {"wijk_code": w, "jaar": 2024, "leeftijdsklasse": k, "inwoners": base + step * i[w]}
            for w in WIJKEN
            for k, (base, step) in KLASSEN.items()
        ]
    )
    inwoners_75 = (
        bevolking_wijk.filter(pl.col("leeftijdsklasse") != "65-74")
        .group_by("wijk_code")
        .agg(pl.col("inwoners").sum().alias("inwoners_75plus"))
    )

    per_period = _with_years(contacts, []).join(
        _with_years(opnames, []), on=["wijk_code", "period", "period_type"]
    )
    per_period = per_period.join(inwoners_75, on="wijk_code").join(
        _with_years(crisis, []), on=["wijk_code", "period", "period_type"]
    )
    yearly_only = pl.DataFrame(
        {"wijk_code": list(WIJKEN), "period": "2024", "period_type": "jaar"}
    ).join(inwoners_75, on="wijk_code")
    indicator_wijk = pl.concat(
        [
            per_period.select(
                "wijk_code",
                "period",
                "period_type",
                pl.lit(indicator).alias("indicator_id"),
                teller.cast(pl.Float64).alias("teller"),
                noemer.cast(pl.Float64).alias("noemer"),
            )
            for indicator, teller, noemer in (
                (
                    "so_consulten",
                    pl.col("SO") + pl.col("VS") + pl.col("PA"),
                    pl.col("inwoners_75plus"),
                ),
                (
                    "inzet_vs_pa",
                    pl.col("VS") + pl.col("PA"),
                    pl.col("SO") + pl.col("VS") + pl.col("PA"),
                ),
                ("wlz_opnames", pl.col("WLZ_VERBLIJF"), pl.col("inwoners_75plus")),
                ("elv_opnames", pl.col("ELV_LAAG") + pl.col("ELV_HOOG"), pl.col("inwoners_75plus")),
                ("crisisopnames", pl.col("CRISIS"), pl.col("WLZ_VERBLIJF")),
                ("dagen_tot_so_contact", pl.lit(None), pl.col("AANVRAGEN")),
                ("crisis_zonder_so", pl.col("ZONDER_SO"), pl.col("CRISIS")),
            )
        ]
        + [
            yearly_only.select(
                "wijk_code",
                "period",
                "period_type",
                pl.lit("so_bereik").alias("indicator_id"),
                (pl.col("inwoners_75plus") // 20).cast(pl.Float64).alias("teller"),
                pl.col("inwoners_75plus").cast(pl.Float64).alias("noemer"),
            ),
            yearly_only.select(
                "wijk_code",
                "period",
                "period_type",
                pl.lit("koppeldekking").alias("indicator_id"),
                pl.col("wijk_code")
                .replace_strict({w: sum(FASE_LISTED[f](i[w]) for f in (1, 2, 3, 4)) for w in i})
                .cast(pl.Float64)
                .alias("teller"),
                pl.col("wijk_code")
                .replace_strict({w: sum(FASE_LISTED[f](i[w]) for f in FASE_LISTED) for w in i})
                .cast(pl.Float64)
                .alias("noemer"),
            ),
            yearly_only.select(
                "wijk_code",
                "period",
                "period_type",
                pl.lit("wachttijd_opname").alias("indicator_id"),
                pl.lit(None, dtype=pl.Float64).alias("teller"),
                pl.lit(12.0).alias("noemer"),
            ),
        ]
    )
    # A quarter's rate noemer is its year's population (every row has inwoners_75plus).
    indicator_values = _up(
        indicator_wijk.drop("noemer"), ["indicator_id", "period", "period_type"]
    ).join(
        _up(indicator_wijk.drop("teller"), ["indicator_id", "period", "period_type"]).drop(
            "area_level", "suppressed"
        ),
        on=["area_code", "indicator_id", "period", "period_type"],
    )
    indicator_values = indicator_values.with_columns(
        pl.when(pl.col("indicator_id").is_in(["wachttijd_opname", "dagen_tot_so_contact"]))
        .then(None)
        .otherwise(pl.col("teller"))
        .alias("teller")
    )
    indicator_values = indicator_values.with_columns(
        (pl.col("teller") / pl.col("noemer")).alias("value"),
        *(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in (
                "lower_95",
                "upper_95",
                "lower_998",
                "upper_998",
                "std_value",
                "std_lower_95",
                "std_upper_95",
                "std_lower_998",
                "std_upper_998",
            )
        ),
        pl.lit(None, dtype=pl.String).alias("std_comparison"),
    )
    # so_bereik 2024 has a standardised rate (per 1.000) everywhere, and a standardised funnel
    # around R1's (pipelines/funnel.py, method "dsr", at a grid of derived noemers).
    indicator_values = indicator_values.with_columns(
        pl.when((pl.col("indicator_id") == "so_bereik") & (pl.col("period") == "2024"))
        .then(pl.col("value") * 950)
        .otherwise(pl.col("std_value"))
        .alias("std_value")
    )
    benchmark = indicator_values.filter(
        (pl.col("indicator_id") == "so_bereik")
        & (pl.col("period") == "2024")
        & (pl.col("area_code") == "R1")
    )["std_value"].item()
    grid = [10.0, 100.0, 1000.0, 2000.0]
    funnel_limits = pl.DataFrame(
        {
            "indicator_id": "so_bereik",
            "period": "2024",
            "benchmark_code": "R1",
            "standardised": True,
            "benchmark_value": benchmark,
            "noemer": grid,
            **funnel.limits(funnel.STANDARDISED_METHOD, 1000.0, benchmark, grid),
        }
    )
    indicator_values = _suppressed_row(
        indicator_values, indicator_id="so_bereik", period="2023", period_type="jaar"
    )

    consulten_wijk = pl.concat(
        [
            contacts.group_by("wijk_code")
            .agg(pl.col(d).sum() for d in ("SO", "VS", "PA"))
            .unpivot(index="wijk_code", variable_name="waarde", value_name="contacten")
            .with_columns(pl.lit("uitvoerder_discipline").alias("kenmerk")),
            contacts.group_by("wijk_code")
            .agg((pl.col("SO") + pl.col("VS") + pl.col("PA")).sum().alias("totaal"))
            .select(
                "wijk_code",
                pl.lit("contactvorm").alias("kenmerk"),
                pl.lit(["TELEFONISCH", "THUIS"]).alias("waarde"),
                pl.concat_list(
                    20 + pl.col("wijk_code").str.slice(2).cast(pl.Int64),
                    pl.col("totaal") - 20 - pl.col("wijk_code").str.slice(2).cast(pl.Int64),
                ).alias("contacten"),
            )
            .explode("waarde", "contacten"),
        ],
        how="diagonal",
    ).with_columns(pl.lit(2024).alias("jaar"))
    consulten = _up(consulten_wijk, ["jaar", "kenmerk", "waarde"]).with_columns(
        pl.lit(50.0).alias("aandeel")
    )
    consulten = _suppressed_row(consulten, jaar=2023, kenmerk="hulpvraag", waarde="OVERIG")

    opnames_long = _with_years(opnames, []).unpivot(
        index=["wijk_code", "period", "period_type"],
        variable_name="opname_type",
        value_name="aantal",
    )
    opnames_per_type = _up(opnames_long, ["period", "period_type", "opname_type"]).with_columns(
        pl.lit(1.0).alias("per_1000")
    )
    opnames_per_type = _suppressed_row(
        opnames_per_type, period="2023", period_type="jaar", opname_type="GRZ"
    )

    bevolking = _suppressed_row(
        _up(bevolking_wijk, ["jaar", "leeftijdsklasse"]), jaar=2023, leeftijdsklasse="90+"
    )
    # Men are the lower half of a class, women the rest.
    bevolking_geslacht = _suppressed_row(
        _up(
            pl.concat(
                [
                    bevolking_wijk.with_columns(
                        pl.lit("M").alias("geslacht"), pl.col("inwoners") // 2
                    ),
                    bevolking_wijk.with_columns(
                        pl.lit("V").alias("geslacht"), pl.col("inwoners") - pl.col("inwoners") // 2
                    ),
                ]
            ),
            ["jaar", "leeftijdsklasse", "geslacht"],
        ),
        jaar=2023,
        leeftijdsklasse="90+",
        geslacht="V",
    )
    koppel_kenmerken = _up(
        pl.DataFrame(
            {"wijk_code": list(WIJKEN), "jaar": 2024, "actieve_koppels": [3 + i[w] for w in WIJKEN]}
        ),
        ["jaar"],
    ).with_columns(
        pl.lit(50.0).alias("aandeel_werkt_in_his"), pl.lit(50.0).alias("aandeel_vast_overleg")
    )
    koppel_kenmerken = _suppressed_row(koppel_kenmerken, jaar=2023)
    koppel_leercurve = pl.DataFrame(
        {
            "area_level": ["regio"] * 4,
            "area_code": ["REGIO"] * 4,
            "kwartaal_sinds_start": [0, 1, 4, 5],
            "n_koppels": [12, None, 10, 10],
            "contacten_per_koppel": [4.0, None, 3.0, 3.0],
            "clienten_per_koppel": [2.0, None, 2.0, 2.0],
            "suppressed": [False, True, False, False],
        }
    )
    # The learning curve by question: koppeljaar 2 (quarters 4–7: 60 contacts in the regio),
    # R1 + R2; koppeljaar 1 of the regio with one question hidden (its quarter 1 is too).
    koppel_hulpvraag = pl.DataFrame(
        {
            "area_level": ["resv", "resv", "resv", "resv", "regio", "regio", "regio"],
            "area_code": ["R1", "R1", "R2", "R2", "REGIO", "REGIO", "REGIO"],
            "koppeljaar": [2, 2, 2, 2, 2, 2, 1],
            "hulpvraag": ["DEMENTIE_DIAGNOSTIEK", "OVERIG"] * 3 + ["OVERIG"],
            "contacten": [20, 15, 10, 15, 30, 30, None],
            "aandeel": [20 / 35 * 100, 15 / 35 * 100, 40.0, 60.0, 50.0, 50.0, None],
            "suppressed": [False] * 6 + [True],
        }
    )
    koppel_vergelijking = _up(
        pl.DataFrame(
            [
                {"wijk_code": w, "groep": g, "teller": t, "noemer": n}
                for w in WIJKEN
                for g, t, n in (
                    ("met_koppel", 12.0, 30.0 + 2 * i[w]),
                    ("zonder_koppel", 10.0, 20.0 + 2 * i[w]),
                )
            ]
        ).with_columns(pl.lit(2024).alias("jaar"), pl.lit("crisisopnames").alias("indicator_id")),
        ["jaar", "indicator_id", "groep"],
    ).filter(pl.col("area_level") != "wijk")
    # The rate wlz_opnames (groups by the status on 1 July): of wijk i's 50 + 4i Wlz
    # admissions of 2024, 20 + i with a koppel, 25 + 2i without (5 + i unknown); the noemers are
    # koppeldekking's teller (stages 1–4) and rest (stage 0).
    rate = _up(
        pl.DataFrame(
            [
                {"wijk_code": w, "groep": g, "teller": t, "noemer": n}
                for w in WIJKEN
                for g, t, n in (
                    (
                        "met_koppel",
                        20.0 + i[w],
                        float(sum(FASE_LISTED[f](i[w]) for f in (1, 2, 3, 4))),
                    ),
                    ("zonder_koppel", 25.0 + 2 * i[w], float(FASE_LISTED[0](i[w]))),
                )
            ]
        ).with_columns(pl.lit(2024).alias("jaar"), pl.lit("wlz_opnames").alias("indicator_id")),
        ["jaar", "indicator_id", "groep"],
    ).filter(pl.col("area_level") != "wijk")
    koppel_vergelijking = pl.concat([koppel_vergelijking, rate], how="diagonal_relaxed")
    koppel_vergelijking = koppel_vergelijking.with_columns(
        (pl.col("teller") / pl.col("noemer") * 100).alias("value"),
        pl.lit(1.0).alias("difference"),
        pl.lit(0.5).alias("p_value"),
    )
    suppressed_pair = pl.DataFrame(
        {
            "area_level": ["gemeente"] * 2,
            "area_code": ["GM1"] * 2,
            "jaar": [2023] * 2,
            "indicator_id": ["crisisopnames"] * 2,
            "groep": ["met_koppel", "zonder_koppel"],
            "suppressed": [True, False],
            "teller": [None, 20.0],
            "noemer": [None, 40.0],
            "value": [None, 50.0],
        }
    )
    koppel_vergelijking = pl.concat([koppel_vergelijking, suppressed_pair], how="diagonal_relaxed")
    koppel_vergelijking = koppel_vergelijking.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(c)
        for c in (
            "lower_95", "upper_95", "lower_998", "upper_998", "difference_lower_95",
            "difference_upper_95",
        )
    )  # fmt: skip
    samenwerkingsfase = _up(
        pl.DataFrame(
            [
                {
                    "wijk_code": w,
                    "jaar": 2024,
                    "fase": f,
                    "praktijken": 3 + f,
                    "ingeschreven_75plus": listed(i[w]),
                }
                for w in WIJKEN
                for f, listed in FASE_LISTED.items()
            ]
        ),
        ["jaar", "fase"],
    ).filter(pl.col("area_level") != "wijk")
    samenwerkingsfase = samenwerkingsfase.with_columns(
        (
            pl.col("ingeschreven_75plus")
            / pl.col("ingeschreven_75plus").sum().over("area_code", "jaar")
            * 100
        ).alias("aandeel_75plus")
    )
    # 2023: GM1's stage 1 hidden, the other four stages without practices.
    year_2023 = [
        {c: None for c in samenwerkingsfase.columns}
        | {"area_level": "gemeente", "area_code": "GM1", "jaar": 2023, "fase": f}
        | (
            {"suppressed": True}
            if f == 1
            else {"suppressed": False, "praktijken": 0, "ingeschreven_75plus": 0}
        )
        for f in FASE_LISTED
    ]
    samenwerkingsfase = pl.concat(
        [samenwerkingsfase, pl.DataFrame(year_2023, schema=samenwerkingsfase.schema)]
    )
    return {
        "areas": _areas(),
        "indicator_catalogue": pl.DataFrame(
            {"indicator_id": list(CATALOGUE), "methode": list(CATALOGUE.values())}
        ),
        "periods": pl.DataFrame(
            {
                "period": ["2023", "2024", *QUARTERS],
                "period_type": ["jaar", "jaar"] + ["kwartaal"] * 4,
                "jaar": [2023] + [2024] * 5,
            }
        ),
        "indicator_values": indicator_values,
        "consulten_per_kenmerk": consulten,
        "opnames_per_type": opnames_per_type,
        "bevolking": bevolking,
        "bevolking_geslacht": bevolking_geslacht,
        "koppel_kenmerken": koppel_kenmerken,
        "koppel_leercurve": koppel_leercurve,
        "koppel_vergelijking": koppel_vergelijking,
        "funnel_limits": funnel_limits,
        "samenwerkingsfase": samenwerkingsfase,
        "koppel_hulpvraag": koppel_hulpvraag,
    }


def write_published(path: Path) -> Path:
    """Write the hand-made published database to ``path`` and return it."""
    con = duckdb.connect(str(path))
    try:
        for name, frame in tables().items():
            con.register("_frame", frame)
            con.execute(f"create table {name} as select * from _frame")
            con.unregister("_frame")
    finally:
        con.close()
    return path
