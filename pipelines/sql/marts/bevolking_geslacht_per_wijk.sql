-- One row per wijk × jaar × leeftijdsklasse × geslacht: inhabitants on 1 January as delivered
-- (CBS rounds wijk figures to multiples of 5): the population pyramid's bars.
with bevolking as (
    select * from stg_bevolking
),

final as (
    select
        wijk_code,
        jaar,
        leeftijdsklasse,
        geslacht,
        sum(inwoners) as inwoners
    from bevolking
    group by all
)

select * from final
