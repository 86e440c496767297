-- One row per wijk: its stedelijkheid (CBS 1–5) and SES-WOA score in the latest boundary year
-- that holds the wijk (NULL where the delivery does not give them). Input of the similar
-- areas (pipelines/similar_areas.py); never published itself.
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
        stedelijkheid,
        ses_score
    from latest
    where recency = 1
)

select * from final
