-- opnames_per_type: the ELV_* admissions (ELV_LAAG, ELV_HOOG, ELV_PALLIATIEF) add up to the
-- elv_opnames teller of that area and period, where no ELV row and not the indicator row is
-- suppressed (areas and periods present in both).
-- requires: opnames_per_type where opname_type like 'ELV\_%' escape '\'
-- requires: indicator_values where indicator_id = 'elv_opnames'
with breakdown as (
    select area_code, period, sum(aantal) as aantal, bool_or(suppressed) as any_suppressed
    from opnames_per_type
    where opname_type like 'ELV\_%' escape '\'
    group by all
),

indicator as (
    select area_code, period, teller, suppressed
    from indicator_values
    where indicator_id = 'elv_opnames'
)

select
    breakdown.area_code,
    breakdown.period,
    breakdown.aantal,
    indicator.teller as elv_opnames
from breakdown
inner join indicator using (area_code, period)
where not breakdown.any_suppressed
    and not indicator.suppressed
    and breakdown.aantal is distinct from indicator.teller
