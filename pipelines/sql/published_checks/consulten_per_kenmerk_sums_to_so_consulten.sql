-- consulten_per_kenmerk: for every kenmerk, the contacts over its values add up to the
-- so_consulten teller of that area and year, where no value and not the indicator row is
-- suppressed (areas and years present in both).
-- requires: consulten_per_kenmerk
-- requires: indicator_values where indicator_id = 'so_consulten' and period_type = 'jaar'
with breakdown as (
    select
        area_code,
        cast(jaar as varchar) as period,
        kenmerk,
        sum(contacten) as contacten,
        bool_or(suppressed) as any_suppressed
    from consulten_per_kenmerk
    group by all
),

indicator as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'so_consulten' and period_type = 'jaar'
)

select
    breakdown.area_code,
    breakdown.period,
    breakdown.kenmerk,
    breakdown.contacten,
    indicator.teller as so_consulten
from breakdown
inner join indicator using (area_code, period)
where not breakdown.any_suppressed
    and not indicator.suppressed
    and breakdown.contacten is distinct from indicator.teller
