-- Summable indicators: the quarters of a year add up to the year (disclosure counts).
with quarters as (
    select indicator_id, wijk_code, left(period, 4) as period, sum(disclosure_count) as quarter_sum
    from indicator_counts
    where period_type = 'kwartaal'
    group by all
)

select quarters.*, indicator_counts.disclosure_count as year_count
from quarters
inner join indicator_counts using (indicator_id, wijk_code, period)
where quarters.quarter_sum <> indicator_counts.disclosure_count
