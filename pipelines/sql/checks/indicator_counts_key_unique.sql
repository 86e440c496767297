-- indicator_counts: one row per indicator × wijk × period; the key is unique and not null.
select indicator_id, wijk_code, period, count(*) as rows
from indicator_counts
group by all
having count(*) > 1 or indicator_id is null or wijk_code is null or period is null
