"""Every calibrated parameter of the synthetic region, with its source or "estimate".

Rates are per 1,000 inhabitants per year unless said otherwise. "Team brief" means the target
range was set by the project's assignment; "estimate" means a plausible order of magnitude
chosen by the team, not a published figure (to be checked against Vektis/CIZ/NZa data before
anyone reads meaning into the synthetic numbers); docs/synthetic_data.md
holds the same table for readers. Changing a value here changes the sample data: regenerate
sample_data/ and rerun tests/pipelines/test_synth.py.
"""

from __future__ import annotations

from datetime import date

# --- Period -----------------------------------------------------------------------------------

#: First and last day with data in a delivery (the last day is the peildatum of the sample).
DATA_START = date(2020, 1, 1)
DATA_END = date(2026, 9, 30)
#: Population and practice years delivered (CBS publishes 1 January figures per year).
YEARS = tuple(range(2020, 2027))
#: Year whose 75+ population equals 25,000 × scale (the middle of the period).
BASE_YEAR = 2023

# --- Geography --------------------------------------------------------------------------------

#: Inhabitants 75+ per unit of scale in BASE_YEAR (team brief: ~25,000 at scale 1).
INWONERS_75PLUS_PER_SCALE = 25_000
#: Gemeenten per unit of scale up to scale 1 (the sample region: 4 gemeenten), and wijken per
#: gemeente drawn evenly from this range (estimate).
GEMEENTEN_PER_SCALE = 4
WIJKEN_PER_GEMEENTE = (5, 9)
#: The national picture (CBS 2024: 342 gemeenten, ~3,300 wijken) is reached at this scale.
#: Above scale 1 the number of gemeenten grows linearly from 4 to GEMEENTEN_NATIONAAL, and
#: extra wijken (on top of the 5–9 of every gemeente) grow linearly from 0 to what
#: WIJKEN_NATIONAAL needs; scale 1 stays the sample region.
NATIONALE_SCHAAL = 70
GEMEENTEN_NATIONAAL = 342
WIJKEN_NATIONAAL = 3_300
#: Extra wijken go to gemeenten by a random rank r with weight 1 / r ** STAD_EXPONENT, so a few
#: gemeenten become cities with tens of wijken (estimate: Zipf's law for city sizes), never
#: more than MAX_WIJKEN_PER_GEMEENTE (a wijk code has two digits after the gemeente's).
STAD_EXPONENT = 1.0
MAX_WIJKEN_PER_GEMEENTE = 100
#: Gemeenten per RESV (estimate: a RESV covers one to a few gemeenten).
GEMEENTEN_PER_RESV = 2
#: Share of wijken with a small 75+ population, and its range (team brief: 15–45 so the
#: pipeline's small-noemer (< 50) and small-count (< 10) suppression triggers).
AANDEEL_KLEINE_WIJKEN = 0.13
KLEINE_WIJK_75PLUS = (15, 45)
#: Spread (log-normal sigma) of the 75+ population of the other wijken (estimate).
WIJK_GROOTTE_SIGMA = 0.5
#: Yearly growth of the 75+ population: mean and spread between wijken (estimate; CBS StatLine
#: 37296ned shows the 75+ population growing by roughly 3–4 % a year in the 2020s as the
#: post-war birth cohorts turn 75).
GROEI_75PLUS = (0.035, 0.012)
#: Inhabitants 65–74 per inhabitant 75+: mean and spread between wijken (estimate; order of
#: magnitude of the national age pyramid, CBS StatLine 7461bev).
VERHOUDING_65_74 = (1.25, 0.15)
#: Age distribution within 75+ (estimate, rounded from the shape of CBS StatLine 7461bev).
AANDEEL_LEEFTIJD_75PLUS = {"75-79": 0.41, "80-84": 0.30, "85-89": 0.19, "90+": 0.10}
#: Wijken differ in age mix within 75+ (a wijk with a care home or senior flats has many very
#: old residents, a new-build wijk few): per wijk the shares above are tilted by
#: exp(θ × band index), θ ~ N(0, σ). σ = 0.25 gives a 90+ share of about 5 % to 18 % of the 75+
#: (±2σ), the order of the spread between Dutch wijken (estimate, CBS StatLine 7461bev /
#: "Kerncijfers wijken en buurten"; issue 13: crude and standardised rankings must differ).
VERGRIJZING_SIGMA = 0.25
#: Share of women per age band (estimate, rounded from the shape of CBS StatLine 7461bev).
AANDEEL_VROUW = {"65-74": 0.51, "75-79": 0.53, "80-84": 0.56, "85-89": 0.62, "90+": 0.71}
#: CBS rounds wijk figures to multiples of 5.
CBS_AFRONDING = 5
#: The grid the wijken lie on: its north-west corner in RD New metres (a fictional spot in the
#: Markermeer, so no real wijk lies beneath it) and the size of one square; each side of a
#: wijk is a wavy border of this many points (CBS' wijk borders have hundreds of vertices).
KAART_OORSPRONG_RD = (135_500.0, 498_000.0)
KAART_WIJK_METERS = 2_000.0
KAART_PUNTEN_PER_ZIJDE = 60

