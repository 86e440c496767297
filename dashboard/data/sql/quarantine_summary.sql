-- One row per file × column × reason: rows set aside during the build.
select file, column_name, reason, rows
from quarantine_summary
order by file, rows desc
