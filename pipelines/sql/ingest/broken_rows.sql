-- Rules broken outside the per-row checks (foreign keys, duplicate keys): one row per rule.
select
    cast(null as integer) as _row,
    cast(null as varchar) as column_name,
    cast(null as varchar) as value,
    cast(null as varchar) as reason,
    cast(null as varchar) as message
where false