# --- Practices --------------------------------------------------------------------------------

#: Listed patients 75+ per practice (estimate: a practice of ~2,300 patients with 8–10 % aged
#: 75+ lists ~200–250; group practices more). Wijken get 1 + Poisson(75+ / this) practices.
INGESCHREVEN_PER_PRAKTIJK = 350
#: Share of a wijk's 75+ listed at a practice in another wijk of the same gemeente (estimate).
AANDEEL_PRAKTIJK_ELDERS = 0.15
#: Listed patients differ from inhabitants (patients across the region border): spread of the
#: factor per practice (estimate).
INSCHRIJVING_RUIS = 0.03

# --- Koppels ----------------------------------------------------------------------------------

#: Practices with a koppel by 1 July 2020, and by 1 July 2026 (team brief: koppeldekking ~30 %
#: in 2020 rising to ~70 % in 2026; a few koppels end without successor, hence 75 %).
AANDEEL_KOPPEL_2020 = 0.30
AANDEEL_KOPPEL_2026 = 0.75
#: Earliest start of a koppel (estimate: pilots from 2016).
EERSTE_KOPPEL = date(2016, 1, 1)
#: Weight of the wijk in a practice's koppel propensity (makes coverage uneven between wijken;
#: 0 = practices independent, 1 = all practices of a wijk start together) — estimate.
KOPPEL_WIJK_GEWICHT = 0.85
#: Share of koppels that end, their duration range in days, and the share of ended koppels
#: replaced by a new koppel with another SO (estimates).
AANDEEL_KOPPEL_GESTOPT = 0.15
KOPPEL_DUUR_DAGEN = (365, 4 * 365)
AANDEEL_KOPPEL_OPGEVOLGD = 0.6
#: Koppel features (estimates).
AANDEEL_WERKT_IN_HIS = 0.6
AANDEEL_VAST_OVERLEG = 0.7
#: Practices per SO (estimate: an SO in the first line supports 5–8 practices), VVT
#: organisations per RESV (estimate).
PRAKTIJKEN_PER_SO = 6
ORGANISATIES_PER_RESV = 2
#: Share of contacts of a practice with an active koppel that the koppel's SO is responsible
#: for (the rest: colleagues covering — estimate).
AANDEEL_KOPPEL_SO = 0.9

# --- SO care outside the nursing home --------------------------------------------------------

