-- Periods of a type follow each other without gaps or overlaps; only the last may be incomplete.
with ordered as (
    select
        *,
        lead(period_start) over (partition by period_type order by period_start) as next_start
    from periods
)

select *
from ordered
where (next_start is not null and next_start <> period_end + 1)
    or (next_start is not null and not periode_volledig)
