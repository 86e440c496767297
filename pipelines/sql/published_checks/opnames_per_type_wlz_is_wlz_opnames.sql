-- opnames_per_type: the WLZ_VERBLIJF admissions equal the wlz_opnames teller of that area and
-- period, where neither row is suppressed (areas and periods present in both).
-- requires: opnames_per_type where opname_type = 'WLZ_VERBLIJF'
-- requires: indicator_values where indicator_id = 'wlz_opnames'
with breakdown as (
    select area_code, period, aantal, suppressed
    from opnames_per_type
    where opname_type = 'WLZ_VERBLIJF'
),

indicator as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'wlz_opnames'
)

select
    breakdown.area_code,
    breakdown.period,
    breakdown.aantal,
    indicator.teller as wlz_opnames
from breakdown
inner join indicator using (area_code, period)
where not breakdown.suppressed
    and not indicator.suppressed
    and breakdown.aantal is distinct from indicator.teller
