-- funnel_limits: every standardised funnel lies around its benchmark area's published
-- std_value, in a year (standardised rates are published for years only).
-- requires: funnel_limits where standardised
-- requires: indicator_values
select distinct
    funnel_limits.indicator_id,
    funnel_limits.period,
    funnel_limits.benchmark_code,
    funnel_limits.benchmark_value,
    benchmark.std_value
from funnel_limits
left join indicator_values as benchmark
    on benchmark.indicator_id = funnel_limits.indicator_id
    and benchmark.period = funnel_limits.period
    and benchmark.area_code = funnel_limits.benchmark_code
where funnel_limits.standardised
    and (benchmark.std_value is null
        or benchmark.std_value <> funnel_limits.benchmark_value
        or benchmark.period_type <> 'jaar')