#: New SO clients per 1,000 per year outside an admission path, with and without an active
#: koppel at the client's practice (estimates, chosen so that reach — together with the
#: episodes before a Wlz admission — is 20–40 per 1,000 75+ as the team brief asks). 65–74:
#: estimate.
NIEUWE_CLIENTEN_MET_KOPPEL = 14.0
NIEUWE_CLIENTEN_ZONDER_KOPPEL = 8.0
NIEUWE_CLIENTEN_65_74 = 2.0
#: Relative SO use per age band, normalised to the 75+ age distribution (estimate).
LEEFTIJD_FACTOR_SO = {"75-79": 0.5, "80-84": 0.9, "85-89": 1.6, "90+": 2.2}
#: Spread (log-normal sigma) of SO use between wijken (estimate).
WIJK_SPREIDING_SO = 0.2
#: Contacts per client: 1 + Poisson(gamma(shape, mean)) — about 3 per client per year
#: (team brief); an episode lasts 30–240 days (estimate).
EXTRA_CONTACTEN_SHAPE = 1.5
EXTRA_CONTACTEN_GEMIDDELD = 2.1
EPISODE_DAGEN = (30, 240)
#: Share of clients in a "zorgtraject kwetsbare patiënten", with and without koppel; mean
#: number of ZORGTRAJECT_VERVOLG lines per zorgtraject (estimates).
AANDEEL_ZORGTRAJECT_MET_KOPPEL = 0.35
AANDEEL_ZORGTRAJECT_ZONDER_KOPPEL = 0.2
GEMIDDELD_VERVOLG = 1.3
#: Share of clients with a Wlz indication living at home (H-code, estimate).
AANDEEL_WLZ_THUIS = 0.15
#: Other prestaties after the first contact (estimate).
PRESTATIE_MIX = {"CONSULT": 0.72, "MDO": 0.14, "BEHANDELING": 0.14}
#: Contactvorm per prestatie (estimates).
CONTACTVORM_MIX = {
    "CONSULT": {"THUIS": 0.55, "SPREEKUUR": 0.1, "TELEFONISCH": 0.25, "VIDEO": 0.05,
                "MDO_ZONDER_CLIENT": 0.05},
    "ZORGTRAJECT_START": {"THUIS": 0.9, "SPREEKUUR": 0.1},
    "ZORGTRAJECT_VERVOLG": {"THUIS": 0.5, "TELEFONISCH": 0.4, "VIDEO": 0.1},
    "MDO": {"MDO_ZONDER_CLIENT": 0.85, "THUIS": 0.15},
    "BEHANDELING": {"THUIS": 0.8, "SPREEKUUR": 0.1, "TELEFONISCH": 0.1},
}  # fmt: skip
#: Median direct time in minutes per contactvorm; log-normal spread, rounded to 5 minutes and
#: clipped to the contract's 0–480 (estimates).
DIRECTE_TIJD_MEDIAAN = {
    "THUIS": 60, "SPREEKUUR": 30, "TELEFONISCH": 15, "VIDEO": 20, "MDO_ZONDER_CLIENT": 20,
}  # fmt: skip
DIRECTE_TIJD_SIGMA = 0.45
#: Main question of a client (estimate; dementia is the largest group in SO first-line care).
HULPVRAAG_MIX = {
    "DEMENTIE_DIAGNOSTIEK": 0.22,
    "PROBLEEMGEDRAG": 0.14,
    "POLYFARMACIE": 0.10,
    "ACP_PALLIATIEF": 0.15,
    "MOBILITEIT_VALLEN": 0.10,
    "MULTIMORBIDITEIT": 0.21,
    "OVERIG": 0.08,
}
#: Share of contacts done by a VS or PA rises from 2020 to 2026; BASISARTS is constant
#: (estimates; task reallocation in SO care is growing).
AANDEEL_VS_PA = (0.18, 0.30)
AANDEEL_VS_IN_VS_PA = 0.6
AANDEEL_BASISARTS = 0.06

# --- Admissions -------------------------------------------------------------------------------

