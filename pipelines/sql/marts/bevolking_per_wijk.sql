-- One row per wijk × jaar × leeftijdsklasse: inhabitants on 1 January (both sexes), as
-- delivered (years without a delivery are not filled in here): the sum of the sexes of
-- bevolking_geslacht_per_wijk.
with per_geslacht as (
    select * from bevolking_geslacht_per_wijk
),

final as (
    select
        wijk_code,
        jaar,
        leeftijdsklasse,
        sum(inwoners) as inwoners
    from per_geslacht
    group by all
)

select * from final
