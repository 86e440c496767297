-- One row per wijk ever delivered: its name, gemeente and RESV in the latest boundary year
-- that holds it (so a wijk keeps one place in the hierarchy across all periods), with that
-- year's stedelijkheid and SES-WOA score (NULL where the delivery does not give them).
with gebieden as (
    select * from stg_gebieden
),

latest as (
    select
        *,
        row_number() over (partition by wijk_code order by jaar desc) as recency
    from gebieden
),

final as (
    select
        wijk_code,
        wijk_naam,
        gemeente_code,
        gemeente_naam,
        resv_code,
        resv_naam,
        stedelijkheid,
        ses_score,
        jaar as indeling_jaar
    from latest
    where recency = 1
)

select * from final
