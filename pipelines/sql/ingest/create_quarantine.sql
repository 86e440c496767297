-- One row per rule a delivered row breaks; rows quarantined = distinct (file, row).
create or replace table quarantine (
    file varchar,
    table_name varchar,
    row integer,
    column_name varchar,
    value varchar,
    reason varchar,
    message varchar
)
