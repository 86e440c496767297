-- One row per delivered file: rows_read = rows_loaded + rows_quarantined.
create or replace table load_report (
    file varchar,
    table_name varchar,
    format varchar,
    rows_read bigint,
    rows_loaded bigint,
    rows_quarantined bigint,
    extra_columns varchar[]
)
