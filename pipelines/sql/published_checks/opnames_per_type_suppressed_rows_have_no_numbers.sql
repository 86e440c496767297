-- opnames_per_type: a suppressed row has no numbers (aantal, per_1000 empty).
-- requires: opnames_per_type where suppressed
select
    area_code,
    period,
    opname_type,
    aantal,
    per_1000
from opnames_per_type
where suppressed
    and (aantal is not null
        or per_1000 is not null
    )
