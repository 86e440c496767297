-- koppel_vergelijking's rate (wlz_opnames): the noemer of 'met_koppel' is koppeldekking's
-- teller (the listed 75-plussers of practices with a koppel on 1 July) and the two groups'
-- noemers add up to koppeldekking's noemer, per area and jaar (the same peildag rule, written
-- once in int_samenwerkingsfase and indicator_counts' coverage). Only where both groups and
-- the indicator row are published.
-- requires: koppel_vergelijking where indicator_id = 'wlz_opnames' and not suppressed
-- requires: indicator_values where indicator_id = 'koppeldekking' and period_type = 'jaar'
with groups as (
    select
        area_code,
        cast(jaar as varchar) as period,
        sum(noemer) filter (where groep = 'met_koppel') as met_koppel,
        sum(noemer) as noemer,
        bool_or(suppressed) as any_suppressed
    from koppel_vergelijking
    where indicator_id = 'wlz_opnames'
    group by all
),

indicator as (
    select area_code, period, teller, noemer, suppressed
    from indicator_values
    where indicator_id = 'koppeldekking' and period_type = 'jaar'
)

select
    groups.area_code,
    groups.period,
    groups.met_koppel,
    indicator.teller as koppeldekking_teller,
    groups.noemer,
    indicator.noemer as koppeldekking_noemer
from groups
inner join indicator using (area_code, period)
where not groups.any_suppressed
    and not indicator.suppressed
    and (groups.met_koppel is distinct from indicator.teller
        or groups.noemer is distinct from indicator.noemer)
