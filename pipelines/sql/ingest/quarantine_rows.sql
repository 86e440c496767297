-- The quarantine's lines with their reason code, in the order of quarantaine.csv (files in load
-- order $tables, each file's rows in row order).
select file, row, column_name, value, reason, message
from quarantine
order by list_position($tables, table_name), file, row, column_name nulls first, reason
