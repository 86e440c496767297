-- Quarantined rows of one table per reason and column (a row breaking two rules counts under
-- both).
select reason, column_name, count(distinct row) as rows
from quarantine
where table_name = $table_name
group by reason, column_name
order by reason, column_name
