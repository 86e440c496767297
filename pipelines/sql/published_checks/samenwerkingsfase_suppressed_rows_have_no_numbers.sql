-- samenwerkingsfase: a suppressed row has no numbers (praktijken, ingeschreven_75plus,
-- aandeel_75plus empty).
-- requires: samenwerkingsfase where suppressed
select area_code, jaar, fase, praktijken, ingeschreven_75plus, aandeel_75plus
from samenwerkingsfase
where suppressed
    and (praktijken is not null
        or ingeschreven_75plus is not null
        or aandeel_75plus is not null
    )
