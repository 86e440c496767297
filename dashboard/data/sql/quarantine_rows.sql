-- One row per quarantined row and column of a delivered file, in the order of quarantaine.csv
-- (the pipeline writes them in that order), values that could point at a person left out by
-- the pipeline. Read only when the table is there (has_table).
select file, row, column_name, value, message
from quarantine_rows
order by rowid
