-- One row per kenmerk × year × waarde: SO contacts of clients 75+ of one area, with the
-- year as a period (`period`, `periode_volledig`: the last year may run only to the peildatum)
-- and the build's thresholds (a row says what it shows).
select k.area_code, k.jaar, cast(k.jaar as varchar) as period, p.periode_volledig, k.kenmerk,
       k.waarde, k.contacten, k.aandeel, k.suppressed, k.suppression_reason,
       b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
from consulten_per_kenmerk as k
left join periods as p on p.period = cast(k.jaar as varchar) and p.period_type = 'jaar'
cross join (select min_telling, min_noemer, min_koppels, peildatum from build_info) as b
where k.area_code = $area_code
order by k.kenmerk, k.jaar, k.waarde
