-- One row per admission (opname_id), with the age and admission-type groupings the models use.
-- materialized: view
with source as (
    select * from valid_opnames
),

leeftijdsklassen as (
    select * from stg_leeftijdsklassen
),

opname_types as (
    select * from stg_opname_types
),

final as (
    select
        source.opname_id,
        source.client_id,
        source.opnamedatum,
        source.ontslagdatum,
        source.wijk_code,
        source.leeftijdsklasse,
        source.geslacht,
        source.opname_type,
        source.crisis,
        source.zorgprofiel,
        source.herkomst,
        source.indicatiedatum,
        source.praktijk_id,
        coalesce(opname_types.is_wlz_verblijf, false) as is_wlz_verblijf,
        coalesce(opname_types.is_elv, false) as is_elv,
        coalesce(leeftijdsklassen.is_75plus, false) as is_75plus
    from source
    left join leeftijdsklassen using (leeftijdsklasse)
    left join opname_types using (opname_type)
)

select * from final
