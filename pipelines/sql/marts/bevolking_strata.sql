-- One row per wijk × jaar of the periods × 75+ leeftijdsklasse × geslacht: inhabitants on
-- 1 January of the population year the rates use (int_bevolking_75plus.bevolking_jaar), zeros
-- included: the stratum populations of the directly standardised rates. Never published.
with population_years as (
    select wijk_code, jaar, bevolking_jaar from int_bevolking_75plus
),

strata as (
    select leeftijdsklasse, geslacht
    from stg_leeftijdsklassen
    cross join (values ('M'), ('V')) as sexes (geslacht)
    where is_75plus
),

bevolking as (
    select * from stg_bevolking
),

final as (
    select
        population_years.wijk_code,
        population_years.jaar,
        strata.leeftijdsklasse,
        strata.geslacht,
        cast(coalesce(sum(bevolking.inwoners), 0) as double) as inwoners
    from population_years
    cross join strata
    left join bevolking
        on bevolking.wijk_code = population_years.wijk_code
        and bevolking.jaar = population_years.bevolking_jaar
        and bevolking.leeftijdsklasse = strata.leeftijdsklasse
        and bevolking.geslacht = strata.geslacht
    group by all
)

select * from final
