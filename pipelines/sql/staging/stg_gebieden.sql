-- One row per jaar × wijk_code: the wijk with its gemeente and RESV in that boundary year, and
-- its stedelijkheid and SES-WOA score where the delivery gives them (NULL otherwise).
with source as (
    select * from valid_gebieden
),

final as (
    select
        jaar,
        wijk_code,
        wijk_naam,
        gemeente_code,
        gemeente_naam,
        resv_code,
        resv_naam,
        stedelijkheid,
        ses_score
    from source
)

select * from final
