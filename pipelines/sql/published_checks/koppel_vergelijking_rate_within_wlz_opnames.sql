-- koppel_vergelijking's rate (wlz_opnames, groups by the practice's status on 1 July): the
-- admissions with and without a koppel add up to at most wlz_opnames' teller of that area and
-- year (exactly, when every admission names a listed practice; the rest, never published, is
-- 'onbekend'). Only where both groups and the indicator row are published.
-- requires: koppel_vergelijking where indicator_id = 'wlz_opnames' and not suppressed
-- requires: indicator_values where indicator_id = 'wlz_opnames' and period_type = 'jaar'
with groups as (
    select
        area_code,
        cast(jaar as varchar) as period,
        sum(teller) as teller,
        bool_or(suppressed) as any_suppressed
    from koppel_vergelijking
    where indicator_id = 'wlz_opnames'
    group by all
),

indicator as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'wlz_opnames' and period_type = 'jaar'
)

select
    groups.area_code,
    groups.period,
    groups.teller,
    indicator.teller as indicator_teller
from groups
inner join indicator using (area_code, period)
where not groups.any_suppressed
    and not indicator.suppressed
    and groups.teller > indicator.teller
