-- One row per period × opname_type of one area and period type.
with periods_of_type as (
    select period, period_start from periods where period_type = $period_type
),

final as (
    select o.area_code, o.period, p.period_start, o.period_type, o.periode_volledig,
           o.opname_type, o.aantal, o.per_1000, o.suppressed, o.suppression_reason
    from opnames_per_type as o
    inner join periods_of_type as p using (period)
    where o.area_code = $area_code
      and o.period_type = $period_type
)

select * from final order by period_start, opname_type
