-- One row per published period, newest first.
select period, period_type, periode_volledig
from periods
order by period_type, period desc
