-- indicator_values: the noemer of crisis_zonder_so (every crisis Wlz admission, 75+) equals the
-- teller of crisisopnames of the same area and period, where neither row is suppressed.
-- (teller ≤ noemer is indicator_values_teller_within_noemer.)
-- requires: indicator_values where indicator_id = 'crisis_zonder_so'
-- requires: indicator_values where indicator_id = 'crisisopnames'
with leak as (
    select area_code, period, noemer, suppressed
    from indicator_values
    where indicator_id = 'crisis_zonder_so'
),

crisis as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'crisisopnames'
)

select
    leak.area_code,
    leak.period,
    leak.noemer as crisis_zonder_so_noemer,
    crisis.teller as crisisopnames_teller
from leak
inner join crisis using (area_code, period)
where not leak.suppressed
    and not crisis.suppressed
    and leak.noemer is distinct from crisis.teller
