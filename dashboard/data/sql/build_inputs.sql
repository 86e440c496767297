-- One row per delivered file: rows read, loaded and quarantined.
select file, table_name, format, rows_read, rows_loaded, rows_quarantined
from build_inputs
order by table_name
