-- One row per wijk × jaar × leeftijdsklasse: inhabitants on 1 January (both sexes), as
-- delivered (years without a delivery are not filled in here).
with bevolking as (
    select * from stg_bevolking
),

final as (
    select
        wijk_code,
        jaar,
        leeftijdsklasse,
        sum(inwoners) as inwoners
    from bevolking
    group by all
)

select * from final
