-- One row per period (calendar year '2024' or quarter '2024-Q3') from 1 January of the first
-- year with data up to the period holding the peildatum; the last one may be incomplete.
with source as (
    select * from int_periods
),

final as (
    select
        period,
        period_type,
        jaar,
        period_start,
        period_end,
        data_end,
        periode_volledig,
        jaarfractie
    from source
)

select * from final
