-- One row per jaar × indicator × groep of one area: the admissions of clients whose practice
-- had an active koppel on the admission day (met_koppel) and of the others (zonder_koppel),
-- with share, limits, the difference and its test, the indicator's title, the indicator's own
-- noemer of that year (to tell "no practice delivered" from "no admissions"), and the build's
-- thresholds and peildatum.
select v.area_level, v.area_code, a.area_name, v.jaar, cast(v.jaar as varchar) as period,
       v.periode_volledig, v.indicator_id, c.titel, c.polariteit, v.groep, v.teller, v.noemer,
       v.value, v.lower_95, v.upper_95, v.lower_998, v.upper_998, v.difference,
       v.difference_lower_95, v.difference_upper_95, v.p_value, v.suppressed,
       v.suppression_reason, i.noemer as indicator_noemer,
       b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
from koppel_vergelijking as v
join areas as a on a.area_code = v.area_code
join indicator_catalogue as c on c.indicator_id = v.indicator_id
left join indicator_values as i
    on i.indicator_id = v.indicator_id and i.area_code = v.area_code
    and i.period = cast(v.jaar as varchar)
cross join (select min_telling, min_noemer, min_koppels, peildatum from build_info) as b
where v.area_code = $area_code
order by c.volgorde, v.jaar, v.groep
