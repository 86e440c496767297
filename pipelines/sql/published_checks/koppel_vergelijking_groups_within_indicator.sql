-- koppel_vergelijking: the admissions with and without a koppel add up to at most the
-- indicator's teller and noemer of that area and year (exactly, when every admission names
-- its practice; the rest, never published, has an unknown practice), and a group's teller is
-- at most its noemer. Only where both groups and the indicator row are published. The rate
-- wlz_opnames (its noemer is listed 75-plussers, not the indicator's inhabitants) has checks
-- of its own (koppel_vergelijking_rate_*).
-- requires: koppel_vergelijking where not suppressed
-- requires: indicator_values where period_type = 'jaar'
with groups as (
    select
        area_code,
        jaar,
        indicator_id,
        sum(teller) as teller,
        sum(noemer) as noemer,
        bool_or(suppressed) as any_suppressed,
        bool_or(teller > noemer) as teller_above_noemer
    from koppel_vergelijking
    where indicator_id <> 'wlz_opnames'
    group by all
),

indicator as (
    select area_code, cast(period as integer) as jaar, indicator_id, teller, noemer, suppressed
    from indicator_values
    where period_type = 'jaar'
)

select
    groups.area_code,
    groups.jaar,
    groups.indicator_id,
    groups.teller,
    indicator.teller as indicator_teller,
    groups.noemer,
    indicator.noemer as indicator_noemer
from groups
inner join indicator using (area_code, jaar, indicator_id)
where not groups.any_suppressed
    and not indicator.suppressed
    and (groups.teller > indicator.teller
        or groups.noemer > indicator.noemer
        or groups.teller_above_noemer)
