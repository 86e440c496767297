-- One row per year × fase: the practices of one area in each samenwerkingsfase on 1 July and
-- their listed 75-plussers (aandeel: their share of all listed 75-plussers, %), every stage
-- listed; with the year as a period (the last year may run only to the peildatum) and the
-- build's thresholds (a row says what it shows).
select s.area_code, s.jaar, cast(s.jaar as varchar) as period, p.periode_volledig,
       cast(s.fase as varchar) as fase, s.praktijken, s.ingeschreven_75plus,
       s.aandeel_75plus as aandeel, s.suppressed, s.suppression_reason,
       b.min_telling, b.min_noemer, b.min_koppels, b.peildatum
from samenwerkingsfase as s
left join periods as p on p.period = cast(s.jaar as varchar) and p.period_type = 'jaar'
cross join (select min_telling, min_noemer, min_koppels, peildatum from build_info) as b
where s.area_code = $area_code
order by s.jaar, s.fase
