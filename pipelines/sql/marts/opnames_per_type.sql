-- One row per wijk × period × opname_type, zeros included: admissions of clients 75+ and how
-- many of them were crisis admissions.
with opnames as (
    select * from stg_opnames
),

opname_types as (
    select opname_type from stg_opname_types
),

period_list as (
    select period, period_type, period_start, data_end from int_periods
),

wijk_list as (
    select wijk_code from int_wijk_hierarchy
),

counted as (
    select
        opnames.wijk_code,
        period_list.period,
        opnames.opname_type,
        count(*) as aantal,
        count(*) filter (where opnames.crisis) as crisis
    from opnames
    inner join period_list
        on opnames.opnamedatum between period_list.period_start and period_list.data_end
    where opnames.is_75plus
    group by all
),

final as (
    select
        wijk_list.wijk_code,
        period_list.period,
        period_list.period_type,
        opname_types.opname_type,
        coalesce(counted.aantal, 0) as aantal,
        coalesce(counted.crisis, 0) as crisis
    from wijk_list
    cross join period_list
    cross join opname_types
    left join counted
        on counted.wijk_code = wijk_list.wijk_code
        and counted.period = period_list.period
        and counted.opname_type = opname_types.opname_type
)

select * from final
