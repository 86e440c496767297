-- consulten_per_kenmerk: a suppressed row has no numbers (contacten, aandeel empty).
-- requires: consulten_per_kenmerk where suppressed
select
    area_code,
    jaar,
    kenmerk,
    waarde,
    contacten,
    aandeel
from consulten_per_kenmerk
where suppressed
    and (contacten is not null
        or aandeel is not null
    )
