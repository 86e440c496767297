-- The tables of the published database: a table a newer pipeline adds is read only when it is
-- there (an older build lacks it).
select table_name
from information_schema.tables
