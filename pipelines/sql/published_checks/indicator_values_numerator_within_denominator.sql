-- indicator_values: numbers are never negative, and a proportion's numerator is at most its
-- denominator.
-- requires: indicator_values
-- requires: indicator_catalogue
select
    indicator_values.indicator_id,
    indicator_values.area_code,
    indicator_values.period,
    indicator_values.numerator,
    indicator_values.denominator
from indicator_values
inner join indicator_catalogue using (indicator_id)
where indicator_values.numerator < 0
    or indicator_values.denominator < 0
    or (indicator_catalogue.methode = 'proportion'
        and indicator_values.numerator > indicator_values.denominator)
