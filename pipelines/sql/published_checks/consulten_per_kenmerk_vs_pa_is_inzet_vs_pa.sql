-- consulten_per_kenmerk: the contacts by a VS plus those by a PA (kenmerk
-- uitvoerder_discipline) equal the inzet_vs_pa teller of that area and year, where neither
-- breakdown row nor the indicator row is suppressed (areas and years present in both). A missing
-- VS or PA row counts as 0.
-- requires: consulten_per_kenmerk where kenmerk = 'uitvoerder_discipline'
-- requires: indicator_values where indicator_id = 'inzet_vs_pa' and period_type = 'jaar'
with breakdown as (
    select
        area_code,
        cast(jaar as varchar) as period,
        coalesce(sum(contacten) filter (where waarde in ('VS', 'PA')), 0) as vs_pa,
        coalesce(bool_or(suppressed) filter (where waarde in ('VS', 'PA')), false)
            as vs_pa_suppressed
    from consulten_per_kenmerk
    where kenmerk = 'uitvoerder_discipline'
    group by all
),

indicator as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'inzet_vs_pa' and period_type = 'jaar'
)

select
    breakdown.area_code,
    breakdown.period,
    breakdown.vs_pa,
    indicator.teller as inzet_vs_pa
from breakdown
inner join indicator using (area_code, period)
where not breakdown.vs_pa_suppressed
    and not indicator.suppressed
    and breakdown.vs_pa is distinct from indicator.teller
