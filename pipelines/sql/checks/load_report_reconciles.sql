-- For every file: rows read = rows loaded + rows quarantined, and quarantine agrees.
with quarantined as (
    select file, count(distinct row) as rows
    from quarantine
    group by file
)

select load_report.*, coalesce(quarantined.rows, 0) as quarantined_rows
from load_report
left join quarantined using (file)
where load_report.rows_read <> load_report.rows_loaded + load_report.rows_quarantined
    or load_report.rows_quarantined <> coalesce(quarantined.rows, 0)
