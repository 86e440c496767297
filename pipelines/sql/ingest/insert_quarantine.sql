-- {checked} and {broken} are the validation's own temporary table names.
insert into quarantine
with per_row as (
    select _row, unnest(_fouten) as entry
    from {checked}
    where _fouten is not null
),

final as (
    select _row, entry.column_name, entry.value, entry.reason, entry.message from per_row
    union all
    select _row, column_name, value, reason, message from {broken}
)

select $file, $table_name, _row, column_name, value, reason, message
from final
order by _row, reason
