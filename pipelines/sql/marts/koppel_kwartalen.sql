-- One row per koppel × quarter since its start (0 = the quarter of startdatum) for every
-- quarter the koppel was active that ended on or before the peildatum, zeros included: the
-- koppel's contacts with clients 75+ and the distinct clients they concern. The koppel counts
-- in the wijk (gemeente, RESV) of its practice in the latest year the practice was delivered.
with koppels as (
    select * from stg_koppels
),

koppel_consults as (
    select * from int_koppel_consults where is_75plus
),

peildatum as (
    select peildatum from build_parameters
),

practice_wijk as (
    select praktijk_id, arg_max(wijk_code, jaar) as wijk_code
    from stg_praktijken
    group by praktijk_id
),

hierarchy as (
    select wijk_code, gemeente_code, resv_code from int_wijk_hierarchy
),

koppel_quarters as (
    select
        koppels.koppel_id,
        koppels.praktijk_id,
        koppels.startdatum,
        cast(quarter_start as date) as quarter_start
    from koppels, peildatum,
        unnest(
            generate_series(
                cast(date_trunc('quarter', koppels.startdatum) as timestamp),
                cast(least(coalesce(koppels.einddatum, peildatum.peildatum), peildatum.peildatum) as timestamp),
                interval 3 month
            )
        ) as series (quarter_start)
    where cast(quarter_start + interval 3 month as date) - 1 <= peildatum.peildatum
),

activity as (
    select
        koppel_id,
        cast(date_trunc('quarter', datum) as date) as quarter_start,
        count(*) as contacten,
        count(distinct client_id) as clienten
    from koppel_consults
    group by all
),

final as (
    select
        koppel_quarters.koppel_id,
        koppel_quarters.quarter_start,
        practice_wijk.wijk_code,
        hierarchy.gemeente_code,
        hierarchy.resv_code,
        cast(
            (year(koppel_quarters.quarter_start) - year(koppel_quarters.startdatum)) * 4
            + quarter(koppel_quarters.quarter_start) - quarter(koppel_quarters.startdatum)
            as integer
        ) as kwartaal_sinds_start,
        coalesce(activity.contacten, 0) as contacten,
        coalesce(activity.clienten, 0) as clienten
    from koppel_quarters
    left join activity using (koppel_id, quarter_start)
    left join practice_wijk using (praktijk_id)
    left join hierarchy using (wijk_code)
)

select * from final
