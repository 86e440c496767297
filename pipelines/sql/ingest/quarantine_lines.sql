-- quarantaine.csv: one line per quarantined row and column (bestand, rij, kolom, waarde,
-- melding); files in load order ($tables), each file's rows in row order.
select file, row, column_name, value, message
from quarantine
order by list_position($tables, table_name), file, row, column_name nulls first, reason
