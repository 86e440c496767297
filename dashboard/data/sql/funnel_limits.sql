-- One row per point of the noemer axis: the funnel limits (95 % and 99,8 %) around one
-- benchmark area's value for one indicator and period, in the indicator's unit, as the pipeline
-- published them (table funnel_limits): around the crude value, or with $standardised around the
-- age-sex standardised one at derived noemers.
select noemer, lower_95, upper_95, lower_998, upper_998, benchmark_value
from funnel_limits
where indicator_id = $indicator_id
  and period = $period
  and benchmark_code = $benchmark_code
  and standardised = $standardised
order by noemer
