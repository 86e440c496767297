-- bevolking: a suppressed row has no numbers (inwoners empty).
-- requires: bevolking where suppressed
select
    area_code,
    jaar,
    leeftijdsklasse,
    inwoners
from bevolking
where suppressed
    and (inwoners is not null
    )
