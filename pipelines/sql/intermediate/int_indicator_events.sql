-- One row per indicator × dated event (a contact or an admission) that feeds the event-based
-- indicators: the wijk it counts in, its date, and what it adds to the teller and
-- the noemer (NULL for rates, whose noemer is the population) and to the
-- disclosure count (telling). Rows with a client_id count distinct clients instead of teller.
-- leeftijdsklasse and geslacht are the event's age class and sex (the strata of the
-- standardised rates). Only clients aged 75+; each indicator's definition is in
-- pipelines/catalogue.py.
-- A view: only indicator_counts reads it, and writing its 7 M rows at scale 70 cost more than
-- computing them there (models 7.1 → 5.5 s CPU).
-- materialized: view
with consults as (
    select * from int_consults where is_75plus
),

opnames as (
    select * from stg_opnames where is_75plus
),

so_before_admission as (
    select opname_id from int_so_voor_opname
),

requests as (
    select * from int_so_aanvragen where is_75plus
),

so_bereik as (
    select 'so_bereik' as indicator_id, wijk_code, datum, client_id,
        1.0 as teller, cast(null as double) as noemer, 1 as telling,
        leeftijdsklasse, geslacht
    from consults
),

so_consulten as (
    select 'so_consulten', wijk_code, datum, null, 1.0, null, 1, leeftijdsklasse, geslacht
    from consults
),

so_directe_tijd as (
    select 'so_directe_tijd', wijk_code, datum, null, directe_tijd_uren, null, 1,
        leeftijdsklasse, geslacht
    from consults
),

consulten_binnen_koppel as (
    select 'consulten_binnen_koppel', wijk_code, datum, null,
        case when binnen_koppel then 1.0 else 0.0 end, 1.0,
        case when binnen_koppel then 1 else 0 end,
        leeftijdsklasse, geslacht
    from consults
),

inzet_vs_pa as (
    select 'inzet_vs_pa', wijk_code, datum, null,
        case when door_vs_of_pa then 1.0 else 0.0 end, 1.0,
        case when door_vs_of_pa then 1 else 0 end,
        leeftijdsklasse, geslacht
    from consults
),

wlz_opnames as (
    select 'wlz_opnames', wijk_code, opnamedatum, null, 1.0, null, 1, leeftijdsklasse, geslacht
    from opnames
    where is_wlz_verblijf
),

crisisopnames as (
    select 'crisisopnames', wijk_code, opnamedatum, null,
        case when crisis then 1.0 else 0.0 end, 1.0, case when crisis then 1 else 0 end,
        leeftijdsklasse, geslacht
    from opnames
    where is_wlz_verblijf
),

so_voor_opname as (
    select 'so_voor_opname', opnames.wijk_code, opnames.opnamedatum, null,
        case when so_before_admission.opname_id is not null then 1.0 else 0.0 end, 1.0,
        case when so_before_admission.opname_id is not null then 1 else 0 end,
        leeftijdsklasse, geslacht
    from opnames
    left join so_before_admission using (opname_id)
    where opnames.is_wlz_verblijf and opnames.herkomst = 'THUIS'
),

-- A crisis admission without an SO contact in the 365 days before (same window as
-- so_voor_opname); the noemer is every crisis admission, crisisopnames' teller.
crisis_zonder_so as (
    select 'crisis_zonder_so', opnames.wijk_code, opnames.opnamedatum, null,
        case when so_before_admission.opname_id is null then 1.0 else 0.0 end, 1.0,
        case when so_before_admission.opname_id is null then 1 else 0 end,
        leeftijdsklasse, geslacht
    from opnames
    left join so_before_admission using (opname_id)
    where opnames.is_wlz_verblijf and opnames.crisis
),

elv_opnames as (
    select 'elv_opnames', wijk_code, opnamedatum, null, 1.0, null, 1, leeftijdsklasse, geslacht
    from opnames
    where is_elv
),

opname_via_ziekenhuis as (
    select 'opname_via_ziekenhuis', wijk_code, opnamedatum, null,
        case when herkomst = 'ZIEKENHUIS' then 1.0 else 0.0 end, 1.0,
        case when herkomst = 'ZIEKENHUIS' then 1 else 0 end,
        leeftijdsklasse, geslacht
    from opnames
    where is_wlz_verblijf or is_elv
),

-- The median itself comes from wachttijd_verdeling; here only the number of admissions.
wachttijd_opname as (
    select 'wachttijd_opname', wijk_code, opnamedatum, null, cast(null as double), 1.0, 1,
        leeftijdsklasse, geslacht
    from opnames
    where is_wlz_verblijf and not crisis and indicatiedatum is not null
),

-- One per request to the SO team, dated by its first contact; the median of the days comes
-- from wachttijd_verdeling.
dagen_tot_so_contact as (
    select 'dagen_tot_so_contact', wijk_code, eerste_contact, null, cast(null as double), 1.0,
        1, leeftijdsklasse, geslacht
    from requests
),

final as (
    select * from so_bereik
    union all select * from so_consulten
    union all select * from so_directe_tijd
    union all select * from consulten_binnen_koppel
    union all select * from inzet_vs_pa
    union all select * from wlz_opnames
    union all select * from crisisopnames
    union all select * from so_voor_opname
    union all select * from crisis_zonder_so
    union all select * from elv_opnames
    union all select * from opname_via_ziekenhuis
    union all select * from wachttijd_opname
    union all select * from dagen_tot_so_contact
)

select * from final
