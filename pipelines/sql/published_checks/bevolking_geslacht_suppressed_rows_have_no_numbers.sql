-- bevolking_geslacht: a suppressed row has no numbers (inwoners empty).
-- requires: bevolking_geslacht where suppressed
select
    area_code,
    jaar,
    leeftijdsklasse,
    geslacht,
    inwoners
from bevolking_geslacht
where suppressed
    and inwoners is not null
