-- One row when the published database holds the table $table_name (a table a newer pipeline
-- adds, read only when it is there).
select table_name
from information_schema.tables
where table_name = $table_name
