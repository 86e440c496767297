-- funnel_limits: at every point of a standardised funnel the limits are ordered around the
-- benchmark (0 ≤ 99,8 % lower ≤ 95 % lower ≤ benchmark ≤ 95 % upper ≤ 99,8 % upper) at a
-- positive derived noemer.
-- requires: funnel_limits where standardised
select indicator_id, period, benchmark_code, noemer, lower_998, lower_95, upper_95, upper_998
from funnel_limits
where standardised
    and not coalesce(
        noemer > 0
        and 0 <= lower_998 and lower_998 <= lower_95 and lower_95 <= benchmark_value
        and benchmark_value <= upper_95 and upper_95 <= upper_998,
        false
    )
