-- indicator_values: for an indicator with quarters, the quarters of a year add up to the year:
-- the teller, and for proportions and medians the noemer (a rate's noemer is the year's
-- population in every quarter; a median's noemer counts its events), per area with quarters (the gemeente up), where no quarter and
-- not the year is suppressed; an incomplete year is compared with its quarters so far.
-- requires: indicator_values where period_type = 'kwartaal'
-- requires: indicator_values where period_type = 'jaar'
-- requires: indicator_catalogue
with numbers as (
    select
        indicator_values.indicator_id,
        indicator_values.period,
        indicator_values.period_type,
        indicator_values.area_code,
        indicator_values.suppressed,
        indicator_values.teller,
        indicator_values.noemer,
        indicator_catalogue.methode
    from indicator_values
    inner join indicator_catalogue using (indicator_id)
    where indicator_values.indicator_id in (
        select indicator_id from indicator_values where period_type = 'kwartaal'
    )
),

cells as (
    select
        indicator_id,
        period,
        period_type,
        area_code,
        suppressed,
        'teller' as number,
        teller as amount
    from numbers
    where methode <> 'median'
    union all
    select indicator_id, period, period_type, area_code, suppressed, 'noemer', noemer
    from numbers
    where methode in ('proportion', 'median')
),

years as (
    select * from cells where period_type = 'jaar'
),

quarters as (
    select
        indicator_id,
        left(period, 4) as period,
        area_code,
        number,
        sum(amount) as quarter_sum,
        bool_or(suppressed) as quarter_suppressed
    from cells
    where period_type = 'kwartaal'
    group by all
)

select
    indicator_id,
    period,
    area_code,
    number,
    years.amount as year_amount,
    quarters.quarter_sum
from years
inner join quarters using (indicator_id, period, area_code, number)
where not coalesce(years.suppressed, false)
    and not coalesce(quarters.quarter_suppressed, false)
    and abs(coalesce(years.amount, 0) - coalesce(quarters.quarter_sum, 0))
    > 1e-6 * greatest(1, abs(coalesce(years.amount, 0)))
