-- One row per wijk × jaar of the periods: inhabitants 75+ on 1 January (the noemer of
-- every rate; a year without a population delivery uses the latest earlier delivered year).
with source as (
    select * from int_bevolking_75plus
),

final as (
    select
        wijk_code,
        jaar,
        bevolking_jaar,
        inwoners_75plus
    from source
)

select * from final
