-- One row per wijk: its stedelijkheid (CBS 1–5) and SES-WOA score in the latest boundary year
-- that holds the wijk (int_wijk_hierarchy; NULL where the delivery does not give them). Input
-- of the similar areas (pipelines/similar_areas.py); never published itself.
with hierarchy as (
    select * from int_wijk_hierarchy
),

final as (
    select
        wijk_code,
        stedelijkheid,
        ses_score
    from hierarchy
)

select * from final
