-- One row per wijk × jaar of the periods: inhabitants 75+ on 1 January. CBS publishes the
-- 1 January figures months later, so a year without a population delivery uses the latest
-- earlier delivered year (or the earliest delivered year when there is none before it);
-- bevolking_jaar says which year was used. A wijk without inhabitants 75+ gets 0.
with bevolking as (
    select * from stg_bevolking
),

wijk_list as (
    select wijk_code from int_wijk_hierarchy
),

period_years as (
    select distinct jaar from int_periods
),

delivered_years as (
    select distinct jaar from bevolking
),

year_used as (
    select
        period_years.jaar,
        coalesce(
            max(delivered_years.jaar) filter (where delivered_years.jaar <= period_years.jaar),
            min(delivered_years.jaar)
        ) as bevolking_jaar
    from period_years
    cross join delivered_years
    group by period_years.jaar
),

population_75plus as (
    select
        jaar,
        wijk_code,
        sum(inwoners) as inwoners_75plus
    from bevolking
    where is_75plus
    group by jaar, wijk_code
),

final as (
    select
        wijk_list.wijk_code,
        period_years.jaar,
        year_used.bevolking_jaar,
        coalesce(population_75plus.inwoners_75plus, 0) as inwoners_75plus
    from wijk_list
    cross join period_years
    left join year_used on year_used.jaar = period_years.jaar
    left join population_75plus
        on population_75plus.wijk_code = wijk_list.wijk_code
        and population_75plus.jaar = year_used.bevolking_jaar
)

select * from final
