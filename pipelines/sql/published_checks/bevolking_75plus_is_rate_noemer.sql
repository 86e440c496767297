-- bevolking: the inhabitants of the 75+ classes add up to the noemer of every rate (and of
-- the per-1.000 volume so_directe_tijd) of that area in every period of that year, where no
-- class and not the indicator row is suppressed (areas and years present in both).
-- requires: bevolking where leeftijdsklasse in ('75-79', '80-84', '85-89', '90+')
-- requires: indicator_values
-- requires: indicator_catalogue where methode in ('rate', 'none')
-- requires: periods
with population as (
    select area_code, jaar, sum(inwoners) as inwoners_75plus, bool_or(suppressed) as any_suppressed
    from bevolking
    where leeftijdsklasse in ('75-79', '80-84', '85-89', '90+')
    group by all
),

rates as (
    select
        indicator_values.indicator_id,
        indicator_values.area_code,
        indicator_values.period,
        periods.jaar,
        indicator_values.noemer,
        indicator_values.suppressed
    from indicator_values
    inner join indicator_catalogue using (indicator_id)
    inner join periods using (period)
    where indicator_catalogue.methode in ('rate', 'none')
)

select
    rates.indicator_id,
    rates.area_code,
    rates.period,
    rates.noemer,
    population.inwoners_75plus
from rates
inner join population using (area_code, jaar)
where not population.any_suppressed
    and not rates.suppressed
    and rates.noemer is distinct from population.inwoners_75plus
