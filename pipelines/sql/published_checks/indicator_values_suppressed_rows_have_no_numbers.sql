-- indicator_values: a suppressed row has no numbers (teller, noemer, value, lower_95,
-- upper_95, lower_998, upper_998 and the standardised std_* empty).
-- requires: indicator_values where suppressed
select
    indicator_id,
    period,
    area_code,
    teller,
    noemer,
    value,
    lower_95,
    upper_95,
    lower_998,
    upper_998,
    std_value,
    std_lower_95,
    std_upper_95,
    std_lower_998,
    std_upper_998
from indicator_values
where suppressed
    and (teller is not null
        or noemer is not null
        or value is not null
        or lower_95 is not null
        or upper_95 is not null
        or lower_998 is not null
        or upper_998 is not null
        or std_value is not null
        or std_lower_95 is not null
        or std_upper_95 is not null
        or std_lower_998 is not null
        or std_upper_998 is not null
    )
