-- One row per jaar × wijk_code × leeftijdsklasse × geslacht: inhabitants on 1 January.
with source as (
    select * from valid_bevolking
),

leeftijdsklassen as (
    select * from stg_leeftijdsklassen
),

final as (
    select
        source.jaar,
        source.wijk_code,
        source.leeftijdsklasse,
        source.geslacht,
        source.inwoners,
        coalesce(leeftijdsklassen.is_75plus, false) as is_75plus
    from source
    left join leeftijdsklassen using (leeftijdsklasse)
)

select * from final
