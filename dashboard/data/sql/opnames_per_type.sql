-- One row per period × opname_type of one area and period type, with the build's thresholds.
with periods_of_type as (
    select period, period_start from periods where period_type = $period_type
),

build as (
    select min_telling, min_noemer, min_koppels, peildatum from build_info
),

final as (
    select o.area_code, o.period, p.period_start, o.period_type, o.periode_volledig,
           o.opname_type, o.aantal, o.per_1000, o.suppressed, o.suppression_reason,
           b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
    from opnames_per_type as o
    inner join periods_of_type as p using (period)
    cross join build as b
    where o.area_code = $area_code
      and o.period_type = $period_type
)

select * from final order by period_start, opname_type
