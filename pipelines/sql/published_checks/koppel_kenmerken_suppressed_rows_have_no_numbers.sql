-- koppel_kenmerken: a suppressed row has no numbers (actieve_koppels, aandeel_werkt_in_his,
-- aandeel_vast_overleg empty).
-- requires: koppel_kenmerken where suppressed
select
    area_code,
    jaar,
    actieve_koppels,
    aandeel_werkt_in_his,
    aandeel_vast_overleg
from koppel_kenmerken
where suppressed
    and (actieve_koppels is not null
        or aandeel_werkt_in_his is not null
        or aandeel_vast_overleg is not null
    )
