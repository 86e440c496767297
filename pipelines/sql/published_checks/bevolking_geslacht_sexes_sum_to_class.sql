-- bevolking_geslacht: men and women of an age class add up to bevolking's class of that area
-- and year, where no row is suppressed (areas, years and classes present in both).
-- requires: bevolking_geslacht
-- requires: bevolking
with sexes as (
    select
        area_code,
        jaar,
        leeftijdsklasse,
        sum(inwoners) as inwoners,
        bool_or(suppressed) as any_suppressed
    from bevolking_geslacht
    group by all
),

classes as (
    select area_code, jaar, leeftijdsklasse, inwoners, suppressed
    from bevolking
)

select
    classes.area_code,
    classes.jaar,
    classes.leeftijdsklasse,
    classes.inwoners,
    sexes.inwoners as sum_of_sexes
from classes
inner join sexes using (area_code, jaar, leeftijdsklasse)
where not classes.suppressed
    and not sexes.any_suppressed
    and classes.inwoners is distinct from sexes.inwoners
