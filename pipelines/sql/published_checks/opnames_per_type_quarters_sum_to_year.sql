-- opnames_per_type: the quarters of a year add up to the year (aantal), per area and
-- opname_type, where no quarter and not the year is suppressed. A missing row counts as 0; an
-- incomplete year is compared with its quarters so far.
-- requires: opnames_per_type where period_type = 'kwartaal'
-- requires: opnames_per_type where period_type = 'jaar'
with years as (
    select period, area_code, opname_type, suppressed, aantal
    from opnames_per_type
    where period_type = 'jaar'
),

quarters as (
    select
        left(period, 4) as period,
        area_code,
        opname_type,
        sum(aantal) as quarter_sum,
        bool_or(suppressed) as quarter_suppressed
    from opnames_per_type
    where period_type = 'kwartaal'
    group by all
)

select
    period,
    area_code,
    opname_type,
    years.aantal as year_aantal,
    quarters.quarter_sum
from years
full join quarters using (period, area_code, opname_type)
where not coalesce(years.suppressed, false)
    and not coalesce(quarters.quarter_suppressed, false)
    and coalesce(years.aantal, 0) <> coalesce(quarters.quarter_sum, 0)
