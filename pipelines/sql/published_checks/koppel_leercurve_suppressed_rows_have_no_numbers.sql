-- koppel_leercurve: a suppressed row has no numbers (n_koppels, contacten_per_koppel,
-- clienten_per_koppel empty).
-- requires: koppel_leercurve where suppressed
select
    area_code,
    kwartaal_sinds_start,
    n_koppels,
    contacten_per_koppel,
    clienten_per_koppel
from koppel_leercurve
where suppressed
    and (n_koppels is not null
        or contacten_per_koppel is not null
        or clienten_per_koppel is not null
    )
