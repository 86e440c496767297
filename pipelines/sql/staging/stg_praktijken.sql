-- One row per jaar × praktijk_id: a GP practice, its wijk and its listed patients 75+ on 1 July.
with source as (
    select * from valid_praktijken
),

final as (
    select
        jaar,
        praktijk_id,
        wijk_code,
        ingeschreven_75plus
    from source
)

select * from final
