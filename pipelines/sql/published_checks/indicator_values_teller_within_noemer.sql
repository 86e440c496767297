-- indicator_values: numbers are never negative, and a proportion's teller is at most its
-- noemer.
-- requires: indicator_values
-- requires: indicator_catalogue
select
    indicator_values.indicator_id,
    indicator_values.area_code,
    indicator_values.period,
    indicator_values.teller,
    indicator_values.noemer
from indicator_values
inner join indicator_catalogue using (indicator_id)
where indicator_values.teller < 0
    or indicator_values.noemer < 0
    or (indicator_catalogue.methode = 'proportion'
        and indicator_values.teller > indicator_values.noemer)