#: Admissions per 1,000 inhabitants 75+ per year by age band (Wlz ~30 per 1,000 75+ overall,
#: ELV ~18 and GRZ ~20: team brief; the age gradients are estimates).
WLZ_PER_1000 = {"75-79": 8.0, "80-84": 20.0, "85-89": 50.0, "90+": 100.0}
ELV_PER_1000_75PLUS = 18.0
GRZ_PER_1000_75PLUS = 20.0
LEEFTIJD_FACTOR_ELV = {"75-79": 0.55, "80-84": 0.95, "85-89": 1.5, "90+": 2.0}
LEEFTIJD_FACTOR_GRZ = {"75-79": 0.75, "80-84": 1.05, "85-89": 1.3, "90+": 1.3}
#: 65–74 (estimates).
OPNAMES_65_74_PER_1000 = {"WLZ_VERBLIJF": 2.0, "ELV": 3.0, "GRZ": 4.0}
#: Spread (log-normal sigma) between wijken: Wlz 20–40 per 1,000 (team brief).
WIJK_SPREIDING_OPNAME = 0.15
#: ELV split over its three kinds (estimate: laag complex the largest).
ELV_MIX = {"ELV_LAAG": 0.55, "ELV_HOOG": 0.30, "ELV_PALLIATIEF": 0.15}
#: Share of Wlz admissions with an SO contact in the year before, with and without koppel
#: (estimates; the story of the dashboard).
SO_VOOR_OPNAME_MET_KOPPEL = 0.6
SO_VOOR_OPNAME_ZONDER_KOPPEL = 0.35
#: Crisis probability of a Wlz admission by (koppel, SO involved) — overall 10–20 %
#: (team brief; the effect sizes are estimates).
CRISIS_KANS = {(True, True): 0.07, (True, False): 0.13, (False, True): 0.12, (False, False): 0.24}
#: Share of crisis admissions without a CIZ date in the delivery, and of the others (estimate).
AANDEEL_ZONDER_INDICATIEDATUM = {True: 0.3, False: 0.05}
#: Median wait indication → admission per wijk (team brief: 60–120 days) and log-normal
#: spread of single waits (estimate); crisis admissions wait 0–3 days.
WACHTTIJD_MEDIAAN_DAGEN = (60, 120)
WACHTTIJD_SIGMA = 0.6
WACHTTIJD_MAX_DAGEN = 720
#: Herkomst per admission kind (estimates; GRZ follows a hospital stay almost always).
HERKOMST_MIX = {
    "WLZ": {"THUIS": 0.60, "ZIEKENHUIS": 0.15, "ELV": 0.12, "GRZ": 0.08, "OVERIG": 0.05},
    "WLZ_CRISIS": {"THUIS": 0.55, "ZIEKENHUIS": 0.35, "OVERIG": 0.10},
    "ELV": {"THUIS": 0.45, "ZIEKENHUIS": 0.50, "OVERIG": 0.05},
    "GRZ": {"ZIEKENHUIS": 0.85, "THUIS": 0.10, "OVERIG": 0.05},
}
#: Zorgprofiel of Wlz admissions (estimate; 5VV, psychogeriatric, is the largest).
ZORGPROFIEL_MIX = {"4VV": 0.10, "5VV": 0.45, "6VV": 0.25, "7VV": 0.06, "8VV": 0.06, "9bVV": 0.08}
#: Mean length of stay in days (estimates; Wlz residents 75+ live ~2 years after admission,
#: ELV a few weeks, GRZ ~6 weeks).
VERBLIJFSDUUR_DAGEN = {
    "WLZ_VERBLIJF": 700, "ELV_LAAG": 30, "ELV_HOOG": 35, "ELV_PALLIATIEF": 14, "GRZ": 42,
}  # fmt: skip
#: Days from the GP's request (so_consulten.aanvraagdatum) to the first contact of an SO
#: episode: log-normal around a median of 7 days where the practice has an active koppel on the
#: day of that contact and 14 days where it has none, capped at 120 days (estimates: a fixed SO
#: is reached sooner; a first visit within one to three weeks is usual).
AANVRAAG_WACHTTIJD_MEDIAAN = {True: 7, False: 14}
AANVRAAG_WACHTTIJD_SIGMA = 0.7
AANVRAAG_WACHTTIJD_MAX_DAGEN = 120
