-- One row per published period (years and quarters), oldest first.
select period, period_type, jaar, period_start, period_end, periode_volledig
from periods
order by period_start, period_type
